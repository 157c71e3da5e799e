using System.Text.Json;
using System.Xml.Linq;
using ElectionAudit.Cli;

namespace ElectionAudit.Cli.Tests;

/// <summary>Suppressions, baselines and the report formats, end to end through the command line.</summary>
public sealed class CiAdoptionTests : IDisposable
{
    private const string Descriptor = "version: 1\nelection:\n  name: E\n  date: 2027-03-17\n";
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-ci-").FullName;

    public CiAdoptionTests()
    {
        // These tests are about suppressions, baselines and formats, not the catalog: pin the four rules they use
        // and switch every category off, so rules added later do not change their expected output.
        File.WriteAllText(
            PathOf(".electionaudit.yml"),
            "version: 1\ncategories: {dns: none, tls: none, web-server: none, backup: none, results: none, organisation: none, cross-infrastructure: none}\n" +
            "rules: {EA5001: error, EA5002: error, EA6001: error, EA6003: error}\n");
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CommandLine.Run([.. args, "--root", _temp, "--as-of", "2027-02-10"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string PathOf(string name) => System.IO.Path.Combine(_temp, name);

    [Fact]
    public void Baseline_create_then_scan_reports_only_new_findings_across_edits_that_shift_lines_and_update_keeps_old_entries()
    {
        File.WriteAllText(PathOf("election.yml"), Descriptor);
        var baseline = PathOf("baseline.json");
        Run("baseline", "create", "-o", baseline).Exit.ShouldBe(CommandLine.Success);
        var entries = JsonDocument.Parse(File.ReadAllText(baseline)).RootElement.GetProperty("findings").EnumerateArray().Select(e => e.GetProperty("ruleId").GetString()).ToList();
        entries.ShouldBe(["EA5001", "EA5002", "EA6001", "EA6003"]);
        File.ReadAllText(baseline).ShouldNotContain("line", Case.Insensitive);

        // Lines shift: the accepted findings still match.
        File.WriteAllText(PathOf("election.yml"), "# Election infrastructure of the county\n\n" + Descriptor);
        var (exit, output, _) = Run("scan", "--baseline", baseline);
        exit.ShouldBe(CommandLine.Success);
        output.ShouldStartWith("0 errors, 0 warnings, 0 notes in 1 file");

        // The same descriptor in another file is new: a finding that moves to another file is new.
        File.Move(PathOf("election.yml"), PathOf("county.election.yml"));
        var moved = Run("scan", "--baseline", baseline, "--format", "sarif", "--include-suppressed");
        moved.Exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        var results = JsonDocument.Parse(moved.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("baselineState").GetString(), r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())).ShouldBe(
        [
            ("EA5001", "new", "county.election.yml"), ("EA5002", "new", "county.election.yml"), ("EA6001", "new", "county.election.yml"), ("EA6003", "new", "county.election.yml"),
            ("EA5001", "absent", "election.yml"), ("EA5002", "absent", "election.yml"), ("EA6001", "absent", "election.yml"), ("EA6003", "absent", "election.yml"),
        ]);
        results.ShouldAllBe(r => r.GetProperty("suppressions").GetArrayLength() == 0);

        // update merges: the old file's entries stay, the new file's are added.
        Run("baseline", "update", "-o", baseline).Exit.ShouldBe(CommandLine.Success);
        var updated = JsonDocument.Parse(File.ReadAllText(baseline)).RootElement.GetProperty("findings").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("ruleId").GetString())).ToList();
        updated.Count.ShouldBe(8);
        updated.Count(e => e.Item1 == "election.yml").ShouldBe(4);
        Run("baseline", "update", "-o", baseline, "--prune").Exit.ShouldBe(CommandLine.Success);
        JsonDocument.Parse(File.ReadAllText(baseline)).RootElement.GetProperty("findings").GetArrayLength().ShouldBe(4);
    }

    [Fact]
    public void Inline_suppression_in_the_descriptor_and_the_suppression_file_silence_findings_and_sarif_marks_them_in_audit_mode()
    {
        File.WriteAllText(PathOf("election.yml"), "# electionaudit-disable-next-line EA5001, EA5002 -- results are published by the national authority\n" + Descriptor);
        File.WriteAllText(PathOf(".electionaudit-suppressions.yml"), "suppressions:\n  - rule: EA6003\n    path: \"*.yml\"\n    justification: exercise scheduled for 2027-03-01\n    until: 2027-03-01\n");
        var (exit, output, _) = Run("scan", "--format", "sarif", "--include-suppressed");
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("suppressions").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).FirstOrDefault())).ShouldBe(
        [
            ("EA6001", null), ("EA5001", "inSource"), ("EA5002", "inSource"), ("EA6003", "external"),
        ]);
        results[1].GetProperty("suppressions")[0].GetProperty("justification").GetString().ShouldBe("results are published by the national authority");
        results.ShouldAllBe(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!.Contains(':'));

        var plain = Run("scan", "--format", "sarif");
        var plainResults = JsonDocument.Parse(plain.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        plainResults.Select(r => r.GetProperty("ruleId").GetString()).ShouldBe(["EA6001"]);
        plainResults.Count(r => r.TryGetProperty("suppressions", out var unused)).ShouldBe(0);
    }

    [Fact]
    public void Several_formats_at_once_each_to_its_file()
    {
        File.WriteAllText(PathOf("election.yml"), Descriptor);
        var (exit, output, error) = Run("scan", "--format", $"sarif={PathOf("out.sarif")}", "--format", $"markdown={PathOf("summary.md")}", "--format", $"junit={PathOf("junit.xml")}", "--format", $"gitlab={PathOf("gl.json")}", "--format", $"json={PathOf("out.json")}");
        exit.ShouldBe(CommandLine.FindingsAtFailLevel);
        output.ShouldBeEmpty();
        error.ShouldStartWith("4 errors, 0 warnings, 0 notes in 1 file");

        JsonDocument.Parse(File.ReadAllText(PathOf("out.sarif"))).RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");

        var markdown = File.ReadAllText(PathOf("summary.md"));
        markdown.ShouldStartWith("## ElectionAudit: 4 errors, 0 warnings, 0 notes\n");
        markdown.ShouldContain("| results | 2 | 0 | 0 |");
        markdown.ShouldContain("| organisation | 2 | 0 | 0 |");
        markdown.ShouldContain("| error | [EA6001](");

        var gitlab = JsonDocument.Parse(File.ReadAllText(PathOf("gl.json"))).RootElement.EnumerateArray().ToList();
        gitlab.Count.ShouldBe(4);
        foreach (var issue in gitlab)
        {
            // GitLab's required fields (docs: Code Quality report format).
            issue.GetProperty("description").GetString().ShouldNotBeNullOrEmpty();
            issue.GetProperty("check_name").GetString()!.ShouldMatch("^EA\\d{4}$");
            issue.GetProperty("fingerprint").GetString()!.Length.ShouldBe(32);
            issue.GetProperty("severity").GetString().ShouldBe("critical");
            issue.GetProperty("location").GetProperty("path").GetString().ShouldBe("election.yml");
            issue.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(1);
        }

        gitlab.Select(i => i.GetProperty("fingerprint").GetString()).Distinct().Count().ShouldBe(4);

        var json = JsonDocument.Parse(File.ReadAllText(PathOf("out.json"))).RootElement;
        json.GetProperty("version").GetInt32().ShouldBe(1);
        json.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(4);
        json.GetProperty("findings")[0].GetProperty("ruleId").GetString().ShouldBe("EA5001");

        var junit = XDocument.Load(PathOf("junit.xml"));
        JUnitSchema.Validate(junit).ShouldBeEmpty();
        var suite = junit.Root!.Element("testsuite")!;
        suite.Attribute("name")!.Value.ShouldBe("election.yml");
        suite.Elements("testcase").Count(c => c.Element("failure") is not null).ShouldBe(4);
        junit.Root.Attribute("failures")!.Value.ShouldBe("4");
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--format", "sarif", "--format", "json")]
    [InlineData("--baseline", "missing.json")]
    public void Invalid_format_or_baseline_arguments_exit_2(params string[] args)
    {
        File.WriteAllText(PathOf("election.yml"), Descriptor);
        Run(["scan", .. args]).Exit.ShouldBe(CommandLine.InvalidInvocation);
    }
}
