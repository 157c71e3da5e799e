using System.Text.Json;
using ElectionAudit.Cli;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

/// <summary>
/// <c>--allow-outside-root</c> through the command (issue 9): an nginx include that climbs out of the scan root is an
/// EA0003 naming the target without the flag, and with it the included file is read and its findings point at it.
/// </summary>
public sealed class OutsideRootIncludeCliTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-outside-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static List<(string RuleId, string Uri, int Line, string Message)> Results(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        return [.. document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r =>
        {
            var physical = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            return (
                r.GetProperty("ruleId").GetString()!,
                physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                physical.GetProperty("region").GetProperty("startLine").GetInt32(),
                r.GetProperty("message").GetProperty("text").GetString()!);
        })];
    }

    [Fact]
    public void An_include_out_of_the_root_is_refused_naming_the_target_unless_allowed()
    {
        var root = Path.Combine(_temp, "repo");
        Directory.CreateDirectory(Path.Combine(root, "nginx"));
        Directory.CreateDirectory(Path.Combine(_temp, "shared"));
        File.WriteAllText(Path.Combine(root, "nginx", "nginx.conf"), "events {}\nhttp {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        include ../../shared/tls.conf;\n    }\n}\n");
        File.WriteAllText(Path.Combine(_temp, "shared", "tls.conf"), "ssl_protocols TLSv1 TLSv1.2;\n");

        var (exit, output, error) = Run("scan", "--root", root, "--format", "sarif", "--fail-on", "none");
        error.ShouldNotContain("internal error");
        exit.ShouldBe(CommandLine.Success);
        var refused = Results(output);
        refused.ShouldContain(("EA0003", "nginx/nginx.conf", 6, "include \"../../shared/tls.conf\" resolves against the main configuration's directory (\"nginx\") to \"../shared/tls.conf\", outside the scan root; it was not followed (pass --allow-outside-root to follow it)"));
        refused.ShouldNotContain(r => r.Uri.StartsWith("../", StringComparison.Ordinal));

        var (allowedExit, allowedOutput, _) = Run("scan", "--root", root, "--format", "sarif", "--fail-on", "none", "--allow-outside-root");
        allowedExit.ShouldBe(CommandLine.Success);
        var allowed = Results(allowedOutput);
        allowed.ShouldNotContain(r => r.RuleId == "EA0003");
        allowed.ShouldContain(r => r.RuleId == "EA2001" && r.Uri == "../shared/tls.conf" && r.Line == 1);
    }

    [Fact]
    public void The_help_says_what_the_flag_reads_and_what_stays_refused()
    {
        var (exit, output, _) = Run("scan", "--help");
        exit.ShouldBe(0);
        var help = string.Join(' ', output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        help.ShouldContain("--allow-outside-root");
        help.ShouldContain("includes that climb out of it with ../");
        help.ShouldContain("Device files, FIFOs and sockets are never read");
    }
}
