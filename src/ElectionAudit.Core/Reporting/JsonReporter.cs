using System.Text;
using System.Text.Json;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Reporting;

/// <summary>
/// The JSON report, format version 1 (documented in the README, "JSON output"): <c>version</c>, <c>tool</c>,
/// <c>summary</c> (errors, warnings, notes, files, suppressed, and the baseline's new/unchanged/absent counts when one was
/// applied), <c>findings</c> (ruleId, title, category, severity, message, path, startLine, startColumn, endLine, endColumn,
/// logicalKey, fingerprint, helpUri, relatedLocations) and <c>suppressed</c> (the same, plus <c>suppression</c>).
/// Fields are only ever added within a version; a removal or change of meaning raises the version.
/// </summary>
public static class JsonReporter
{
    /// <summary>The format version written.</summary>
    public const int FormatVersion = 1;

    /// <summary>The report's text (UTF-8 JSON, trailing newline).</summary>
    public static string ToText(AuditResult result, string toolVersion) => ReportWriting.ToText(stream => Write(result, stream, toolVersion));

    /// <summary>Writes the report to <paramref name="stream"/> (UTF-8 JSON, no BOM, trailing newline) as it goes, without holding it whole.</summary>
    public static void Write(AuditResult result, Stream stream, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(toolVersion);
        using (var json = new Utf8JsonWriter(stream, ReportWriting.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "ElectionAudit");
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            json.WriteStartObject("summary");
            json.WriteNumber("errors", result.Count(Severity.Error));
            json.WriteNumber("warnings", result.Count(Severity.Warning));
            json.WriteNumber("notes", result.Count(Severity.Note));
            json.WriteNumber("files", result.Model.SyntaxTrees.Length);
            json.WriteNumber("suppressed", result.Suppressed.Length);
            json.WriteString("failOn", result.FailOn.ToName());
            json.WriteBoolean("failed", result.HasFailures);
            if (result.Baseline is { } baseline)
            {
                json.WriteStartObject("baseline");
                json.WriteNumber("new", baseline.New.Length);
                json.WriteNumber("unchanged", baseline.Unchanged.Length);
                json.WriteNumber("absent", baseline.Absent.Length);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var finding in result.Findings)
            {
                WriteFinding(json, finding, null);
            }

            json.WriteEndArray();
            json.WriteStartArray("suppressed");
            foreach (var suppressed in result.Suppressed)
            {
                WriteFinding(json, suppressed.Finding, suppressed.Suppression);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.Write("\n"u8);
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding, Suppressions.Suppression? suppression)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("title", finding.Rule.Title);
        json.WriteString("category", finding.Rule.Category.ToName());
        json.WriteString("severity", finding.Severity.ToName());
        // The message and the key as the finding's characters (a stored finding's are the thread's scratch, one read at a
        // time): written at once, without a string each.
        json.WriteString("message", finding.MessageSpan);
        WriteLocation(json, finding.Location);
        var logicalKey = finding.LogicalKeySpan;
        json.WriteString("logicalKey", logicalKey);
        SarifWriter.WriteStableHash(json, "fingerprint", finding.RuleId, finding.Location.Path, logicalKey);
        json.WriteString("helpUri", finding.Rule.HelpUri);
        json.WriteStartArray("relatedLocations");
        var related = finding.ReadRelatedLocations();
        while (related.MoveNext())
        {
            json.WriteStartObject();
            WriteLocation(json, related.Path, related.StartLine, related.StartColumn, related.EndLine, related.EndColumn);
            json.WriteString("message", related.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (suppression is not null)
        {
            json.WriteStartObject("suppression");
            json.WriteString("kind", suppression.Kind switch { Suppressions.SuppressionKind.NextLine => "next-line", Suppressions.SuppressionKind.Region => "region", _ => "file" });
            if (suppression.Justification is { } justification)
            {
                json.WriteString("justification", justification);
            }
            else
            {
                json.WriteNull("justification");
            }

            if (suppression.Until is { } until)
            {
                json.WriteString("until", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteString("path", suppression.Location.Path);
            json.WriteNumber("line", suppression.Location.StartLine);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        ReportWriting.FlushWhenFull(json);
    }

    private static void WriteLocation(Utf8JsonWriter json, Location location) =>
        WriteLocation(json, location.Path, location.StartLine, location.StartColumn, location.EndLine, location.EndColumn);

    private static void WriteLocation(Utf8JsonWriter json, string path, int startLine, int startColumn, int endLine, int endColumn)
    {
        json.WriteString("path", path);
        json.WriteNumber("startLine", startLine);
        json.WriteNumber("startColumn", startColumn);
        json.WriteNumber("endLine", endLine);
        json.WriteNumber("endColumn", endColumn);
    }
}
