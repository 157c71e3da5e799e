using System.Diagnostics;
using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// Includes that climb out of the scan root with <c>../</c> (issue 9): refused with an EA0003 that names the target,
/// unless the scan allows reading outside the root; then read under their <c>../</c> path, still within the size
/// limit, never from a FIFO, and with cycles still cut. On disk, for nginx, Apache, zone files and named.conf.
/// </summary>
public sealed class OutsideRootIncludeTests : IDisposable
{
    private const string Refused = "outside the scan root; it was not followed (pass --allow-outside-root to follow it)";

    // temp/repo is the scan root; temp/shared is outside it, beside it.
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-outside-include-").FullName;

    private string Root => Path.Combine(_temp, "repo");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private void Write(string pathUnderTemp, string text)
    {
        var full = Path.Combine(_temp, pathUnderTemp);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private AuditResult Scan(bool allowOutsideRoot, AuditConfiguration? configuration = null) =>
        new AuditEngine([]).Scan(new ScanRequest(Root) { AllowOutsideRoot = allowOutsideRoot, Configuration = configuration ?? AuditConfiguration.Default, MaxDegreeOfParallelism = 1 });

    private static List<string> Problems(AuditResult result) =>
        [.. result.Findings.Where(f => f.RuleId is "EA0002" or "EA0003").Select(f => $"{f.RuleId} {f.Location.Path}({f.Location.StartLine},{f.Location.StartColumn}) {f.Message}")];

    private static List<string> Trees(AuditResult result) => [.. result.Model.SyntaxTrees.Select(t => t.Source.Path).Order(StringComparer.Ordinal)];

    [Fact]
    public void Nginx_include_out_of_the_root_is_refused_naming_the_target_and_read_when_allowed()
    {
        Write("repo/nginx/nginx.conf", "events {}\nhttp {\n    include ../../shared/tls.conf;\n}\n");
        Write("shared/tls.conf", "ssl_protocols TLSv1.2 TLSv1.3;\n");

        var refused = Scan(allowOutsideRoot: false);
        Problems(refused).ShouldBe([$"EA0003 nginx/nginx.conf(3,13) include \"../../shared/tls.conf\" resolves against the main configuration's directory (\"nginx\") to \"../shared/tls.conf\", {Refused}"]);
        Trees(refused).ShouldBe(["nginx/nginx.conf"]);

        var allowed = Scan(allowOutsideRoot: true);
        Problems(allowed).ShouldBeEmpty();
        Trees(allowed).ShouldBe(["../shared/tls.conf", "nginx/nginx.conf"]);
        allowed.Sources["../shared/tls.conf"].Text.ShouldBe("ssl_protocols TLSv1.2 TLSv1.3;\n");
    }

    [Fact]
    public void Apache_include_out_of_the_root_is_refused_naming_the_target_and_read_when_allowed()
    {
        Write("repo/apache/httpd.conf", "ServerRoot \"/etc/httpd\"\nInclude ../../shared/ssl.conf\nIncludeOptional ../../shared/optional.conf\n");
        Write("shared/ssl.conf", "SSLProtocol -all +TLSv1.2\n");
        Write("shared/optional.conf", "ServerTokens Prod\n");

        var refused = Scan(allowOutsideRoot: false);
        Problems(refused).ShouldBe(
        [
            $"EA0003 apache/httpd.conf(2,9) Include '../../shared/ssl.conf' resolves against the directory of 'apache/httpd.conf' to \"../shared/ssl.conf\", {Refused}.",
            $"EA0003 apache/httpd.conf(3,17) IncludeOptional '../../shared/optional.conf' resolves against the directory of 'apache/httpd.conf' to \"../shared/optional.conf\", {Refused}.",
        ]);
        Trees(refused).ShouldBe(["apache/httpd.conf"]);

        var allowed = Scan(allowOutsideRoot: true);
        Problems(allowed).ShouldBeEmpty();
        Trees(allowed).ShouldBe(["../shared/optional.conf", "../shared/ssl.conf", "apache/httpd.conf"]);
    }

    [Fact]
    public void Zone_include_out_of_the_root_is_refused_naming_the_target_and_read_when_allowed()
    {
        Write("repo/dns/db.election.example", "$ORIGIN election.example.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n$INCLUDE ../../shared/caa.db\n");
        Write("shared/caa.db", "@ IN CAA 0 issue \"letsencrypt.org\"\n");

        var refused = Scan(allowOutsideRoot: false);
        Problems(refused).ShouldBe([$"EA0003 dns/db.election.example(6,10) $INCLUDE '../../shared/caa.db' resolves to \"../shared/caa.db\", {Refused}"]);
        refused.Model.Dns.Zones.Single().AllRecords.Count(r => r.Type == ElectionAudit.Syntax.Zone.DnsRecordType.CAA).ShouldBe(0);

        var allowed = Scan(allowOutsideRoot: true);
        Problems(allowed).ShouldBeEmpty();
        Trees(allowed).ShouldBe(["../shared/caa.db", "dns/db.election.example"]);
        allowed.Model.Dns.Zones.Single().AllRecords.Count(r => r.Type == ElectionAudit.Syntax.Zone.DnsRecordType.CAA).ShouldBe(1);
    }

    [Fact]
    public void Named_conf_include_out_of_the_root_is_refused_naming_the_target_and_read_when_allowed()
    {
        Write("repo/bind/named.conf", "options { directory \"/var/cache/bind\"; };\ninclude \"../../shared/keys.conf\";\n");
        Write("shared/keys.conf", "key \"transfer\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n");

        var refused = Scan(allowOutsideRoot: false);
        Problems(refused).ShouldBe([$"EA0003 bind/named.conf(2,9) include '../../shared/keys.conf' resolves to \"../shared/keys.conf\", {Refused}"]);

        var allowed = Scan(allowOutsideRoot: true);
        Problems(allowed).ShouldBeEmpty();
        Trees(allowed).ShouldBe(["../shared/keys.conf", "bind/named.conf"]);
    }

    [Fact]
    public void Allowed_includes_out_of_the_root_still_keep_the_size_limit_and_cut_cycles()
    {
        Write("repo/nginx/nginx.conf", "events {}\nhttp {\n    include ../../shared/big.conf;\n    include ../../shared/loop.conf;\n}\n");
        Write("shared/big.conf", "# " + new string('x', 2000) + "\n");

        // The loop climbs out of the root and back in through the root folder's own name. Cycles are detected on paths
        // relative to the root, and the way back in is a second name for nginx.conf ("../repo/nginx/nginx.conf"), so
        // the loop is cut one turn later, where it closes on "../shared/loop.conf"; it still ends.
        Write("shared/loop.conf", "include ../../repo/nginx/nginx.conf;\n");

        var result = Scan(allowOutsideRoot: true, AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxFileBytes = 1000 } });
        Problems(result).ShouldBe(
        [
            "EA0003 ../repo/nginx/nginx.conf(3,13) include file \"../shared/big.conf\" could not be read",
            "EA0003 ../repo/nginx/nginx.conf(4,13) include cycle: \"../shared/loop.conf\" is already being read when \"../repo/nginx/nginx.conf\" includes it again",
            "EA0002 ../shared/big.conf(1,1) The file is 2,003 bytes, more than limits.max-file-bytes (1,000); it was not read. Raise the limit in .electionaudit.yml if the file is genuine.",
            "EA0003 nginx/nginx.conf(3,13) include file \"../shared/big.conf\" could not be read",
        ]);
    }

    [Fact]
    public async Task An_allowed_include_out_of_the_root_never_opens_a_fifo()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("FIFOs are made with mkfifo(1), on Linux");
        }

        Write("repo/nginx/nginx.conf", "events {}\nhttp {\n    include ../../shared/pipe.conf;\n}\n");
        Directory.CreateDirectory(Path.Combine(_temp, "shared"));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_temp, "shared", "pipe.conf")))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var scan = Task.Run(() => Scan(allowOutsideRoot: true), TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        first.ShouldBe(scan, "reading a FIFO would block the scan");
        Problems(await scan).ShouldContain("EA0002 ../shared/pipe.conf(1,1) The path is a device file, FIFO or socket, not a regular file; it was not read.");
    }
}
