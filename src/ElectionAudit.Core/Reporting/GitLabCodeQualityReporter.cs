using System.Text;
using System.Text.Json;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Reporting;

/// <summary>
/// GitLab's code quality report (<c>artifacts:reports:codequality</c>): a JSON array of issues with the fields GitLab
/// documents as required: <c>description</c>, <c>check_name</c>, <c>fingerprint</c>, <c>severity</c> (info, minor, major,
/// critical or blocker) and <c>location.path</c> with <c>location.lines.begin</c> (GitLab docs, "Code Quality", "Code
/// Quality report format"). Errors map to critical, warnings to major, notes to info.
/// </summary>
public static class GitLabCodeQualityReporter
{
    /// <summary>The GitLab severity of a finding's severity.</summary>
    public static string ToGitLabSeverity(Severity severity) => severity switch
    {
        Severity.Error => "critical",
        Severity.Warning => "major",
        _ => "info",
    };

    /// <summary>The report's text.</summary>
    public static string ToText(AuditResult result) => ReportWriting.ToText(stream => Write(result, stream));

    /// <summary>Writes the report to <paramref name="stream"/> (UTF-8 JSON, no BOM, trailing newline) as it goes, without holding it whole.</summary>
    public static void Write(AuditResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        // "EAnnnn: message", joined in one buffer reused for every finding rather than made a string each.
        var description = new CharBuffer();
        using (var json = new Utf8JsonWriter(stream, ReportWriting.JsonOptions))
        {
            json.WriteStartArray();
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("type", "issue");
                description.Clear();
                description.Append(finding.RuleId);
                description.Append(": ");
                description.Append(finding.MessageSpan);
                json.WriteString("description", description.Text);
                json.WriteString("check_name", finding.RuleId);
                SarifWriter.WriteStableHash(json, "fingerprint", finding.RuleId, finding.Location.Path, finding.LogicalKeySpan);
                json.WriteString("severity", ToGitLabSeverity(finding.Severity));
                json.WriteStartArray("categories");
                json.WriteStringValue("Security");
                json.WriteEndArray();
                json.WriteStartObject("location");
                json.WriteString("path", finding.Location.Path);
                json.WriteStartObject("lines");
                json.WriteNumber("begin", finding.Location.StartLine);
                json.WriteNumber("end", finding.Location.EndLine);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                ReportWriting.FlushWhenFull(json);
            }

            json.WriteEndArray();
        }

        stream.Write("\n"u8);
    }
}
