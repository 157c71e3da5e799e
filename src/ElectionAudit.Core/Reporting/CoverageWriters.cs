using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ElectionAudit.Rules;

namespace ElectionAudit.Reporting;

/// <summary>Names of coverage verdicts as the reports print them.</summary>
public static class CoverageStatusNames
{
    /// <summary>The kebab-case name: <c>passed</c>, <c>failed</c>, <c>not-evaluated</c>, <c>policy</c>.</summary>
    public static string ToName(this CoverageStatus status) => status switch
    {
        CoverageStatus.Passed => "passed",
        CoverageStatus.Failed => "failed",
        CoverageStatus.NotEvaluated => "not-evaluated",
        CoverageStatus.Policy => "policy",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The kebab-case name: <c>full</c>, <c>partial</c>, <c>no-input</c>, <c>disabled</c>.</summary>
    public static string ToName(this RuleEvaluation evaluation) => evaluation switch
    {
        RuleEvaluation.Full => "full",
        RuleEvaluation.Partial => "partial",
        RuleEvaluation.NoInput => "no-input",
        RuleEvaluation.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(evaluation)),
    };

    /// <summary>The verdict as people read it: <c>passed</c>, <c>failed</c>, <c>not evaluated</c>, <c>policy only</c>.</summary>
    public static string ToDisplay(this CoverageStatus status) => status switch
    {
        CoverageStatus.NotEvaluated => "not evaluated",
        CoverageStatus.Policy => "policy only",
        _ => status.ToName(),
    };

    internal static string MappingName(TraceMapping mapping) => mapping == TraceMapping.Explicit ? "explicit" : "our reading";
}

/// <summary>The coverage report as Markdown, for a CI job summary: one table per source, one row per item.</summary>
public static class CoverageMarkdownWriter
{
    /// <summary>The Markdown text (LF line ends, trailing newline).</summary>
    public static string ToText(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var enisa = report.GetSection(TraceSource.Enisa);
        md.Append("## ElectionAudit coverage: ENISA election-cybersecurity recommendations\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{Count(enisa, CoverageStatus.Passed)} passed, {Count(enisa, CoverageStatus.Failed)} failed, {Count(enisa, CoverageStatus.NotEvaluated)} not evaluated, {Count(enisa, CoverageStatus.Policy)} policy only; as of {report.AsOf:yyyy-MM-dd}. ");
        md.Append("Inputs: ").Append(report.Inputs.IsEmpty ? "none" : string.Join(", ", report.Inputs.Select(i => $"{i.Format.Name} ({i.Files.ToString(CultureInfo.InvariantCulture)})"))).Append(".\n");
        md.Append("A rule marked *(our reading)* maps to the source by our interpretation, not by the source's own words.\n");
        foreach (var section in report.Sections)
        {
            md.Append("\n### ").Append(section.Title).Append("\n\n");
            md.Append("| Reference | Status | Findings | Rules |\n|---|---|---|---|\n");
            foreach (var item in section.Items)
            {
                var reference = section.Source == TraceSource.Enisa ? $"**{item.Reference}** {Escape(item.Title)}{(item.IsPolicy ? " *(policy)*" : string.Empty)}" : Escape(item.Reference);
                var status = item.Status.ToDisplay() + (item.Reason is null ? string.Empty : ": " + Escape(item.Reason));
                var rules = item.Rules.IsEmpty ? "—" : string.Join(", ", item.Rules.Select(Rule));
                md.Append(CultureInfo.InvariantCulture, $"| {reference} | {status} | {item.Findings} | {rules} |\n");
            }
        }

        return md.ToString();
    }

    private static string Rule(RuleCoverage rule)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{rule.Rule.Id}]({rule.Rule.HelpUri}) {rule.Status.ToDisplay()}");
        if (rule.Mapping == TraceMapping.Interpretation)
        {
            text.Append(" *(our reading)*");
        }

        if (rule.Evaluation == RuleEvaluation.Partial)
        {
            text.Append(" (partial: ").Append(Escape(rule.Reason!)).Append(')');
        }

        return text.ToString();
    }

    private static int Count(CoverageSection section, CoverageStatus status) => section.Items.Count(i => i.Status == status);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

/// <summary>The coverage report as versioned JSON (documented in <c>docs/coverage-json.md</c>).</summary>
public static class CoverageJsonWriter
{
    /// <summary>The JSON text (indented, LF line ends, trailing newline).</summary>
    public static string ToText(CoverageReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(toolVersion);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", CoverageReport.JsonVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "ElectionAudit");
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            json.WriteString("asOf", report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteStartArray("inputs");
            foreach (var input in report.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("format", input.Format.Name);
                json.WriteNumber("files", input.Files);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("sections");
            foreach (var section in report.Sections)
            {
                json.WriteStartObject();
                json.WriteString("source", TraceReference.SourceLabel(section.Source));
                json.WriteString("title", section.Title);
                json.WriteStartArray("items");
                foreach (var item in section.Items)
                {
                    json.WriteStartObject();
                    json.WriteString("reference", item.Reference);
                    json.WriteString("title", item.Title);
                    json.WriteString("kind", item.IsPolicy ? "policy" : "technical");
                    json.WriteString("status", item.Status.ToName());
                    if (item.Reason is { } reason)
                    {
                        json.WriteString("reason", reason);
                    }

                    WriteCounts(json, item.Findings);
                    json.WriteStartArray("rules");
                    foreach (var rule in item.Rules)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", rule.Rule.Id);
                        json.WriteString("title", rule.Rule.Title);
                        json.WriteString("mapping", rule.Mapping == TraceMapping.Explicit ? "explicit" : "interpretation");
                        json.WriteString("evaluation", rule.Evaluation.ToName());
                        json.WriteString("status", rule.Status.ToName());
                        if (rule.Reason is { } ruleReason)
                        {
                            json.WriteString("reason", ruleReason);
                        }

                        WriteCounts(json, rule.Findings);
                        json.WriteNumber("suppressed", rule.Suppressed);
                        json.WriteString("helpUri", rule.Rule.HelpUri);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteCounts(Utf8JsonWriter json, FindingCounts counts)
    {
        json.WriteStartObject("findings");
        json.WriteNumber("error", counts.Errors);
        json.WriteNumber("warning", counts.Warnings);
        json.WriteNumber("note", counts.Notes);
        json.WriteEndObject();
    }
}

/// <summary>
/// The coverage report as one self-contained HTML file a reviewer can open from a CI artifact: inline CSS, no scripts,
/// no external resources. One table per source; each item is one row with the class <c>item</c> and, for ENISA, also
/// <c>recommendation</c>.
/// </summary>
public static class CoverageHtmlWriter
{
    /// <summary>The document's title.</summary>
    public const string Title = "ElectionAudit coverage report";

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1b1f24; background: #ffffff; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
        h2 { font-size: 1.15rem; margin-top: 2rem; }
        p.summary { color: #444c56; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #d0d7de; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: #f1f3f5; }
        th:nth-child(1) { width: 26%; } th:nth-child(2) { width: 14%; } th:nth-child(3) { width: 10%; }
        .status { font-weight: 600; white-space: nowrap; border-radius: 4px; padding: 0.1rem 0.4rem; }
        .passed { background: #d3f3dc; color: #0f5323; }
        .failed { background: #ffd8d6; color: #8a1010; }
        .not-evaluated { background: #eceff1; color: #444c56; }
        .policy { background: #e4e0ff; color: #3a2a8a; }
        .reason { color: #57606a; font-size: 0.9rem; }
        ul.rules { margin: 0; padding-left: 1.1rem; }
        .reading { font-style: italic; color: #57606a; }
        """;

    /// <summary>The HTML text (LF line ends, trailing newline).</summary>
    public static string ToText(CoverageReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(toolVersion);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Title).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Title).Append("</h1>\n");
        var enisa = report.GetSection(TraceSource.Enisa);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\">ENISA recommendations: {Count(enisa, CoverageStatus.Passed)} passed, {Count(enisa, CoverageStatus.Failed)} failed, {Count(enisa, CoverageStatus.NotEvaluated)} not evaluated, {Count(enisa, CoverageStatus.Policy)} policy only. ");
        html.Append(CultureInfo.InvariantCulture, $"As of {report.AsOf:yyyy-MM-dd}; ElectionAudit {Encode(toolVersion)}. Inputs: ");
        html.Append(report.Inputs.IsEmpty ? "none" : Encode(string.Join(", ", report.Inputs.Select(i => $"{i.Format.Name} ({i.Files.ToString(CultureInfo.InvariantCulture)})"))));
        html.Append(".</p>\n");
        foreach (var section in report.Sections)
        {
            html.Append("<h2>").Append(Encode(section.Title)).Append("</h2>\n");
            html.Append("<table>\n<thead><tr><th>Reference</th><th>Status</th><th>Findings</th><th>Rules</th></tr></thead>\n<tbody>\n");
            var rowClass = section.Source == TraceSource.Enisa ? "item recommendation" : "item";
            foreach (var item in section.Items)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{rowClass}\" id=\"{Encode(Anchor(section.Source, item.Reference))}\">");
                html.Append("<td><strong>").Append(Encode(item.Reference)).Append("</strong>");
                if (section.Source == TraceSource.Enisa)
                {
                    html.Append(' ').Append(Encode(item.Title)).Append(item.IsPolicy ? " <em>(policy)</em>" : string.Empty);
                }

                html.Append("</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td><span class=\"status {item.Status.ToName()}\">{item.Status.ToDisplay()}</span>");
                if (item.Reason is { } reason)
                {
                    html.Append("<div class=\"reason\">").Append(Encode(reason)).Append("</div>");
                }

                html.Append("</td><td>").Append(Encode(item.Findings.ToString())).Append("</td><td>");
                if (item.Rules.IsEmpty)
                {
                    html.Append('—');
                }
                else
                {
                    html.Append("<ul class=\"rules\">");
                    foreach (var rule in item.Rules)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Encode(rule.Rule.HelpUri)}\">{rule.Rule.Id}</a> {Encode(rule.Rule.Title)}: <span class=\"status {rule.Status.ToName()}\">{rule.Status.ToDisplay()}</span>");
                        if (rule.Findings.Total > 0)
                        {
                            html.Append(" (").Append(Encode(rule.Findings.ToString())).Append(')');
                        }

                        if (rule.Mapping == TraceMapping.Interpretation)
                        {
                            html.Append(" <span class=\"reading\">our reading</span>");
                        }

                        if (rule.Reason is { } ruleReason)
                        {
                            html.Append(" <span class=\"reason\">").Append(rule.Evaluation == RuleEvaluation.Partial ? "partial: " : string.Empty).Append(Encode(ruleReason)).Append("</span>");
                        }

                        html.Append("</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Anchor(TraceSource source, string reference) =>
        (source == TraceSource.Enisa ? string.Empty : source == TraceSource.Compendium ? "cmp-" : "cis-") + string.Concat(reference.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static int Count(CoverageSection section, CoverageStatus status) => section.Items.Count(i => i.Status == status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
