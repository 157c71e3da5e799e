using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.NamedConf;

/// <summary>
/// The named.conf parser against BIND's own, through <c>named-checkconf</c> (Debian's bind9-utils; .ci/run installs it).
/// <c>named-checkconf -p</c> prints the configuration as BIND read it: every statement in one canonical layout, comments
/// gone, strings quoted. What the rules read of each zone (its view, name, class, type, file, DNSSEC settings and address
/// match lists) must be the same in the file as written and in BIND's print of it; and the parser must find a syntax
/// error exactly where named-checkconf does.
/// </summary>
public class NamedConfDifferentialTests
{
    /// <summary>Configurations in the shapes operators write: comment styles, quoting, views, keys, nested lists.</summary>
    public static TheoryData<string, string> Configurations => new()
    {
        {
            "debian-style", """
            // Debian's layout in one file
            options {
                directory "/tmp";
                dnssec-validation auto;
                listen-on-v6 { any; };
            };
            zone "example.nl" { type master; file "/etc/bind/db.example.nl"; allow-transfer { none; }; };
            """
        },
        {
            "comments-and-quoting", """
            # hash comment
            /* block
               comment with "quotes" and { braces } */
            acl office { 10.20.0.0/16; 2001:db8:20::/48; };
            key "xfr-key" { algorithm hmac-sha256; secret "c2VjcmV0c2VjcmV0"; };
            zone example.org IN {
                type primary;   // trailing comment
                file "zones/db.example.org";
                allow-transfer { key "xfr-key"; !office; { 192.0.2.0/24; }; };
                also-notify { 192.0.2.53; };
                dnssec-policy default; inline-signing yes;
            };
            zone "2.0.192.in-addr.arpa" { type primary; file "zones/db.192.0.2"; allow-update { none; }; };
            """
        },
        {
            "views", """
            view "internal" {
                match-clients { 10.0.0.0/8; };
                zone "results.example.nl" { type master; file "internal/db.results"; allow-transfer { any; }; };
            };
            view external {
                match-clients { any; };
                zone "results.example.nl" IN { type slave; masters { 192.0.2.1; }; file "external/db.results"; };
            };
            """
        },
        {
            "quoted-built-in-acls", """
            acl "trusted" { localhost; localnets; };
            zone "a.example" { type primary; file "db.a"; allow-transfer { "any"; }; };
            zone "b.example" { type primary; file "db.b"; allow-transfer { "none"; }; allow-update { "localhost"; }; };
            zone "c.example" { type primary; file "db.c"; allow-transfer { "trusted"; !"localnets"; }; };
            """
        },
        {
            "inherited-lists-and-policies", """
            dnssec-policy "election" {
                keys { ksk lifetime unlimited algorithm ecdsap256sha256; zsk lifetime P90D algorithm 13; };
                nsec3param iterations 5 optout no salt-length 8;
            };
            options {
                directory "/tmp";
                allow-transfer { key "xfr"; };
                allow-update { none; };
            };
            key "xfr" { algorithm hmac-sha256; secret "c2VjcmV0c2VjcmV0"; };
            view "public" {
                allow-transfer { !10.0.0.1; any; };
                zone "results.example.nl" { type primary; file "db.results"; dnssec-policy election; inline-signing yes; };
            };
            """
        },
        {
            "secondary-and-forward", """
            masters "primaries" { 192.0.2.1 key "xfr"; 2001:db8::1; };
            key xfr { algorithm hmac-sha512; secret "c2VjcmV0c2VjcmV0c2VjcmV0"; };
            zone "example.com" { type secondary; primaries { primaries; }; file "secondary/db.example.com"; };
            zone "corp" { type forward; forward only; forwarders { 10.0.0.53; }; };
            zone "." { type hint; file "/usr/share/dns/root.hints"; };
            """
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Each_zone_reads_as_in_named_checkconf_print(string name, string text)
    {
        var checkconf = ExternalProgram.Require("named-checkconf");
        var written = Parse(name, text);
        written.Diagnostics.ShouldBeEmpty();

        var (exitCode, printed, errors) = Print(checkconf, text);
        exitCode.ShouldBe(0, $"named-checkconf refused {name}: {errors}");
        var canonical = Parse(name + "-printed", printed);
        canonical.Diagnostics.ShouldBeEmpty();

        var facts = Facts(written);
        facts.ShouldNotBeEmpty();
        facts.ShouldBe(Facts(canonical), $"{name}, as named-checkconf -p prints it:\n{printed}");
    }

    [Fact]
    public void Every_named_conf_of_the_fixtures_and_samples_is_accepted_by_named_checkconf_and_reads_as_it_prints_it()
    {
        // The rule fixtures and samples/ stand for what operators write: BIND must accept each as it stands (without the
        // finding markup), and each must read as BIND prints it. Files with includes are left out: named-checkconf would
        // resolve them against this machine's folders.
        var checkconf = ExternalProgram.Require("named-checkconf");
        var root = Descriptor.DescriptorLoaderTests.FindRepositoryRoot();
        var files = new[] { Path.Combine(root, "tests", "ElectionAudit.Rules.Tests", "Fixtures"), Path.Combine(root, "samples") }
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*named.conf*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        int compared = 0;
        foreach (var file in files)
        {
            var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), @"\{\|[A-Z0-9]+:|\|\}", string.Empty);
            var written = Parse(Path.GetFileName(file), text);
            if (written.Root.Statements.Any(s => s.Keyword == "include"))
            {
                continue;
            }

            var (exitCode, printed, errors) = Print(checkconf, text);
            exitCode.ShouldBe(0, $"named-checkconf refused {file}: {printed}{errors}");
            Facts(written).ShouldBe(Facts(Parse("printed", printed)), file);
            compared++;
        }

        compared.ShouldBeGreaterThanOrEqualTo(12);
    }

    [Fact]
    public void Quoted_built_in_acl_names_are_the_built_in_acls()
    {
        // What BIND does with them, shown by named-checkconf: a quoted "any" is accepted (it is the built-in ACL, looked up
        // by name, case ignored), an undefined quoted name is not, and a quoted address is a name, not an address.
        var checkconf = ExternalProgram.Require("named-checkconf");
        Print(checkconf, "zone \"a\" { type primary; file \"db\"; allow-transfer { \"ANY\"; \"localnets\"; }; };").ExitCode.ShouldBe(0);
        Print(checkconf, "zone \"a\" { type primary; file \"db\"; allow-transfer { \"anyx\"; }; };").StdOut.ShouldContain("undefined ACL 'anyx'");
        Print(checkconf, "zone \"a\" { type primary; file \"db\"; allow-transfer { \"10.0.0.1\"; }; };").StdOut.ShouldContain("undefined ACL '10.0.0.1'");

        var zone = Parse("quoted", "zone \"a\" { type primary; file \"db\"; allow-transfer { \"ANY\"; \"localnets\"; \"10.0.0.1\"; }; };").Zones.Single();
        zone.AllowTransfer!.Elements.Select(e => e.Kind).ShouldBe([AddressMatchKind.Any, AddressMatchKind.Builtin, AddressMatchKind.AclName]);
    }

    /// <summary>Broken configurations, each with the mistake named-checkconf reports, and valid ones that look odd.</summary>
    [Theory]
    [InlineData("options { directory \"/x\" };", true)]
    [InlineData("zone \"a\" { type primary; file \"db\"; }", true)]
    [InlineData("zone \"a\" { type primary; file \"db\";", true)]
    [InlineData("zone \"a { type primary; };", true)]
    [InlineData("options { }; /* never closed", true)]
    [InlineData("acl x { 10.0.0.0/8; ; };", true)]
    [InlineData("options { directory \"/tmp\"; };;", true)]
    [InlineData("zone \"a\" { type primary file \"db\"; };", true)]
    [InlineData("zone \"a\" { type primary; file \"db\"; dnssec-policy default inline-signing yes; };", true)]
    [InlineData("{ };", true)]
    [InlineData("options { directory \"/tmp\"; { any; }; };", true)]
    [InlineData("zone \"a\" { type primary; file \"db\"; allow-transfer { !{ 10.0.0.1; }; { any; }; }; };", false)]
    [InlineData("logging { channel main { file \"/var/log/named.log\" versions 3 size 5m; print-time yes; }; };", false)]
    [InlineData("options{directory\"/tmp\";};", false)]
    [InlineData("zone \"a\" { type primary; file \"db\"; }; # comment at the end without a newline", false)]
    [InlineData("options { directory \"/tmp\"; pid-file \"/run/named/a b.pid\"; }; // a \"quoted\" comment", false)]
    public void A_syntax_error_is_found_where_named_checkconf_finds_one(string text, bool broken)
    {
        var checkconf = ExternalProgram.Require("named-checkconf");
        var (exitCode, output, errors) = Print(checkconf, text);
        (exitCode != 0).ShouldBe(broken, output + errors);
        Parse("case", text).Diagnostics.Any().ShouldBe(broken, errors);
    }

    /// <summary>
    /// "! !" is one of the few things named-checkconf passes and named itself refuses to load: the parser reports it where
    /// named's message would have to be looked for, and the model reads the element, not an ACL named "!".
    /// </summary>
    [Fact]
    public void A_doubly_negated_element_is_one_named_refuses_to_load_and_an_EA0002()
    {
        var checkconf = ExternalProgram.Require("named-checkconf");
        var named = ExternalProgram.Require("named");
        var folder = Directory.CreateTempSubdirectory("ea-named-").FullName;
        try
        {
            var text = $"options {{\n  directory \"{folder}\";\n  pid-file none;\n  listen-on {{ none; }};\n  listen-on-v6 {{ none; }};\n  allow-transfer {{ ! ! 10.0.0.1; }};\n}};\n";
            var path = Path.Combine(folder, "named.conf");
            File.WriteAllText(path, text);
            ExternalProgram.Run(checkconf, [path]).ExitCode.ShouldBe(0);
            var (exitCode, output, errors) = ExternalProgram.Run(named, ["-g", "-c", path], timeoutMilliseconds: 20_000);
            exitCode.ShouldNotBe(0);
            (output + errors).ShouldContain($"{path}:6: address match list contains unsupported element type");

            var tree = Parse("doubly-negated", text);
            tree.Diagnostics.Select(d => $"{d.RuleId} {d.Location.StartLine}:{d.Location.StartColumn}-{d.Location.EndColumn} {d.Message}").ShouldBe(
                ["EA0002 6:22-23 a second '!': named refuses to load an address match list with a doubly negated element (\"address match list contains unsupported element type\"), although named-checkconf accepts it"]);
            var options = tree.Root.Statements.Single();
            var list = AddressMatchList.From(options.Block!.Value.Single(s => s.Keyword == "allow-transfer"));
            list.Elements.Select(e => (e.Kind, e.Negated, e.Value?.Text)).ShouldBe([(AddressMatchKind.Address, false, "10.0.0.1")]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_installed_debian_configuration_reads_as_named_checkconf_prints_it()
    {
        // /etc/bind/named.conf with its includes, as bind9 installs it: the zones of the stock files.
        var checkconf = ExternalProgram.Require("named-checkconf");
        ExternalProgram.Require("named");
        var (exitCode, printed, errors) = ExternalProgram.Run(checkconf, ["-p", "/etc/bind/named.conf"]);
        exitCode.ShouldBe(0, errors);

        var fileSystem = new ElectionAudit.Engine.InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles("/etc/bind").Where(f => !f.EndsWith(".key", StringComparison.Ordinal)))
        {
            fileSystem.Add("etc/bind/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        var trees = new NamedConfLoader(fileSystem).Load("etc/bind/named.conf", out _);
        var facts = trees.SelectMany(Facts).ToList();
        facts.Count.ShouldBeGreaterThanOrEqualTo(4);
        facts.ShouldBe(Facts(Parse("printed", printed)));
    }

    /// <summary>
    /// An ACL name no acl statement defines: named refuses to load the configuration at its line, and the loader reports
    /// each such name; names defined in an included file, the built-in ACLs, keys and geoip elements are not reported.
    /// </summary>
    [Fact]
    public void An_undefined_ACL_is_one_named_refuses_to_load_and_an_EA0002()
    {
        var named = ExternalProgram.Require("named");
        var folder = Directory.CreateTempSubdirectory("ea-named-").FullName;
        try
        {
            var text = $"include \"{folder}/acls.conf\";\nkey transfer {{ algorithm hmac-sha256; secret \"c2VjcmV0\"; }};\noptions {{\n  directory \"{folder}\";\n  pid-file none;\n  listen-on {{ none; }};\n  listen-on-v6 {{ none; }};\n  allow-transfer {{ intrnal; }};\n  allow-query {{ Internal; localhost; key transfer; {{ !partners; }}; }};\n}};\nzone \"example.org\" {{\n  type secondary;\n  primaries {{ 192.0.2.1; }};\n  allow-notify {{ \"primaries\"; }};\n}};\n";
            var path = Path.Combine(folder, "named.conf");
            File.WriteAllText(path, text);
            File.WriteAllText(Path.Combine(folder, "acls.conf"), "acl internal { 10.0.0.0/8; };\n");
            var (exitCode, output, errors) = ExternalProgram.Run(named, ["-g", "-c", path], timeoutMilliseconds: 20_000);
            exitCode.ShouldNotBe(0);
            var said = output + errors;
            said.ShouldContain($"{path}:8: undefined ACL 'intrnal'");

            var files = new ElectionAudit.Engine.InMemoryFileSystem().Add("named.conf", text.Replace(folder + "/", string.Empty, StringComparison.Ordinal)).Add("acls.conf", "acl internal { 10.0.0.0/8; };\n");
            var loaded = new ElectionAudit.Model.Dns.NamedConfFormatLoader().Load(["named.conf"], files, new ElectionAudit.Engine.LoadOptions(1));
            loaded.Trees.SelectMany(t => t.Diagnostics).Select(d => $"{d.RuleId} {d.Location.StartLine}:{d.Location.StartColumn} {d.Message}").ShouldBe(
            [
                "EA0002 8:20 no acl statement defines 'intrnal': named refuses to load the configuration (\"undefined ACL 'intrnal'\"); did you mean 'internal'?",
                "EA0002 9:55 no acl statement defines 'partners': named refuses to load the configuration (\"undefined ACL 'partners'\")",
                "EA0002 14:18 no acl statement defines 'primaries': named refuses to load the configuration (\"undefined ACL 'primaries'\")",
            ]);

            // named stops at the first; each of the others is refused alone too.
            foreach (var (line, name) in new[] { (9, "partners"), (14, "primaries") })
            {
                File.WriteAllText(path, text.Replace("intrnal", "internal", StringComparison.Ordinal).Replace("!partners", line == 9 ? "!partners" : "!internal", StringComparison.Ordinal));
                ExternalProgram.Run(named, ["-g", "-c", path], timeoutMilliseconds: 20_000).StdErr.ShouldContain($"{path}:{line}: undefined ACL '{name}'");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static NamedConfSyntaxTree Parse(string name, string text) => NamedConfParser.Parse(new SourceText(name + "/named.conf", text));

    private static (int ExitCode, string StdOut, string StdErr) Print(string checkconf, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ea-named-{Guid.NewGuid():N}.conf");
        try
        {
            File.WriteAllText(path, text);
            return ExternalProgram.Run(checkconf, ["-p", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>What the rules read of each zone, one line per zone, in the order of the file.</summary>
    private static List<string> Facts(NamedConfSyntaxTree tree)
    {
        var facts = new List<string>();
        foreach (var statement in tree.Root.Statements)
        {
            if (statement.Keyword == "view" && statement.Block is { } block)
            {
                var view = statement.Values.Length > 1 ? statement.Values[1].Text : string.Empty;
                facts.Add($"view={view} {Lists(statement)}");
                facts.AddRange(block.Where(s => s.Keyword == "zone").Select(s => Fact(view, new NamedConfZone(s))));
            }
            else if (statement.Keyword == "options")
            {
                facts.Add($"options {Lists(statement)}");
            }
            else if (statement.Keyword == "dnssec-policy" && statement.Block is not null)
            {
                // What EA1004 reads: the words of nsec3param.
                facts.Add($"dnssec-policy {statement.Values[1].Text} nsec3param={string.Join(' ', statement.Find("nsec3param")?.Values.Select(v => v.Text) ?? [])}");
            }
            else if (statement.Keyword == "zone")
            {
                facts.Add(Fact(string.Empty, new NamedConfZone(statement)));
            }
        }

        return facts;
    }

    private static string Fact(string view, NamedConfZone zone) =>
        $"view={view} zone={zone.Name?.Text} class={zone.Class?.Text} type={zone.Type?.Text} file={zone.File?.Text} " +
        $"policy={zone.DnssecPolicy?.Text} inline={NamedConfZone.IsTrue(zone.InlineSigning)} " +
        $"transfer={List(zone.AllowTransfer)} update={List(zone.AllowUpdate)} notify={zone.AlsoNotify is not null}";

    // The lists a view or the options hand down to their zones (EA1017 reads them where a zone has none).
    private static string Lists(ElectionAudit.Syntax.NamedConf.NamedConfStatementSyntax statement) =>
        $"transfer={List(statement.Find("allow-transfer") is { } transfer ? AddressMatchList.From(transfer) : null)} update={List(statement.Find("allow-update") is { } update ? AddressMatchList.From(update) : null)}";

    private static string List(AddressMatchList? list) =>
        list is null ? "-" : "{" + string.Join(' ', list.Elements.Select(e => (e.Negated ? "!" : string.Empty) + e.Kind + (e.Value is null ? string.Empty : ":" + Value(e)) + (e.Nested is null ? string.Empty : List(e.Nested)))) + "}";

    // named-checkconf prints a single address as the prefix it is (10.0.0.1 as 10.0.0.1/32).
    private static string Value(AddressMatchElement element) =>
        element.Kind == AddressMatchKind.Address && !element.Value!.Text.Contains('/', StringComparison.Ordinal)
            ? element.Value.Text + (element.Value.Text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")
            : element.Value!.Text;
}
