using System.Diagnostics;
using System.Text.Json;
using ElectionAudit.Cli;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private static readonly string Repository = RepositoryRoot;
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Scanning_the_samples_reports_findings_and_exits_1_at_the_samples_fail_level()
    {
        var (exit, output, _) = Run("scan", "--root", Repository, Path.Combine(Repository, "samples"));
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        output.ShouldContain("samples/election-infrastructure.yml:");
        output.ShouldContain(" error EA5002: No results channel has purpose 'backup' or 'validation'");
        output.Split('\n').ShouldContain(l => l.StartsWith("  ", StringComparison.Ordinal) && l.TrimStart().StartsWith('^'));
        output.TrimEnd().Split('\n')[^1].ShouldMatch(@"^\d+ errors?, \d+ warnings?, \d+ notes? in \d+ files? \(\d+ rules, fail level error\)$");
    }

    [Fact]
    public void Fail_on_none_exits_0_and_a_clean_descriptor_exits_0()
    {
        Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--fail-on", "none").Exit.ShouldBe(CommandLine.Success);
        var clean = Path.Combine(_temp, "election.yml");
        File.WriteAllText(clean, "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nclassification:\n  critical_infrastructure: true\nresults:\n  channels:\n    - {name: web, official: true, purpose: publication}\n    - {name: phone, purpose: validation}\n  static_fallback: {provider: mirror-host, formats: [html]}\n  integrity: {checksums: sha256}\nincident_response:\n  plan: plan.pdf\nexercises:\n  - date: 2027-02-01\nload_tests:\n  - date: 2027-02-01\nchange_freeze: {from: 2027-03-01, to: 2027-03-31}\ncsirt: {contact: cert@example.org}\nproviders:\n  - {name: mirror-host, kind: hosting, contact: noc@mirror-host.example, incident_response: contract.pdf}\n");
        var (exit, output, _) = Run("scan", "--root", _temp, "--as-of", "2027-02-10");
        // The rule count grows with the catalog; what matters is that a complete descriptor is clean.
        output.ShouldMatch(@"^0 errors, 0 warnings, 0 notes in 1 file \(\d+ rules, fail level warning\)\r?\n$");
        exit.ShouldBe(CommandLine.Success);
    }

    [Fact]
    public void Invalid_configuration_exits_2_naming_file_line_and_suggestion()
    {
        File.WriteAllText(Path.Combine(_temp, ".electionaudit.yml"), "version: 1\nfail_on: error\n");
        var (exit, _, error) = Run("scan", "--root", _temp);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe(".electionaudit.yml:2:1: error: Unknown key 'fail_on'. Did you mean 'fail-on'?");
    }

    [Theory]
    [InlineData("scan", "--as-of", "tomorrow")]
    [InlineData("scan", "--fail-on", "critical")]
    [InlineData("scan", "--format", "xml")]
    [InlineData("scan", "does-not-exist")]
    [InlineData("frobnicate")]
    public void Invalid_invocations_exit_2(params string[] args)
    {
        var withRoot = args.Concat(args[0] == "scan" ? new[] { "--root", _temp } : []).ToArray();
        Run(withRoot).Exit.ShouldBe(CommandLine.InvalidInvocation);
    }

    [Fact]
    public void Sarif_max_results_keeps_the_most_severe_and_says_so_on_standard_error()
    {
        var path = Path.Combine(_temp, "limited.sarif");
        var (exit, _, error) = Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", path, "--sarif-max-results", "5");
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        error.ShouldContain("warning: the SARIF report leaves out the 100 least severe results, keeping 5 (GitHub code scanning rejects a run of more than 25,000);");
        error.ShouldContain("36 errors, 59 warnings, 10 notes");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var run = doc.RootElement.GetProperty("runs")[0];
        run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("level").GetString()).ShouldBe(["error", "error", "error", "error", "error"]);
        run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
            .Select(n => n.GetProperty("descriptor").GetProperty("id").GetString()).ShouldContain("sarif-result-limit");

        var all = Path.Combine(_temp, "all.sarif");
        var (_, _, quiet) = Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", all, "--sarif-max-results", "0");
        quiet.ShouldNotContain("leaves out");
        using var full = JsonDocument.Parse(File.ReadAllText(all));
        full.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength().ShouldBe(105);
    }

    [Fact]
    public void A_sarif_file_over_the_upload_limit_gzipped_is_a_warning_that_says_how_large()
    {
        // The samples' log is about 570 KB, 90 KB gzipped: over a 50,000-byte limit, within a 1,000,000-byte one (not
        // compressed at all, as the file is shorter) and within 200,000 (compressed, and under it).
        var path = Path.Combine(_temp, "large.sarif");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CommandLine.Run(["scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", path], stdout, stderr, 50_000);
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        long gzipped = GzippedLength(File.ReadAllBytes(path));
        gzipped.ShouldBeInRange(50_001, 200_000);
        stderr.ToString().ShouldContain($"warning: the SARIF report '{path}' is {gzipped:N0} bytes gzipped, over the 50,000 bytes GitHub code scanning accepts in one upload, so the upload would be rejected. Keep fewer results with --sarif-max-results (the most severe stay), or scan parts of the repository into separate reports, each with its own --category.");

        foreach (var limit in new long[] { 200_000, 1_000_000 })
        {
            using var quietOut = new StringWriter();
            using var quietErr = new StringWriter();
            CommandLine.Run(["scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", path], quietOut, quietErr, limit);
            quietErr.ToString().ShouldNotContain("gzipped");
        }

        // The default limit (10 MB) is far from the samples' log.
        Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", path).Err.ShouldNotContain("gzipped");
    }

    [Fact]
    public void The_upload_size_is_gzip_at_the_upload_actions_level_and_is_asked_only_of_files_over_the_limit()
    {
        // Incompressible bytes gzip to a little more than themselves; repeated text to almost nothing.
        var random = Path.Combine(_temp, "random.bin");
        var bytes = new byte[300_000];
        new Random(17).NextBytes(bytes);
        File.WriteAllBytes(random, bytes);
        SarifUploadSize.GzippedLengthIfOver(random, 100_000).ShouldBe(GzippedLength(bytes));
        SarifUploadSize.GzippedLengthIfOver(random, 300_000).ShouldBeNull();

        var text = Path.Combine(_temp, "text.json");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("{\"ruleId\": \"EA3003\"},\n", 20_000)));
        SarifUploadSize.GzippedLengthIfOver(text, 100_000).ShouldBeNull();
        SarifUploadSize.GzippedLengthIfOver(text, 100).ShouldBe(GzippedLength(File.ReadAllBytes(text)));
    }

    private static long GzippedLength(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return memory.Length;
    }

    [Fact]
    public void A_negative_sarif_max_results_is_an_invalid_invocation()
    {
        var (exit, _, error) = Run("scan", "--root", _temp, _temp, "--sarif-max-results", "-1");
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.ShouldContain("--sarif-max-results must be 0 (no limit) or more.");
    }

    [Fact]
    public void Sarif_output_has_what_code_scanning_needs()
    {
        var path = Path.Combine(_temp, "out.sarif");
        var (exit, _, error) = Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "sarif", "--output", path);
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        error.ShouldContain("fail level error");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        root.GetProperty("$schema").GetString().ShouldBe("https://json.schemastore.org/sarif-2.1.0.json");
        root.GetProperty("version").GetString().ShouldBe("2.1.0");
        var run = root.GetProperty("runs").EnumerateArray().ShouldHaveSingleItem();
        run.GetProperty("automationDetails").GetProperty("id").GetString().ShouldBe("electionaudit/");
        run.GetProperty("columnKind").GetString().ShouldBe("utf16CodeUnits");
        run.GetProperty("originalUriBaseIds").TryGetProperty("SRCROOT", out _).ShouldBeTrue();
        run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().ShouldBeTrue();
        var driver = run.GetProperty("tool").GetProperty("driver");
        driver.GetProperty("name").GetString().ShouldBe("ElectionAudit");
        driver.GetProperty("semanticVersion").GetString().ShouldBe(CommandLine.Version);
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var ids = rules.Select(r => r.GetProperty("id").GetString()).ToList();
        ids.ShouldContain("EA5001");
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        foreach (var rule in rules)
        {
            var properties = rule.GetProperty("properties");
            double.Parse(properties.GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(0.1, 10);
            properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldContain("security");
            rule.GetProperty("help").GetProperty("markdown").GetString()!.ShouldStartWith("# " + rule.GetProperty("id").GetString() + ": ");
            rule.GetProperty("helpUri").GetString()!.ShouldEndWith(rule.GetProperty("id").GetString() + ".md");
        }

        var results = run.GetProperty("results").EnumerateArray().ToList();
        results.ShouldNotBeEmpty();
        var ea5002 = results.Single(r => r.GetProperty("ruleId").GetString() == "EA5002");
        ea5002.GetProperty("ruleIndex").GetInt32().ShouldBe(ids.IndexOf("EA5002"));
        ea5002.GetProperty("level").GetString().ShouldBe("error");
        var physical = ea5002.GetProperty("locations")[0].GetProperty("physicalLocation");
        physical.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("samples/election-infrastructure.yml");
        physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString().ShouldBe("SRCROOT");
        var region = physical.GetProperty("region");
        var line = File.ReadAllLines(Path.Combine(Repository, "samples", "election-infrastructure.yml"))[region.GetProperty("startLine").GetInt32() - 1];
        line[(region.GetProperty("startColumn").GetInt32() - 1)..(region.GetProperty("endColumn").GetInt32() - 1)].ShouldBe("channels");
        ea5002.GetProperty("fingerprints").GetProperty("electionaudit/v1").GetString()!.Length.ShouldBe(32);
    }

    [Fact]
    public void Sarif_is_byte_identical_across_runs_and_thread_counts()
    {
        string Sarif(string threads)
        {
            var path = Path.Combine(_temp, $"out-{threads}-{Guid.NewGuid():N}.sarif");
            Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "-f", "sarif", "-o", path, "-j", threads);
            return File.ReadAllText(path);
        }

        var one = Sarif("1");
        Sarif("8").ShouldBe(one);
        Sarif("1").ShouldBe(one);
    }

    [Fact]
    public void Rules_lists_the_catalog_as_a_table_and_as_json()
    {
        var (exit, table, _) = Run("rules");
        exit.ShouldBe(0);
        table.ShouldContain("EA5001  error    results               Official results channel not declared");
        var (_, json, _) = Run("rules", "--format", "json");
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        var rule = doc.RootElement.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "EA6003");
        rule.GetProperty("options")[0].GetProperty("key").GetString().ShouldBe("max-age-days");
        rule.GetProperty("traceability").EnumerateArray().First().GetProperty("reference").GetString().ShouldBe("E5");
    }

    [Fact]
    public void Schema_command_prints_the_published_schemas()
    {
        Run("schema", "descriptor").Out.ShouldBe(File.ReadAllText(Path.Combine(Repository, "schemas", "election-infrastructure.v1.schema.json")));
        Run("schema", "config").Out.ShouldBe(File.ReadAllText(Path.Combine(Repository, "schemas", "electionaudit-config.schema.json")));
    }

    [Fact]
    public void The_tool_process_prints_its_version_and_help()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "electionaudit.dll");
        var version = RunProcess(dll, "--version");
        version.Exit.ShouldBe(0);
        version.Out.Trim().ShouldStartWith(CommandLine.Version);
        var help = RunProcess(dll, "scan", "--help");
        help.Exit.ShouldBe(0);
        help.Out.ShouldContain("--fail-on");
        help.Out.ShouldContain("Exit code 0");
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("text")]
    public void An_output_path_that_cannot_be_written_is_a_clear_error_with_exit_code_2(string format)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ea-missing-{Guid.NewGuid():N}", "report.out");
        var (exit, _, error) = Run("scan", "--root", Repository, Path.Combine(Repository, "samples"), "--format", format, "-o", path, "--as-of", "2027-03-01");
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.ShouldContain($"electionaudit: cannot write the {format} report to '{path}': ");
        error.ShouldNotContain("internal error");
        error.ShouldNotContain("   at ");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public void The_tool_process_prints_the_whole_text_report_to_standard_output()
    {
        // The process writes the text report through its own buffer rather than line by line to the console: what arrives
        // must be exactly what the report writer produces, to the summary line, with no byte-order mark.
        var dll = Path.Combine(AppContext.BaseDirectory, "electionaudit.dll");
        string[] args = ["scan", "--root", Repository, Path.Combine(Repository, "samples"), "--as-of", "2027-03-01"];
        var (exit, output) = RunProcess(dll, args);
        var (inProcessExit, inProcess, _) = Run(args);
        exit.ShouldBe(inProcessExit);
        output.ShouldBe(inProcess);
        output.Split('\n').Length.ShouldBeGreaterThan(100);
        output.ShouldNotStartWith("\uFEFF");
        output.ShouldEndWith("fail level error)\n");
    }

    private static (int Exit, string Out) RunProcess(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit(60_000).ShouldBeTrue();
        return (process.ExitCode, output);
    }
}
