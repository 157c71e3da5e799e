using System.Globalization;
using System.Text;
using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Reporting;

/// <summary>Options of the Markdown summary.</summary>
public sealed record MarkdownOptions
{
    /// <summary>
    /// Prefix that turns a relative path into a link, for example <c>https://github.com/org/repo/blob/SHA/</c>;
    /// null writes paths without links. Lines are appended as <c>#Lnn</c>.
    /// </summary>
    public string? SourceLinkBase { get; init; }

    /// <summary>How many findings the "top findings" table lists.</summary>
    public int TopFindings { get; init; } = 20;
}

/// <summary>
/// A Markdown summary for a GitHub step summary or a pull-request comment: counts by severity and by area, then the
/// top findings (most severe first) with links to the line and to the rule page.
/// </summary>
public static class MarkdownReporter
{
    /// <summary>The summary's text.</summary>
    public static string ToText(AuditResult result, MarkdownOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        options ??= new MarkdownOptions();
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        var verdict = result.HasFailures ? "fails" : "passes";
        text.Append(CultureInfo.InvariantCulture, $"## ElectionAudit: {N(result.Count(Severity.Error))} errors, {N(result.Count(Severity.Warning))} warnings, {N(result.Count(Severity.Note))} notes\n\n");
        text.Append(CultureInfo.InvariantCulture, $"The scan {verdict} at fail level **{result.FailOn.ToName()}** ({N(result.Model.SyntaxTrees.Length)} files, {N(result.Rules.Length)} rules");
        if (result.Suppressed.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {N(result.Suppressed.Length)} suppressed");
        }

        if (result.Baseline is { } baseline)
        {
            text.Append(CultureInfo.InvariantCulture, $"; baseline: {N(baseline.New.Length)} new, {N(baseline.Unchanged.Length)} unchanged, {N(baseline.Absent.Length)} fixed");
        }

        text.Append(").\n\n");
        if (result.Findings.IsEmpty)
        {
            text.Append("No findings.\n");
            return text.ToString();
        }

        text.Append("| Area | Errors | Warnings | Notes |\n|---|---:|---:|---:|\n");
        foreach (var area in result.Findings.GroupBy(f => f.Rule.Category).OrderBy(g => g.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {area.Key.ToName()} | {N(area.Count(f => f.Severity == Severity.Error))} | {N(area.Count(f => f.Severity == Severity.Warning))} | {N(area.Count(f => f.Severity == Severity.Note))} |\n");
        }

        var top = result.Findings.OrderByDescending(f => f.Severity).Take(options.TopFindings).ToList();
        text.Append(CultureInfo.InvariantCulture, $"\n### Top findings ({N(top.Count)} of {N(result.Findings.Length)})\n\n| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
        foreach (var finding in top)
        {
            var where = $"{finding.Location.Path}:{N(finding.Location.StartLine)}";
            var link = options.SourceLinkBase is null ? Escape(where) : $"[{Escape(where)}]({options.SourceLinkBase}{SarifWriter.EscapeUri(finding.Location.Path)}#L{N(finding.Location.StartLine)})";
            text.Append(CultureInfo.InvariantCulture, $"| {finding.Severity.ToName()} | [{finding.RuleId}]({finding.Rule.HelpUri}) | {link} | {Escape(finding.Message)} |\n");
        }

        return text.ToString();
    }

    private static string Escape(string text) => VisibleText.Of(text.Replace("\n", " ", StringComparison.Ordinal)).Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
