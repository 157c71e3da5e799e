using System.Diagnostics;
using YamlDotNet.RepresentationModel;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

/// <summary>
/// The composite GitHub Action (action.yml): its declared interface, and its scan step's script run for real with bash,
/// the way a runner runs it (inputs in the environment, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against the
/// built tool. The setup-dotnet, install and upload steps need GitHub's runners and are checked for shape only.
/// </summary>
public sealed class GitHubActionTests : IDisposable
{
    private static readonly string Repository = RepositoryRoot;
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-action-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static YamlMappingNode Action()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Repository, "action.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? string.Empty : string.Empty;

    private static List<YamlMappingNode> Steps() =>
        [.. ((YamlSequenceNode)Map(Action(), "runs").Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>()];

    [Fact]
    public void The_action_is_composite_with_the_documented_inputs_and_uploads_with_codeql_upload_sarif()
    {
        var action = Action();
        Scalar(Map(action, "runs"), "using").ShouldBe("composite");
        Map(action, "inputs").Children.Keys.Select(k => ((YamlScalarNode)k).Value).ShouldBe(["paths", "fail-on", "baseline", "config", "category", "version", "upload"]);
        var steps = Steps();
        steps.Select(s => Scalar(s, "uses")).ShouldContain("github/codeql-action/upload-sarif@v3");
        steps.Where(s => Scalar(s, "run").Length > 0).ShouldAllBe(s => Scalar(s, "shell") == "bash");

        // Inputs reach scripts only through env, never by ${{ }} expansion inside the script (script injection).
        steps.Select(s => Scalar(s, "run")).ShouldAllBe(run => !run.Contains("${{", StringComparison.Ordinal));
    }

    [Fact]
    public void The_example_workflow_grants_what_the_upload_needs()
    {
        var text = File.ReadAllText(Path.Combine(Repository, "docs", "ci", "github-actions.yml"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var permissions = Map(stream.Documents[0].RootNode, "permissions");
        Scalar(permissions, "security-events").ShouldBe("write");
        Scalar(permissions, "contents").ShouldBe("read");
    }

    [Theory]
    [InlineData("action.yml")]
    [InlineData(".pre-commit-hooks.yaml")]
    [InlineData("docs/ci/github-actions.yml")]
    [InlineData("docs/ci/gitlab-ci.yml")]
    [InlineData("docs/ci/azure-pipelines.yml")]
    public void Every_ci_definition_is_valid_yaml(string path)
    {
        // A plain scalar with ": " inside (once in action.yml) makes the whole file unreadable to the runner.
        var stream = new YamlStream();
        Should.NotThrow(() => stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository, path)))));
        stream.Documents.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("", "1", true)]
    [InlineData("none", "0", false)]
    public async Task The_scan_step_script_scans_writes_outputs_and_summary_and_fails_only_after_the_upload(string failOn, string exitCode, bool findingsFail)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/bash"))
        {
            Assert.Skip("bash is not installed; the action's scripts are bash.");
            return;
        }

        // The runner puts the installed tool on PATH; here a shim runs the tool built next to the tests.
        var bin = Directory.CreateDirectory(Path.Combine(_temp, "bin")).FullName;
        var shim = Path.Combine(bin, "electionaudit");
        File.WriteAllText(shim, $"#!/bin/bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "electionaudit.dll")}\" \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var scan = Steps().Single(s => Scalar(s, "id") == "scan");
        var script = Path.Combine(_temp, "scan.sh");
        File.WriteAllText(script, "set -e\n" + Scalar(scan, "run"));
        var output = Path.Combine(_temp, "github_output");
        var summary = Path.Combine(_temp, "step_summary");
        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["GITHUB_WORKSPACE"] = Repository;
        info.Environment["RUNNER_TEMP"] = _temp;
        info.Environment["GITHUB_OUTPUT"] = output;
        info.Environment["GITHUB_STEP_SUMMARY"] = summary;
        info.Environment["EA_PATHS"] = "samples";
        info.Environment["EA_FAIL_ON"] = failOn;
        info.Environment["EA_BASELINE"] = string.Empty;
        info.Environment["EA_CONFIG"] = string.Empty;
        info.Environment["EA_CATEGORY"] = "electionaudit";
        info.WorkingDirectory = Repository;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBeTrue("the scan step did not finish in two minutes");

        // Findings at the fail level do not fail this step: the upload runs first and a later step fails the job.
        process.ExitCode.ShouldBe(0, await stderr + await stdout);
        File.ReadAllLines(output).ShouldBe([$"sarif-file={_temp}/electionaudit.sarif", $"exit-code={exitCode}"]);
        File.ReadAllText(Path.Combine(_temp, "electionaudit.sarif")).ShouldContain("\"automationDetails\"");
        File.ReadAllText(summary).ShouldStartWith("## ElectionAudit: ");
        (exitCode == "1").ShouldBe(findingsFail);
    }
}
