using System.Globalization;
using System.Text;
using ElectionAudit.Rules;

namespace ElectionAudit.Reporting;

/// <summary>Generates <c>rules-docs/README.md</c>: the rule index and the traceability matrix, from the descriptors alone.</summary>
public static class RuleCatalogWriter
{
    /// <summary>The Markdown text (LF line ends, trailing newline).</summary>
    public static string Write(IEnumerable<RuleDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var rules = descriptors.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var md = new StringBuilder();
        md.Append("# Rule catalog\n\n");
        md.Append("Generated from the rule descriptors by `ELECTIONAUDIT_REGENERATE=1 dotnet test`; a test fails when this file is stale. Do not edit by hand.\n\n");
        md.Append("| ID | Title | Severity | Category | Reads | Sources |\n|---|---|---|---|---|---|\n");
        foreach (var rule in rules)
        {
            md.Append(CultureInfo.InvariantCulture, $"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.DefaultSeverity.ToName()} | {rule.Category.ToName()} | {string.Join(", ", rule.Formats.Select(f => f.Name))} | {string.Join("; ", rule.Traceability.Select(t => t.Label))} |\n");
        }

        md.Append("\n## Traceability: ENISA recommendations\n\n");
        md.Append("Which rules give evidence for each recommendation of ENISA's *Election Cybersecurity: Challenges and Opportunities* (2019). `[I]` marks a mapping that is our reading rather than stated by the source.\n\n");
        md.Append("| Recommendation | Rules |\n|---|---|\n");
        for (int n = 1; n <= 12; n++)
        {
            var reference = "E" + n.ToString(CultureInfo.InvariantCulture);
            var citing = rules.SelectMany(r => r.Traceability.Where(t => t.Source == TraceSource.Enisa && t.Reference == reference).Select(t => $"[{r.Id}]({r.Id}.md){(t.Mapping == TraceMapping.Interpretation ? " [I]" : string.Empty)}")).ToList();
            md.Append(CultureInfo.InvariantCulture, $"| {reference} (1.{n}) | {(citing.Count == 0 ? "— (no rule yet)" : string.Join(", ", citing))} |\n");
        }

        md.Append("\n## Traceability: other sources\n\n| Source | Reference | Rules |\n|---|---|---|\n");
        foreach (var group in rules
            .SelectMany(r => r.Traceability.Where(t => t.Source != TraceSource.Enisa).Select(t => (Trace: t, Rule: r)))
            .GroupBy(x => (x.Trace.Source, x.Trace.Reference))
            .OrderBy(g => g.Key.Source)
            .ThenBy(g => g.Key.Reference, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {TraceReference.SourceLabel(group.Key.Source)} | {group.Key.Reference} | {string.Join(", ", group.Select(x => $"[{x.Rule.Id}]({x.Rule.Id}.md){(x.Trace.Mapping == TraceMapping.Interpretation ? " [I]" : string.Empty)}"))} |\n");
        }

        return md.ToString();
    }
}
