using System.Globalization;
using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Reporting;

/// <summary>Writes findings for people: <c>path:line:col: severity EAnnnn: message</c>, the offending line with a caret underline, and a summary.</summary>
public static class TextReporter
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>; ANSI colours only when <paramref name="useColor"/>.</summary>
    public static void Write(AuditResult result, TextWriter writer, bool useColor)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var finding in result.Findings)
        {
            var location = finding.Location;
            var severity = finding.Severity.ToName();
            var colored = useColor ? $"{Color(finding.Severity)}{severity}\u001b[0m" : severity;
            writer.WriteLine($"{location.Path}:{location.StartLine}:{location.StartColumn}: {colored} {finding.RuleId}: {finding.Message}");
            if (result.Sources.TryGetValue(location.Path, out var source) && location.StartLine <= source.LineCount)
            {
                var line = source.GetLineText(location.StartLine).Replace('\t', ' ');
                int start = Math.Min(location.StartColumn - 1, line.Length);
                int end = location.EndLine == location.StartLine ? Math.Min(location.EndColumn - 1, line.Length) : line.Length;
                int width = Math.Max(1, end - start);
                writer.WriteLine("  " + line);
                writer.WriteLine("  " + new string(' ', start) + "^" + new string('~', width - 1));
            }

            foreach (var related in finding.RelatedLocations)
            {
                writer.WriteLine($"  {related.Location.Path}:{related.Location.StartLine}:{related.Location.StartColumn}: note: {related.Message}");
            }
        }

        foreach (var notification in result.Notifications)
        {
            writer.WriteLine($"tool {notification.Level}: {notification.Message}");
        }

        writer.WriteLine(Summary(result));
    }

    /// <summary>The summary line, for example <c>3 errors, 1 warning, 0 notes in 4 files (12 rules)</c>.</summary>
    public static string Summary(AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        static string Plural(int n, string word) => n.ToString(CultureInfo.InvariantCulture) + " " + word + (n == 1 ? string.Empty : "s");
        return $"{Plural(result.Count(Severity.Error), "error")}, {Plural(result.Count(Severity.Warning), "warning")}, {Plural(result.Count(Severity.Note), "note")} in {Plural(result.Model.SyntaxTrees.Length, "file")} ({Plural(result.Rules.Length, "rule")}, fail level {result.FailOn.ToName()})";
    }

    private static string Color(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[31m",
        Severity.Warning => "\u001b[33m",
        _ => "\u001b[36m",
    };
}
