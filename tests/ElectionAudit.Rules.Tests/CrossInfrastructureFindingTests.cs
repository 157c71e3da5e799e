using System.Globalization;
using System.Text.RegularExpressions;
using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Testing;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// Cross-infrastructure findings join several files, so each must carry related locations, and together they must
/// point into more than one file of the scan. The fixture verifier checks primary spans; this checks the joins.
/// </summary>
public partial class CrossInfrastructureFindingTests
{
    public static TheoryData<string, string> PositiveFolders()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(RepositoryPaths.Fixtures, "EA7*").Order(StringComparer.Ordinal))
        {
            foreach (var folder in Directory.GetDirectories(dir, "positive-*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(folder));
            }
        }

        return data;
    }

    private static IReadOnlyList<Finding> Run(string ruleId, string folder)
    {
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == ruleId));
        var fileSystem = new InMemoryFileSystem();
        var asOf = RuleVerifier<CrossInfrastructure.EA7001ResultsHostOnUnsignedOrUndelegatedZone>.DefaultAsOf;
        foreach (var file in FixtureTests.ReadFixture(ruleId, folder, out _))
        {
            var (text, _) = MarkupParser.Parse(file.MarkedText);
            fileSystem.Add(file.Path, text);
            if (AsOf().Match(text) is { Success: true } match)
            {
                asOf = DateOnly.ParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }

        var result = new AuditEngine([rule]).Analyze(fileSystem, [.. fileSystem.Paths], AuditConfiguration.Default with { AsOf = asOf }, 1);
        return [.. result.Findings.Where(f => f.RuleId == ruleId)];
    }

    [Fact]
    public void EA7004_finds_the_owners_below_each_server_name_whatever_their_order_case_and_depth()
    {
        // The rule finds a zone's owners under a name in its owners sorted in canonical order: owners written out of that
        // order, in capitals, several labels down, as a wildcard, under a service label or outside the zone must each
        // come out as the per-name lists it replaced gave them.
        const string Zone = ZoneHead + """
            @ IN A 192.0.2.80
            Zeta IN A 192.0.2.1
            legacy IN A 192.0.2.81
            secure IN A 192.0.2.82
            deep.sub IN A 192.0.2.83
            _dmarc IN TXT "v=DMARC1; p=reject"
            _svc._tcp IN A 192.0.2.9
            *.wild IN A 192.0.2.84
            www IN A 192.0.2.80
            Deep.Sub IN AAAA 2001:db8::83
            mail IN MX 10 mail
            out.of.zone.example. IN A 192.0.2.99
            """;
        const string Nginx = """
            http {
                server {
                    listen 443 ssl;
                    server_name election.example www.election.example sub.election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                }
                server {
                    listen 443 ssl;
                    server_name secure.election.example;
                    ssl_certificate ssl/site.pem;
                }
                server {
                    listen 80;
                    server_name legacy.election.example;
                }
            }
            """;
        var fileSystem = new InMemoryFileSystem().Add("dns/db.election.example", Zone).Add("nginx/nginx.conf", Nginx);
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == "EA7004"));
        var findings = new AuditEngine([rule]).Analyze(fileSystem, [.. fileSystem.Paths]).Findings.Where(f => f.RuleId == "EA7004").ToList();
        findings.Select(f => f.LogicalKey[(f.LogicalKey.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal).ShouldBe(
            ["*.wild.election.example", "deep.sub.election.example", "legacy.election.example", "zeta.election.example"]);
        findings.Single(f => f.LogicalKey.EndsWith("/legacy.election.example", StringComparison.Ordinal)).Message.ShouldContain("served only over plain HTTP");
        findings.Single(f => f.LogicalKey.EndsWith("/zeta.election.example", StringComparison.Ordinal)).Message.ShouldContain("no server block in the repository serves it");
    }

    [Theory]
    [MemberData(nameof(PositiveFolders))]
    public void Every_finding_has_related_locations_and_the_case_points_into_several_files(string ruleId, string folder)
    {
        var findings = Run(ruleId, folder);
        findings.ShouldNotBeEmpty();
        foreach (var finding in findings)
        {
            finding.RelatedLocations.ShouldNotBeEmpty($"{ruleId} at {finding.Location} has no related location");
            finding.RelatedLocations.ShouldAllBe(r => r.Message.Length > 0);
        }

        var files = findings.SelectMany(f => f.RelatedLocations.Select(r => r.Location.Path).Append(f.Location.Path)).Distinct().ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(2, $"{ruleId}/{folder} joins only {string.Join(", ", files)}");
    }

    [Fact]
    public void Ddos_bypass_names_the_provider_the_record_and_the_origin_server_block()
    {
        var finding = Run("EA7006", "positive-origin-address-published").ShouldHaveSingleItem();
        finding.Location.Path.ShouldBe("dns/db.election.example");
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine)).ShouldBe([
            ("election.yml", 11),
            ("nginx/nginx.conf", 5),
            ("nginx/nginx.conf", 3),
        ]);
        finding.Message.ShouldContain("declared behind shieldcdn");
        finding.Message.ShouldContain("results.election.example itself resolves to 198.51.100.10, outside shieldcdn's declared networks");
    }

    [Fact]
    public void Ddos_bypass_on_apache_names_the_section_merged_last_that_admits_everyone()
    {
        var finding = Run("EA7006", "positive-apache-later-location-opens-the-api").ShouldHaveSingleItem();
        (finding.Location.Path, finding.Location.StartLine).ShouldBe(("dns/db.election.example", 7));
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine)).ShouldBe([
            ("election.yml", 11),
            ("apache2/apache2.conf", 8),
            ("apache2/apache2.conf", 18),
        ]);
        finding.RelatedLocations[2].Message.ShouldBe("origin results.election.example:443: this <Location /api> section accepts every client without a rate or connection limit");
        finding.Message.ShouldContain("answers requests in its <Location /api> section from any client without a limit, neither accepting only the provider's addresses (Require ip");
        finding.Message.ShouldContain("nor limiting request rates (mod_evasive DOSPageCount/DOSSiteCount, mod_qos)");
    }

    [Fact]
    public void Ddos_bypass_on_apache_does_not_count_mod_ratelimit_bandwidth_as_a_request_limit()
    {
        var finding = Run("EA7006", "positive-apache-origin-accepts-everyone").ShouldHaveSingleItem();
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine)).ShouldBe([
            ("election.yml", 11),
            ("apache2/apache2.conf", 7),
            ("apache2/apache2.conf", 13),
        ]);
        finding.Message.ShouldContain("answers requests in its <Directory /srv/results> section from any client without a limit");
    }

    [Fact]
    public void Ddos_bypass_on_apache_names_the_main_server_section_that_admits_everyone()
    {
        // The virtual host has no sections: the grant comes from apache2.conf's stock <Directory /var/www/>, merged in by httpd.
        var finding = Run("EA7006", "positive-apache-stock-main-server-grants-everyone").ShouldHaveSingleItem();
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine)).ShouldBe([
            ("election.yml", 11),
            ("apache2/sites-enabled/results.conf", 3),
            ("apache2/apache2.conf", 14),
        ]);
        finding.RelatedLocations[2].Message.ShouldBe("origin results.election.example:443: this <Directory /var/www/> section of the main server configuration accepts every client without a rate or connection limit");
        finding.Message.ShouldContain("answers requests in its <Directory /var/www/> section of the main server configuration from any client without a limit");
    }

    [Fact]
    public void Shared_upstream_brought_in_by_include_points_at_the_snippet_for_both_channels()
    {
        var finding = Run("EA7005", "positive-upstream-in-an-included-snippet").ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Warning);
        (finding.Location.Path, finding.Location.StartLine).ShouldBe(("election.yml", 14));
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine, r.Message)).ShouldBe([
            ("election.yml", 11, "official channel 'results-website' at results.election.example"),
            ("nginx/snippets/results-app.conf", 2, "upstream of the official channel"),
            ("nginx/snippets/results-app.conf", 2, "upstream of the backup channel"),
        ]);
        finding.Message.ShouldContain(": both server blocks are served from the same upstream 10.20.0.5:8080. When the official channel fails");
    }

    [Fact]
    public void Unsigned_results_zone_points_at_the_descriptor_host_and_the_zone()
    {
        var finding = Run("EA7001", "positive-signed-zone-without-ds").ShouldHaveSingleItem();
        (finding.Location.Path, finding.Location.StartLine).ShouldBe(("nginx/nginx.conf", 5));
        finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine)).ShouldBe([
            ("election.yml", 8),
            ("dns/db.election.example", 4),
            ("dns/db.example", 6),
        ]);
        finding.Message.ShouldContain("parent zone example (dns/db.example) has no DS record");
    }

    [GeneratedRegex(@"electionaudit-test:\s*as-of=([0-9]{4}-[0-9]{2}-[0-9]{2})")]
    private static partial Regex AsOf();
}

public partial class CrossInfrastructureFindingTests
{
    // The zone every EA7004 test below starts from: its apex, its SOA and its name server.
    private const string ZoneHead = "$ORIGIN election.example.\n$TTL 3600\n@ IN SOA ns1.example. hostmaster 1 3600 900 1209600 300\n@ IN NS ns1.example.\n";

    private static List<Finding> ScanEA7004(string zone, string nginx)
    {
        var fileSystem = new InMemoryFileSystem().Add("dns/db.election.example", zone).Add("nginx/nginx.conf", nginx);
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == "EA7004"));

        // One worker, so that the sites are judged one after another on the same thread.
        return [.. new AuditEngine([rule]).Analyze(fileSystem, [.. fileSystem.Paths], AuditConfiguration.Default, 1).Findings.Where(f => f.RuleId == "EA7004")];
    }

    [Fact]
    public void EA7004_words_the_wildcard_the_plain_http_and_the_unserved_owner_findings_exactly()
    {
        // The message is made from its parts when read: a wildcard's "every name under" and the parent's name are two of
        // them, and each name is turned into text once per finding. The text must be what one joined string said.
        const string Zone = ZoneHead + """
            @ IN A 192.0.2.80
            *.wild IN A 192.0.2.84
            legacy IN A 192.0.2.81
            feed IN A 192.0.2.85
            """;
        const string Nginx = """
            http {
                server {
                    listen 443 ssl;
                    server_name election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                }
                server {
                    listen 80;
                    server_name legacy.election.example;
                }
            }
            """;
        var findings = ScanEA7004(Zone, Nginx).OrderBy(f => f.LogicalKey, StringComparer.Ordinal).ToList();
        findings.Select(f => f.LogicalKey[(f.LogicalKey.LastIndexOf('/') + 1)..]).ShouldBe(
            ["*.wild.election.example", "feed.election.example", "legacy.election.example"]);
        const string Start = "election.example:443 sends Strict-Transport-Security \"max-age=63072000; includeSubDomains\" for election.example, and zone election.example publishes ";
        const string End = ": browsers that saw the header will refuse to reach it over HTTP. Serve it over HTTPS, or drop includeSubDomains.";
        findings.Select(f => f.Message).ShouldBe([
            Start + "every name under wild.election.example, but no server block in the repository serves it" + End,
            Start + "feed.election.example, but no server block in the repository serves it" + End,
            Start + "legacy.election.example, but it is served only over plain HTTP (legacy.election.example:80)" + End,
        ]);
        findings.Select(f => f.RelatedLocations.Select(r => r.Message).ToList()).ShouldBe([
            ["*.wild.election.example in zone election.example (dns/db.election.example)"],
            ["feed.election.example in zone election.example (dns/db.election.example)"],
            ["legacy.election.example in zone election.example (dns/db.election.example)", "server_name legacy.election.example (legacy.election.example:80)"],
        ]);
        findings.Select(f => f.RelatedLocations[0].Location.StartLine).ShouldBe([6, 8, 7]);
    }

    [Theory]
    [InlineData("max-age=63072000; includeSubDomains", true)]
    [InlineData("max-age=63072000;INCLUDESUBDOMAINS", true)]
    [InlineData("max-age=63072000; preload", true)]
    [InlineData("preload;max-age=63072000", true)]
    [InlineData("max-age=63072000; includeSubDomainsX", false)]
    [InlineData("max-age=63072000; include SubDomains", false)]
    [InlineData("max-age=63072000", false)]
    [InlineData("max-age=63072000;;", false)]

    // Headers browsers ignore (RFC 6797 §6.1) lock nothing out: EA3003 reports them.
    [InlineData("max-age=63072000; \"includeSubDomains\" ", false)]
    [InlineData("max-age=63072000; includeSubDomains=yes", false)]
    [InlineData("max-age=63072000; includeSubDomains; max-age=1", false)]
    [InlineData("includeSubDomains; preload", false)]
    public void EA7004_reads_includeSubDomains_and_preload_as_whole_directives_without_case(string hsts, bool locks)
    {
        const string Zone = ZoneHead + """
            @ IN A 192.0.2.80
            feed IN A 192.0.2.85
            """;
        string nginx = $$"""
            http {
                server {
                    listen 443 ssl;
                    server_name election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security '{{hsts}}' always;
                }
            }
            """;
        ScanEA7004(Zone, nginx).Count.ShouldBe(locks ? 1 : 0);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1100)]
    public void EA7004_judges_each_site_on_its_own_when_sites_follow_each_other_on_one_worker(int owners)
    {
        // Each worker reuses its owner list and set from site to site: an owner judged for one site is judged again for
        // the next, and a zone with more owners than the reuse keeps (1,024) gives every site every finding.
        var zone = new System.Text.StringBuilder(ZoneHead + """
            @ IN A 192.0.2.80

            """);
        for (int i = 0; i < owners; i++)
        {
            zone.Append(CultureInfo.InvariantCulture, $"h{i} IN A 192.0.2.{i % 250}\n");
        }

        const string Nginx = """
            http {
                server {
                    listen 443 ssl;
                    server_name election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                }
                server {
                    listen 8443 ssl;
                    server_name election.example www.election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; preload" always;
                }
                server {
                    listen 9443 ssl;
                    server_name election.example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                }
            }
            """;
        var findings = ScanEA7004(zone.ToString(), Nginx);
        findings.Count.ShouldBe(3 * owners);
        findings.GroupBy(f => f.LogicalKey[..f.LogicalKey.LastIndexOf('/')]).Select(g => g.Select(f => f.LogicalKey[(f.LogicalKey.LastIndexOf('/') + 1)..]).Distinct().Count())
            .ShouldBe([owners, owners, owners]);
    }

    [Fact]
    public void EA7004_names_the_site_name_and_the_zone_apex_apart_when_they_differ()
    {
        const string Zone = ZoneHead + """
            sub IN A 192.0.2.80
            deep.sub IN A 192.0.2.83
            """;
        const string Nginx = """
            http {
                server {
                    listen 443 ssl;
                    server_name Sub.Election.Example;
                    ssl_certificate ssl/site.pem;
                    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                }
            }
            """;
        var finding = ScanEA7004(Zone, Nginx).ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("Sub.Election.Example:443 sends Strict-Transport-Security \"max-age=63072000; includeSubDomains\" for sub.election.example, and zone election.example publishes deep.sub.election.example, but no server block");
    }
}

public partial class CrossInfrastructureFindingTests
{
    [Fact]
    public void EA7003_names_the_root_zone_with_its_dot_and_leaves_localhost_names_to_the_resolver()
    {
        // A root zone in the scan (as test data often is) is authoritative for every name it does not delegate.
        const string RootZone = "$ORIGIN .\n$TTL 86400\n@ IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n@ IN NS a.root-servers.net.\nnl. IN NS ns1.dns.nl.\n";
        const string Nginx = "events {}\nhttp {\n    server {\n        listen 80;\n        server_name results.localhost localhost www.uitslagen.demo;\n        root /srv/results;\n    }\n}\n";
        var fileSystem = new InMemoryFileSystem().Add("dns/root.zone", RootZone).Add("nginx/nginx.conf", Nginx);
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == "EA7003"));
        var findings = new AuditEngine([rule]).Analyze(fileSystem, [.. fileSystem.Paths], AuditConfiguration.Default, 1).Findings.Where(f => f.RuleId == "EA7003");

        // results.localhost and localhost resolve to the loopback address without DNS (RFC 6761 §6.3); the .demo name does
        // not, and the root does not delegate .demo (a private-use domain such as .test would not be reported: its fixture).
        findings.Select(f => (f.Location.StartLine, f.Location.StartColumn, f.Message)).ShouldBe(
        [
            (5, 49, "results.localhost:80 answers to www.uitslagen.demo, but zone . (dns/root.zone), which is authoritative for it, has no record for that name: the configuration serves a name nobody can reach, or the record was forgotten. Publish the record or remove the name."),
        ]);
    }
}
