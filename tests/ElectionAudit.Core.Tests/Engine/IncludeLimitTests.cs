using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// limits.max-included-files: files reached through includes past the limit are refused (EA0003), and which ones are
/// refused does not depend on how many workers loaded the formats side by side.
/// </summary>
public sealed class IncludeLimitTests
{
    // Three formats that each reach files through includes: nginx (a glob), Apache (a glob) and two zones ($INCLUDE).
    // None of the included files is among the files scanned, so each one counts against the limit.
    private static InMemoryFileSystem Files()
    {
        var files = new InMemoryFileSystem()
            .Add("etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
            .Add("etc/apache2/apache2.conf", "ServerRoot \"/etc/apache2\"\nInclude sites-enabled/*.conf\n")
            .Add("dns/db.a.example", "$TTL 1h\n$ORIGIN a.example.\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE a-1.inc\n$INCLUDE a-2.inc\n")
            .Add("dns/db.b.example", "$TTL 1h\n$ORIGIN b.example.\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.2\n$INCLUDE b-1.inc\n$INCLUDE b-2.inc\n");
        for (int i = 1; i <= 4; i++)
        {
            files.Add($"etc/nginx/conf.d/site{i}.conf", $"server {{\n    listen 80;\n    server_name s{i}.example.nl;\n}}\n");
            files.Add($"etc/apache2/sites-enabled/vhost{i}.conf", $"<VirtualHost *:80>\n    ServerName v{i}.example.nl\n</VirtualHost>\n");
        }

        foreach (var zone in new[] { "a", "b" })
        {
            files.Add($"dns/{zone}-1.inc", "www IN A 192.0.2.10\n").Add($"dns/{zone}-2.inc", "mail IN A 192.0.2.11\n");
        }

        return files;
    }

    private static readonly string[] Scanned = ["dns/db.a.example", "dns/db.b.example", "etc/apache2/apache2.conf", "etc/nginx/nginx.conf"];

    private static AuditConfiguration Limit(int files) => AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxIncludedFiles = files } };

    private static string[] Refused(AuditResult result) =>
        [.. result.Findings.Where(f => f.LogicalKey == "limit|max-included-files").Select(f => f.Location.Path)];

    [Fact]
    public void Files_past_the_limit_are_refused_in_the_order_a_one_worker_scan_asks_for_them()
    {
        // One worker loads the formats in loader order (nginx, zones, Apache), each file's includes in order: nginx's
        // four and the first zone's two fill the limit, and the second zone's and Apache's are refused.
        var result = new AuditEngine([]).Analyze(Files(), Scanned, Limit(6), maxDegreeOfParallelism: 1);

        Refused(result).ShouldBe([
            "dns/b-1.inc", "dns/b-2.inc",
            "etc/apache2/sites-enabled/vhost1.conf", "etc/apache2/sites-enabled/vhost2.conf",
            "etc/apache2/sites-enabled/vhost3.conf", "etc/apache2/sites-enabled/vhost4.conf",
        ]);
        result.Findings.First(f => f.LogicalKey == "limit|max-included-files").Message
            .ShouldBe("More than limits.max-included-files (6) files were reached through includes in this scan; this one was not read.");
        result.Findings.Where(f => f.Location.Path == "dns/db.b.example").Select(f => (f.RuleId, f.Location.StartLine, f.Message)).ShouldBe([
            ("EA0003", 6, "$INCLUDE 'b-1.inc' could not be read"),
            ("EA0003", 7, "$INCLUDE 'b-2.inc' could not be read"),
        ]);
        result.Sources.Keys.Order(StringComparer.Ordinal).ShouldBe([
            "dns/a-1.inc", "dns/a-2.inc", "dns/db.a.example", "dns/db.b.example",
            "etc/apache2/apache2.conf",
            "etc/nginx/conf.d/site1.conf", "etc/nginx/conf.d/site2.conf", "etc/nginx/conf.d/site3.conf", "etc/nginx/conf.d/site4.conf",
            "etc/nginx/nginx.conf",
        ]);
    }

    [Fact]
    public void Files_asked_for_after_loading_do_not_count_and_the_suppression_file_is_always_read()
    {
        // The suppression file is read after the configurations are loaded; with the limit used up it was refused, and
        // its suppressions silently ignored.
        var files = Files().Add(".electionaudit-suppressions.yml", "suppressions:\n  - rule: EA0003\n    path: dns/db.b.example\n    justification: test\n");
        var result = new AuditEngine([]).Analyze(files, Scanned, Limit(6), maxDegreeOfParallelism: 1);

        result.Findings.ShouldNotContain(f => f.Location.Path == ".electionaudit-suppressions.yml");
        result.Findings.ShouldNotContain(f => f.Location.Path == "dns/db.b.example");
        result.Suppressed.Select(f => (f.Finding.Location.Path, f.Finding.Location.StartLine)).ShouldBe([("dns/db.b.example", 6), ("dns/db.b.example", 7)]);
    }

    [Fact]
    public void Which_files_are_refused_does_not_depend_on_the_number_of_workers()
    {
        var engine = new AuditEngine([]);
        var one = engine.Analyze(Files(), Scanned, Limit(5), maxDegreeOfParallelism: 1);
        var expected = SarifWriter.ToText(one);
        Refused(one).Length.ShouldBe(7);

        // Formats and zones load side by side with more workers, so without the reload the refused files would vary.
        for (int run = 0; run < 20; run++)
        {
            foreach (int workers in new[] { 2, 8 })
            {
                var result = engine.Analyze(Files(), Scanned, Limit(5), maxDegreeOfParallelism: workers);
                Refused(result).ShouldBe(Refused(one), $"{workers} workers, run {run}");
                result.Sources.Keys.Order(StringComparer.Ordinal).ShouldBe(one.Sources.Keys.Order(StringComparer.Ordinal));
                SarifWriter.ToText(result).ShouldBe(expected);
            }
        }
    }

    [Fact]
    public void Under_the_limit_nothing_is_refused_and_every_included_file_is_read()
    {
        var result = new AuditEngine([]).Analyze(Files(), Scanned, Limit(12), maxDegreeOfParallelism: 2);

        Refused(result).ShouldBeEmpty();
        result.Sources.Count.ShouldBe(16);
    }
}
