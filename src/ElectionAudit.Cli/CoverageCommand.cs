using System.CommandLine;
using System.Text;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;

namespace ElectionAudit.Cli;

/// <content>The <c>coverage</c> command: the traceability report for one scan.</content>
public static partial class CommandLine
{
    /// <summary>The formats <c>coverage --format</c> accepts.</summary>
    public static IReadOnlyList<string> CoverageFormatNames { get; } = ["markdown", "json", "html"];

    private static Command BuildCoverage(TextWriter stdout, TextWriter stderr)
    {
        var shared = new ScanOptions();
        var format = new Option<string>("--format", "-f") { Description = "markdown (for a CI job summary), json (versioned; see docs/coverage-json.md) or html (one self-contained file).", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong([.. CoverageFormatNames]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of standard output." };
        var command = new Command(
            "coverage",
            "Scan, then show for each ENISA recommendation E1-E12, Compendium topic and CIS Handbook practice the catalog cites: the rules that implement it (explicit or our reading) and whether it passed, failed or was not evaluated on this scan, and why. Exit code 0 unless the invocation is invalid (2): use 'scan' to gate CI on findings.")
        {
            format, output,
        };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var result = shared.Scan(parse, stderr);
            if (result is null)
            {
                return InvalidInvocation;
            }

            var report = CoverageReport.Build(result, new AuditEngine(BuiltInRules.All).Descriptors);
            var text = parse.GetValue(format) switch
            {
                "json" => CoverageJsonWriter.ToText(report, Version),
                "html" => CoverageHtmlWriter.ToText(report, Version),
                _ => CoverageMarkdownWriter.ToText(report),
            };
            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, text, new UTF8Encoding(false));
                stderr.WriteLine($"{path}: coverage of {report.Sections.Sum(s => s.Items.Length)} recommendations, topics and practices.");
            }
            else
            {
                stdout.Write(text);
            }

            return Success;
        });
        return command;
    }
}
