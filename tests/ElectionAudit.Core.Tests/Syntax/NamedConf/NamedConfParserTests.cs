using ElectionAudit.Engine;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.NamedConf;

public class NamedConfParserTests
{
    private static NamedConfSyntaxTree Parse(string text) => NamedConfParser.Parse(new SourceText("named.conf", text));

    [Fact]
    public void Zone_statement_has_typed_accessors_with_spans()
    {
        var text = "// main\noptions { directory \"/var/cache/bind\"; };\nzone \"example.org\" IN {\n  type master; # old name\n  file \"db.example.org\";\n  dnssec-policy default; inline-signing yes;\n  allow-transfer { key \"xfr\"; !10.0.0.1; { 192.0.2.0/24; }; none; };\n};\n";
        var tree = Parse(text);
        tree.Diagnostics.ShouldBeEmpty();
        var zone = tree.Zones.ShouldHaveSingleItem();
        zone.Name!.Text.ShouldBe("example.org");
        text[zone.Name.Span.Start..zone.Name.Span.End].ShouldBe("\"example.org\"");
        zone.Class!.Text.ShouldBe("IN");
        zone.IsPrimary.ShouldBeTrue();
        zone.File!.Text.ShouldBe("db.example.org");
        zone.DnssecPolicy!.Text.ShouldBe("default");
        NamedConfZone.IsTrue(zone.InlineSigning).ShouldBeTrue();
        var transfer = zone.AllowTransfer!;
        transfer.Elements.Select(e => (e.Kind, e.Negated, e.Value?.Text)).ShouldBe([
            (AddressMatchKind.Key, false, "xfr"),
            (AddressMatchKind.Address, true, "10.0.0.1"),
            (AddressMatchKind.Nested, false, null),
            (AddressMatchKind.None, false, null),
        ]);
        transfer.Elements[2].Nested!.Elements.ShouldHaveSingleItem().Value!.Text.ShouldBe("192.0.2.0/24");
        transfer.UsesKey.ShouldBeTrue();
        tree.Comments.Select(c => c.Text).ShouldBe(["// main", "# old name"]);
    }

    [Fact]
    public void Missing_semicolon_and_unclosed_block_are_reported_with_recovery()
    {
        var text = "options {\n  recursion no;\n  directory \"/x\"\n};\nzone \"a\" { type primary; }\nkey \"k\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\nacl x { any; \n";
        var tree = Parse(text);
        tree.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Message)).ShouldBe([
            (3, 13, "missing ';' after '\"/x\"'"),
            (5, 26, "missing ';' after '}'"),
            (7, 7, "'{' is never closed"),
        ]);
        tree.Root.Statements.Select(s => s.Keyword).ShouldBe(["options", "zone", "key", "acl"]);
    }

    [Fact]
    public void Unterminated_comment_and_string_are_reported()
    {
        Parse("zone \"a { };").Diagnostics.ShouldContain(d => d.Message == "quoted string is never closed" && d.Location.StartColumn == 6);
        Parse("options { }; /* open").Diagnostics.ShouldContain(d => d.Message == "'/*' comment is never closed" && d.Location.StartColumn == 14);
    }

    [Fact]
    public void Includes_are_followed_and_cycles_reported()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("etc/bind/named.conf", "include \"named.conf.local\";\ninclude \"/etc/bind/rndc.key\";\n")
            .Add("etc/bind/named.conf.local", "zone \"x\" { type primary; file \"db.x\"; };\ninclude \"named.conf\";\n");
        var trees = new NamedConfLoader(fileSystem).Load("etc/bind/named.conf", out var diagnostics);
        trees.Select(t => t.Source.Path).ShouldBe(["etc/bind/named.conf", "etc/bind/named.conf.local"]);
        trees[1].Zones.ShouldHaveSingleItem().File!.Text.ShouldBe("db.x");
        diagnostics.Select(d => (d.RuleId, d.Location.Path, d.Location.StartLine)).ShouldBe([
            ("EA0003", "etc/bind/named.conf.local", 2),
            ("EA0003", "etc/bind/named.conf", 2),
        ]);
    }

    [Theory]
    [InlineData("etc/bind/named.conf.options", "options { };", true)]
    [InlineData("conf/dns.conf", "zone \"example.org\" {\n type primary;\n};", true)]
    [InlineData("nginx.conf", "server { listen 80; }", false)]
    [InlineData("conf/dns.conf", "options {\r\n  directory \"/var\";\r\n};", true)]
    [InlineData("conf/dns.conf", "options {\r\n  listen-on { any; };\r\n};", false)]
    public void Named_conf_files_are_recognised(string path, string text, bool expected)
    {
        NamedConfFormat.LooksLikeNamedConf(path, text).ShouldBe(expected);
        NamedConfFormat.LooksLikeNamedConf(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBe(expected);
    }
}
