using ElectionAudit.Core.Tests.Support;
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
            .Add("etc/bind/named.conf", "include \"named.conf.local\";\ninclude \"/etc/bind/tsig.key\";\n")
            .Add("etc/bind/named.conf.local", "zone \"x\" { type primary; file \"db.x\"; };\ninclude \"named.conf\";\n");
        var trees = new NamedConfLoader(fileSystem).Load("etc/bind/named.conf", out var diagnostics);
        trees.Select(t => t.Source.Path).ShouldBe(["etc/bind/named.conf", "etc/bind/named.conf.local"]);
        trees[1].Zones.ShouldHaveSingleItem().File!.Text.ShouldBe("db.x");
        diagnostics.Select(d => (d.RuleId, d.Location.Path, d.Location.StartLine)).ShouldBe([
            ("EA0003", "etc/bind/named.conf.local", 2),
            ("EA0003", "etc/bind/named.conf", 2),
        ]);
    }

    [Fact]
    public void Absolute_includes_are_mapped_into_the_scan_by_their_trailing_segments()
    {
        // Debian's named.conf names its files by their installed paths; the repository keeps them under dns/bind/.
        var fileSystem = new InMemoryFileSystem()
            .Add("dns/bind/named.conf", """
                include "/etc/bind/named.conf.options";
                include "/etc/bind/named.conf.local";
                include "/etc/bind/tsig/transfer.key";
                include "/etc/bind/named.conf.default-zones";
                """)
            .Add("dns/bind/named.conf.options", "options { directory \"/var/cache/bind\"; };")
            .Add("dns/bind/named.conf.local", "include \"/etc/bind/zones/results.conf\";\ninclude \"/etc/bind/zones.rfc1918\";\n")
            .Add("dns/bind/zones/results.conf", "zone \"results.example.nl\" { type primary; file \"/etc/bind/zones/db.results\"; };")
            .Add("dns/named.conf.local", "must not be read: dns/bind/ holds the longer match");
        var trees = new NamedConfLoader(fileSystem).Load("dns/bind/named.conf", out var diagnostics);

        trees.Select(t => t.Source.Path).ShouldBe([
            "dns/bind/named.conf", "dns/bind/named.conf.options", "dns/bind/named.conf.local", "dns/bind/zones/results.conf"]);
        diagnostics.Select(d => $"{d.RuleId} {d.Location} {d.Message}").ShouldBe([
            "EA0003 dns/bind/named.conf(3,9,3,38) include '/etc/bind/tsig/transfer.key' is an absolute path outside the scan, and no file under 'dns/bind' has its trailing path segments",
        ]);
    }

    [Theory]
    [InlineData("include \"/etc/bind/named.conf.default-zones\";", false)]
    [InlineData("include \"/etc/bind/zones.rfc1918\";", false)]
    [InlineData("include \"/etc/bind/bind.keys\";", false)]
    [InlineData("include \"/etc/bind/rndc.key\";", false)]
    [InlineData("include \"rndc.key\";", false)]
    [InlineData("include \"/usr/local/etc/bind/rndc.key\";", false)]
    [InlineData("include \"/etc/named/rndc.key\";", true)]
    [InlineData("include \"keys/rndc.key\";", true)]
    [InlineData("include \"/etc/bind/named.conf.local\";", true)]
    [InlineData("include \"/etc/bind/db.empty.conf\";", true)]
    public void A_missing_stock_file_of_the_bind9_package_is_no_EA0003(string text, bool reported)
    {
        var fileSystem = new InMemoryFileSystem().Add("bind/named.conf", text);
        new NamedConfLoader(fileSystem).Load("bind/named.conf", out var diagnostics);
        diagnostics.Select(d => d.RuleId).ShouldBe(reported ? ["EA0003"] : []);
    }

    [Theory]
    [InlineData("named.conf.default-zones", "zone")]
    [InlineData("zones.rfc1918", "zone")]
    [InlineData("bind.keys", "trust-anchors")]
    [InlineData("rndc.key", "key")]
    public void The_installed_stock_files_hold_only_what_the_loader_counts_on(string name, string keyword)
    {
        // Checked against the files Debian's bind9 package installs (.ci/run installs it): each holds only the one kind
        // of statement, and every zone it declares loads one of the package's own zone files (or is the root hints).
        ExternalProgram.Require("named");
        var path = Path.Combine("/etc/bind", name);
        if (!File.Exists(path))
        {
            // rndc.key is generated by the package's installation script, not shipped.
            (ExternalProgram.IsCi && name != "rndc.key").ShouldBeFalse($"{path} is missing although bind9 is installed");
            Assert.Skip($"{path} is not here");
        }

        var tree = NamedConfParser.Parse(SourceText.FromBytes(path, File.ReadAllBytes(path)));
        tree.Diagnostics.ShouldBeEmpty();
        tree.Root.Statements.Select(s => s.Keyword).Distinct().ShouldBe([keyword]);
        foreach (var zone in tree.Zones)
        {
            var element = (zone.Type!.Text, zone.File!.Text);
            (element.Item1 == "hint" || element.Item2 is "/etc/bind/db.local" or "/etc/bind/db.127" or "/etc/bind/db.0" or "/etc/bind/db.255" or "/etc/bind/db.empty")
                .ShouldBeTrue($"{name}: zone {zone.Name?.Text} loads {element.Item2}");
        }
    }

    [Theory]
    [InlineData("db.local", "localhost.", "SOA NS A AAAA")]
    [InlineData("db.127", "127.in-addr.arpa.", "SOA NS PTR")]
    [InlineData("db.0", "0.in-addr.arpa.", "SOA NS")]
    [InlineData("db.255", "255.in-addr.arpa.", "SOA NS")]
    [InlineData("db.empty", "10.in-addr.arpa.", "SOA NS")]
    public void The_installed_package_zone_files_name_nothing_but_localhost(string name, string origin, string types)
    {
        // NamedConfZoneElement.LoadsPackageZoneData rests on this: the package's zone files hold an SOA and an NS record
        // naming localhost, and (db.local, db.127) localhost's own address records.
        ExternalProgram.Require("named");
        var path = Path.Combine("/etc/bind", name);
        File.Exists(path).ShouldBeTrue($"{path} is missing although bind9 is installed");
        var tree = ElectionAudit.Syntax.Zone.ZoneParser.Parse(SourceText.FromBytes(path, File.ReadAllBytes(path)), ElectionAudit.Syntax.Zone.DomainName.Parse(origin));
        tree.Diagnostics.ShouldBeEmpty();
        string.Join(' ', tree.Records.Select(r => r.Type.ToString())).ShouldBe(types);
        foreach (var record in tree.Records.Where(r => r.Type.ToString() is "A" or "AAAA" or "PTR" or "NS"))
        {
            record.RdataText.Trim().ShouldBeOneOf("localhost.", "127.0.0.1", "::1");
        }
    }

    [Theory]
    [InlineData("etc/bind/named.conf.options", "options { };", true)]
    [InlineData("conf/dns.conf", "zone \"example.org\" {\n type primary;\n};", true)]
    [InlineData("nginx.conf", "server { listen 80; }", false)]
    [InlineData("conf/dns.conf", "options {\r\n  directory \"/var\";\r\n};", true)]
    [InlineData("conf/dns.conf", "options {\r\n  listen-on { any; };\r\n};", false)]
    [InlineData("etc/X11/Xsession", "#!/bin/sh\n# options for the session directory\nmessage () {\n  echo \"$*\"\n}\n", false)]
    [InlineData("etc/X11/Xsession", "# options for the session directory\nmessage () {\n  echo \"$*\"\n}\n", false)]
    [InlineData("conf/dns.conf", "options { directory \"/var/cache/bind\"; };", true)]
    [InlineData("conf/dns.conf", "options{directory\"/var/cache/bind\";};", true)]
    [InlineData("conf/dns.conf", "  options\n  {\n\tdirectory \"/var/named\";\n};", true)]
    [InlineData("conf/dns.conf", "// options {\n//   directory \"/var/named\";\n// };\n", false)]
    [InlineData("conf/dns.conf", "optionsfile {\n directory \"/var/named\";\n};", false)]
    [InlineData("conf/dns.conf", "options {\n  directory-listing yes;\n};", false)]
    [InlineData("etc/roundcube/htaccess", "# This is a sample with suggested security and performance options\n<IfModule mod_rewrite.c>\nRewriteRule ^(?!installer|[a-zA-Z0-9]{16})(\\.?[^\\.]+)$ - [F]\n# - deny access in the installer directory\n</IfModule>\n", false)]
    [InlineData("etc/roundcube/defaults.inc.php", "<?php\n// the options below\n$config['address_template'] = '{street}<br/>{locality}';\n// the temp directory\n$config['temp_dir'] = \"temp/\";\n", false)]
    [InlineData("etc/bind/named.conf", "", true)]
    [InlineData("etc/bind/named.conf.local", "//\n// Do any local configuration here\n//\n\n// include \"/etc/bind/zones.rfc1918\";\n", true)]
    [InlineData("etc/bind/named.conf.options", "options\n{\n  directory \"/var/cache/bind\"\n}\n;\n", true)]
    [InlineData("usr/lib/tmpfiles.d/named.conf", "d /run/named 0775 root bind - -\n", false)] // systemd's, not BIND's
    [InlineData("conf/dns.conf", "zone \"example.nl\" IN {\n  type primary;\n};\n", true)]
    [InlineData("conf/dns.conf", "zone\t\"example.nl\"{ type primary; };\n", true)]
    // A Terraform template: "zone = ..." with a placeholder's braces is no zone statement.
    [InlineData("templates/main_tf.tpl", "provider \"google\" {\n  project = \"${project}\"\n  zone    = \"${zone}\"\n}\n", false)]
    [InlineData("usr/share/man/man5/named.conf.5.gz", "", false)] // a manual page: compressed, so no configuration
    [InlineData("backup/named.conf.local.xz", "", false)]
    public void Named_conf_files_are_recognised(string path, string text, bool expected)
    {
        NamedConfFormat.LooksLikeNamedConf(path, text).ShouldBe(expected);
        NamedConfFormat.LooksLikeNamedConf(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBe(expected);
    }
}
