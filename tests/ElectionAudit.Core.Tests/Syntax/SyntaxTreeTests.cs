using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax;

public class SyntaxTreeTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    [Fact]
    public void A_tree_says_which_classes_of_node_it_may_hold_so_the_engine_can_pass_it_over()
    {
        var plain = ZoneParser.Parse(new SourceText("db.plain", "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"), Example);
        var generated = ZoneParser.Parse(new SourceText("db.generated", "$TTL 60\n$GENERATE 1-2 host$ A 192.0.2.$\n"), Example);

        plain.MayContain(typeof(ResourceRecordSyntax)).ShouldBeTrue();
        plain.MayContain(typeof(TtlDirectiveSyntax)).ShouldBeTrue();
        plain.MayContain(typeof(ZoneFileSyntax)).ShouldBeTrue();
        plain.MayContain(typeof(ZoneEntrySyntax)).ShouldBeTrue();
        plain.MayContain(typeof(SyntaxNode)).ShouldBeTrue();
        plain.MayContain(typeof(GenerateDirectiveSyntax)).ShouldBeFalse();
        plain.MayContain(typeof(OriginDirectiveSyntax)).ShouldBeFalse();
        plain.MayContain(typeof(NginxDirectiveSyntax)).ShouldBeFalse();

        generated.MayContain(typeof(GenerateDirectiveSyntax)).ShouldBeTrue();
        // The records a $GENERATE expands to are nodes of the tree too.
        generated.MayContain(typeof(ResourceRecordSyntax)).ShouldBeTrue();
    }

    [Fact]
    public void Trees_holding_the_same_classes_of_node_share_one_set_of_them()
    {
        var first = ZoneParser.Parse(new SourceText("db.first", "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nwww A 192.0.2.1\n"), Example);
        var second = ZoneParser.Parse(new SourceText("db.second", "www A 192.0.2.1\n$TTL 60\n"), Example);
        var other = ZoneParser.Parse(new SourceText("db.other", "www A 192.0.2.1\n"), Example);

        var set = NodeTypeSets.Share([typeof(ZoneFileSyntax), typeof(TtlDirectiveSyntax), typeof(ResourceRecordSyntax)]);
        NodeTypeSets.Share([typeof(ResourceRecordSyntax), typeof(ZoneFileSyntax), typeof(TtlDirectiveSyntax)]).ShouldBeSameAs(set);
        NodeTypeSets.Share([typeof(ZoneFileSyntax), typeof(ResourceRecordSyntax)]).ShouldNotBeSameAs(set);
        first.MayContain(typeof(TtlDirectiveSyntax)).ShouldBeTrue();
        second.MayContain(typeof(TtlDirectiveSyntax)).ShouldBeTrue();
        other.MayContain(typeof(TtlDirectiveSyntax)).ShouldBeFalse();
    }

    [Fact]
    public void A_zone_tree_walks_its_entries_and_generated_records_by_index_in_the_order_of_ChildNodes()
    {
        var tree = ZoneParser.Parse(new SourceText("db.walk", "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$GENERATE 1-2 host$ A 192.0.2.$\nwww A 192.0.2.9\n"), Example);

        var walked = Walked(tree.Root);
        walked.ShouldBe(Recursed(tree.Root));
        walked.Select(w => $"{w.Node.GetType().Name}@{w.Depth}").ShouldBe([
            "ZoneFileSyntax@0", "TtlDirectiveSyntax@1", "ResourceRecordSyntax@1", "GenerateDirectiveSyntax@1",
            "ResourceRecordSyntax@2", "ResourceRecordSyntax@2", "ResourceRecordSyntax@1",
        ]);
        walked.ShouldAllBe(w => ReferenceEquals(w.Node.Tree, tree));
    }

    [Theory]
    [InlineData("$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n", 1)]
    [InlineData("$TTL 60\n$GENERATE 1-2 host$ A 192.0.2.$\n", 2)]
    [InlineData("", 0)]
    public void A_zone_tree_knows_the_depth_of_its_deepest_node(string text, int height)
    {
        var tree = ZoneParser.Parse(new SourceText("db.height", text), Example);
        tree.Height.ShouldBe(height);
        tree.Height.ShouldBe(Recursed(tree.Root).Max(w => w.Depth));
    }

    [Theory]
    [InlineData("user www;\n", 2)] // root, directive, argument
    [InlineData("http {\n  server {\n    location / { }\n  }\n}\n", 6)] // the location's block
    [InlineData("http {\n  server {\n    location / {\n      return 403;\n    }\n  }\n}\n", 8)] // return's argument
    public void An_nginx_tree_knows_the_depth_of_its_deepest_node(string text, int height)
    {
        var tree = NginxSyntaxTree.Parse(new SourceText("nginx.conf", text));
        tree.Height.ShouldBe(height);
        tree.Height.ShouldBe(Recursed(tree.Root).Max(w => w.Depth));
    }

    [Fact]
    public void Every_tree_of_the_samples_walks_by_index_in_the_order_of_ChildNodes_and_knows_its_height()
    {
        // The samples hold every format the tool reads (nginx, Apache, zone, named.conf, YAML, TOML, Bacula): each node
        // class gives its children to the scan's walks by index, and must give the ones ChildNodes gives.
        var samples = Path.Combine(ElectionAudit.Core.Tests.Descriptor.DescriptorLoaderTests.FindRepositoryRoot(), "samples");
        var files = ElectionAudit.Engine.FileDiscovery.Discover(samples, [], ElectionAudit.Configuration.AuditConfiguration.Default);
        var trees = new ElectionAudit.Engine.AuditEngine([]).Analyze(new ElectionAudit.Engine.DiskFileSystem(samples), files).Model.SyntaxTrees;

        trees.Select(t => t.Format).Distinct().Count().ShouldBeGreaterThanOrEqualTo(7);
        foreach (var tree in trees)
        {
            var recursed = Recursed(tree.Root);
            Walked(tree.Root).ShouldBe(recursed, tree.Source.Path);
            tree.Height.ShouldBe(recursed.Max(w => w.Depth), tree.Source.Path);
        }
    }

    private static List<(SyntaxNode Node, int Depth)> Walked(SyntaxNode root)
    {
        var walked = new List<(SyntaxNode Node, int Depth)>();
        SyntaxNode.Walk(root, (node, depth) =>
        {
            walked.Add((node, depth));
            return true;
        });
        return walked;
    }

    private static List<(SyntaxNode Node, int Depth)> Recursed(SyntaxNode root)
    {
        var nodes = new List<(SyntaxNode Node, int Depth)>();
        void Recurse(SyntaxNode node, int depth)
        {
            nodes.Add((node, depth));
            foreach (var child in node.ChildNodes())
            {
                Recurse(child, depth + 1);
            }
        }

        Recurse(root, 0);
        return nodes;
    }
}
