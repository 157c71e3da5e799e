using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text;
using System.Text.Json;
using ElectionAudit.Cli;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

/// <summary>
/// The whole command on hostile trees: it exits 0 or 1 (findings), never 3 (internal error); it stays inside the scan
/// root; it makes no network request; and its SARIF does not depend on the thread count or on the run.
/// </summary>
public sealed class HostileInputCliTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-hostile-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string relativePath, string text) => Write(relativePath, Encoding.UTF8.GetBytes(text));

    private string Write(string relativePath, byte[] bytes)
    {
        var full = Path.Combine(_temp, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    private static List<(string RuleId, string Path, string Message)> Results(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        return [.. document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => (
            r.GetProperty("ruleId").GetString()!,
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!,
            r.GetProperty("message").GetProperty("text").GetString()!))];
    }

    [Fact]
    public void A_tree_of_hostile_files_exits_with_findings_and_never_crashes()
    {
        Write("nginx/nginx.conf", "events {}\nhttp {\n" + string.Concat(Enumerable.Repeat("location / {\n", 10_000)));
        Write("nginx/many/nginx.conf", new StringBuilder("events {}\nhttp {\n").Insert(17, "add_header X-A b;\n", 100_000).Append("}\n").ToString());
        Write("nginx/long/nginx.conf", "events {}\nhttp { server_name " + new string('a', 10 * 1024 * 1024) + "; }\n");
        Write("nginx/quote/nginx.conf", "events {}\nhttp { add_header X \"never closed;\n");
        Write("nginx/binary/nginx.conf", [(byte)'e', 0, (byte)'v', 0, 0xFF, 0xFE, 0x80]);
        Write("nginx/utf16/nginx.conf", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("events {}\r\nhttp {\r\n")]);
        Write("election.yml", "version: 1\nelection: &a [*a]\n");
        Write("laughs.election.yml", BillionLaughs());
        Write("db.example.zone", "$ORIGIN example.\n@ 3600 IN SOA ns1 host ( 1 2 3 4\n");

        var (exit, output, error) = Run("scan", "--root", _temp, "--format", "sarif", "--as-of", "2027-01-01");
        error.ShouldNotContain("internal error");
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        var results = Results(output);
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "nginx/nginx.conf" && r.Message.Contains("max-block-nesting", StringComparison.Ordinal));
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "nginx/quote/nginx.conf");
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "nginx/binary/nginx.conf" && r.Message.Contains("NUL", StringComparison.Ordinal));
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "laughs.election.yml" && r.Message.Contains("more than 200000 nodes", StringComparison.Ordinal));
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "db.example.zone");
    }

    [Fact]
    public void A_billion_laughs_descriptor_is_refused_quickly()
    {
        Write("laughs.election.yml", BillionLaughs());
        var clock = Stopwatch.StartNew();
        var (exit, output, _) = Run("scan", "--root", _temp, "--format", "sarif", "--as-of", "2027-01-01");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        Results(output).ShouldContain(r => r.RuleId == "EA0002" && r.Message == "The YAML document expands to more than 200000 nodes (aliases included); it was not read further.");
    }

    [Fact]
    public void Limits_from_the_configuration_turn_a_large_file_and_deep_blocks_into_findings()
    {
        Write(".electionaudit.yml", "version: 1\nlimits:\n  max-file-bytes: 1000\n  max-block-nesting: 3\n");
        Write("big/nginx.conf", "events {}\n# " + new string('x', 2000) + "\n");
        Write("deep/nginx.conf", "events {}\nhttp { server { location / { location /a { location /b { } } } } }\n");
        var (exit, output, _) = Run("scan", "--root", _temp, "--format", "sarif", "--as-of", "2027-01-01");
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        var results = Results(output);
        results.ShouldContain(("EA0002", "big/nginx.conf", "The file is 2,013 bytes, more than limits.max-file-bytes (1,000); it was not read. Raise the limit in .electionaudit.yml if the file is genuine."));
        results.ShouldContain(r => r.RuleId == "EA0002" && r.Path == "deep/nginx.conf" && r.Message.StartsWith("Blocks nest more than limits.max-block-nesting (3) levels deep here", StringComparison.Ordinal));
    }

    [Fact]
    public void Symbolic_links_out_of_the_root_and_in_loops_are_not_followed_unless_allowed()
    {
        var outside = Directory.CreateTempSubdirectory("ea-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.conf"), "events {}\nhttp { add_header X-Secret secret-7f3a9c; }\n");
            var root = Path.Combine(_temp, "repo");
            Directory.CreateDirectory(Path.Combine(root, "conf"));
            File.WriteAllText(Path.Combine(root, "nginx.conf"), "events {}\nhttp { include conf/*.conf; }\n");
            File.CreateSymbolicLink(Path.Combine(root, "conf", "secret.conf"), Path.Combine(outside, "secret.conf"));
            Directory.CreateSymbolicLink(Path.Combine(root, "outside-dir"), outside);
            File.CreateSymbolicLink(Path.Combine(root, "loop-a"), Path.Combine(root, "loop-b"));
            File.CreateSymbolicLink(Path.Combine(root, "loop-b"), Path.Combine(root, "loop-a"));
            Directory.CreateSymbolicLink(Path.Combine(root, "conf", "parent"), root);

            var (exit, output, error) = Run("scan", "--root", root, "--format", "sarif", "--fail-on", "none");
            error.ShouldNotContain("internal error");
            exit.ShouldBe(CommandLine.Success);
            var results = Results(output).Where(r => r.RuleId == "EA0003").Select(r => (r.Path, r.Message)).ToList();
            var real = new DirectoryInfo(outside).ResolveLinkTarget(true)?.FullName ?? outside;
            results.ShouldContain(("conf/secret.conf", $"\"conf/secret.conf\" is a symbolic link to \"{Path.Combine(real, "secret.conf")}\", outside the scan root; it was not followed (pass --allow-outside-root to follow it)."));
            results.ShouldContain(("outside-dir", $"\"outside-dir\" is a symbolic link to \"{real}\", outside the scan root; it was not followed (pass --allow-outside-root to follow it)."));
            results.ShouldContain(("loop-a", "\"loop-a\" is a symbolic link that leads into a loop of links; it was not followed."));
            output.ShouldNotContain("secret-7f3a9c");

            var (allowedExit, allowed, _) = Run("scan", "--root", root, "--format", "sarif", "--fail-on", "none", "--allow-outside-root");
            allowedExit.ShouldBe(CommandLine.Success);
            Results(allowed).ShouldNotContain(r => r.Message.Contains("outside the scan root", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_FIFO_in_the_tree_is_skipped_without_blocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("FIFOs are made with mkfifo(1), on Linux");
        }

        Write("nginx.conf", "events {}\n");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_temp, "pipe.conf")))
        {
            mkfifo.WaitForExit();
        }

        var scan = Task.Run(() => Run("scan", "--root", _temp, "--fail-on", "none"), TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        first.ShouldBe(scan, "the scan blocked, probably opening the FIFO");
        (await scan).Exit.ShouldBe(CommandLine.Success);
    }

    [Fact]
    public void A_scan_of_configurations_naming_remote_urls_makes_no_network_request()
    {
        Write("nginx.conf", "events {}\nhttp {\n  include http://config.example.net/evil.conf;\n  server {\n    listen 443 ssl;\n    server_name results.example.org;\n    ssl_certificate https://certs.example.net/cert.pem;\n    ssl_stapling on;\n    resolver 192.0.2.53;\n    location / { proxy_pass https://origin.example.net; }\n  }\n}\n");
        Write("db.example.org", "$ORIGIN example.org.\n$INCLUDE http://zones.example.net/evil.zone\n@ 3600 IN SOA ns1.example.net. host.example.org. 1 7200 3600 1209600 300\n@ 3600 IN NS ns1.example.net.\n");
        Write("election.yml", "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nsites:\n  - name: results\n    hosts: [results.example.org]\n    url: https://results.example.org/\n");
        Write("borgmatic.d/config.yaml", "repositories:\n  - path: ssh://backup.example.net/./repo\nsource_directories: [/srv]\n");

        using var listener = new NetworkEventListener();
        var (exit, _, error) = Run("scan", "--root", _temp, "--fail-on", "none");
        error.ShouldNotContain("internal error");
        exit.ShouldBe(CommandLine.Success);
        listener.Events.ShouldBeEmpty();
    }

    [Fact]
    public void The_listener_does_see_a_name_lookup()
    {
        // Proves the guard above can fail: a DNS lookup of localhost (no traffic leaves the machine) is seen.
        using var listener = new NetworkEventListener();
        System.Net.Dns.GetHostAddresses("localhost");
        SpinWait.SpinUntil(() => !listener.Events.IsEmpty, TimeSpan.FromSeconds(5));
        listener.Events.ShouldNotBeEmpty();
    }

    [Fact]
    public void Sarif_is_byte_identical_for_1_2_and_8_threads_and_between_runs()
    {
        var corpus = FindCorpus();
        if (corpus is null)
        {
            Assert.Skip("../shared/corpus is not beside this checkout");
        }

        string Scan(int threads)
        {
            var output = Path.Combine(_temp, $"corpus-{threads}-{Guid.NewGuid():N}.sarif");
            var (exit, _, error) = Run("scan", "--root", corpus!, "--format", "sarif", "--output", output, "--as-of", "2027-01-01", "-j", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            error.ShouldNotContain("internal error");
            exit.ShouldBe(CommandLine.FindingsAtFailLevel);
            return File.ReadAllText(output);
        }

        var one = Scan(1);
        Results(one).Count.ShouldBeGreaterThan(100);
        Scan(2).ShouldBe(one);
        Scan(8).ShouldBe(one);
        Scan(8).ShouldBe(one);
    }

    /// <summary>Listens to .NET's own networking events (name resolution, socket connects, HTTP requests) in this process.</summary>
    private sealed class NetworkEventListener : EventListener
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name is "System.Net.NameResolution" or "System.Net.Sockets" or "System.Net.Http" or "System.Net.Security")
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) =>
            Events.Enqueue($"{eventData.EventSource.Name}/{eventData.EventName}");
    }

    private static string BillionLaughs()
    {
        var builder = new StringBuilder("version: 1\nelection:\n  name: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++)
        {
            builder.Append(CultureInfoInvariant($"  l{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));
        }

        return builder.ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string? FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv")))
            {
                return candidate;
            }
        }

        return null;
    }
}
