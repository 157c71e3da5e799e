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
}
