using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using ElectionAudit.Rules;

namespace ElectionAudit.Baselines;

/// <summary>
/// One accepted finding of a baseline, keyed by rule, relative path and logical key: never by line number, so edits
/// above a finding do not break the match. A finding that moves to another file is new.
/// </summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Path">The file, relative to the scan root.</param>
/// <param name="LogicalKey">The finding's logical key.</param>
/// <param name="Message">The message when it was accepted (for people reading the file; not used for matching).</param>
public sealed record BaselineEntry(string RuleId, string Path, string LogicalKey, string Message)
{
    /// <summary>The matching key: rule, path and logical key.</summary>
    public (string RuleId, string Path, string LogicalKey) Key => (RuleId, Path, LogicalKey);

    /// <summary>The entry for a finding.</summary>
    public static BaselineEntry From(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new BaselineEntry(finding.RuleId, finding.Location.Path, finding.LogicalKey, finding.Message);
    }
}

/// <summary>A baseline file could not be read.</summary>
public sealed class BaselineFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BaselineFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BaselineFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BaselineFormatException()
    {
    }
}

/// <summary>
/// The findings a team accepted when it adopted the tool (<c>electionaudit baseline create</c>). A scan with the baseline
/// reports only findings that are not in it. The file is JSON, version 1:
/// <c>{"version": 1, "tool": "ElectionAudit", "findings": [{"ruleId", "path", "logicalKey", "message"}]}</c>,
/// entries sorted by path, rule and key so that it diffs well in review.
/// </summary>
public sealed class Baseline
{
    /// <summary>The format version written and read.</summary>
    public const int FormatVersion = 1;

    private Baseline(ImmutableArray<BaselineEntry> entries)
    {
        Entries = [.. entries
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.LogicalKey, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal)];
    }

    /// <summary>The accepted findings, sorted; a key may repeat when the same finding occurs more than once.</summary>
    public ImmutableArray<BaselineEntry> Entries { get; }

    /// <summary>A baseline of the given findings.</summary>
    public static Baseline Create(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new Baseline([.. findings.Select(BaselineEntry.From)]);
    }

    /// <summary>A baseline of the given entries.</summary>
    public static Baseline FromEntries(IEnumerable<BaselineEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new Baseline([.. entries]);
    }

    /// <summary>
    /// This baseline plus the current findings it lacks (<c>baseline update</c>). No old entry is lost, even when its finding
    /// is gone, unless <paramref name="pruneAbsent"/> is set.
    /// </summary>
    public Baseline Update(IEnumerable<Finding> current, bool pruneAbsent = false)
    {
        ArgumentNullException.ThrowIfNull(current);
        var currentEntries = current.Select(BaselineEntry.From).ToList();
        var remaining = Entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        var merged = new List<BaselineEntry>();
        if (!pruneAbsent)
        {
            merged.AddRange(Entries);
        }

        foreach (var entry in currentEntries)
        {
            if (remaining.TryGetValue(entry.Key, out int count) && count > 0)
            {
                remaining[entry.Key] = count - 1;
                if (pruneAbsent)
                {
                    merged.Add(Entries.First(e => e.Key == entry.Key));
                }
            }
            else
            {
                merged.Add(entry);
            }
        }

        return new Baseline([.. merged]);
    }

    /// <summary>The file's text (UTF-8 JSON, LF line ends, trailing newline).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("tool", "ElectionAudit");
            json.WriteStartArray("findings");
            foreach (var entry in Entries)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", entry.RuleId);
                json.WriteString("path", entry.Path);
                json.WriteString("logicalKey", entry.LogicalKey);
                json.WriteString("message", entry.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a baseline file's text. Throws <see cref="BaselineFormatException"/> when it is not a version-1 baseline.</summary>
    public static Baseline Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new BaselineFormatException($"The baseline is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new BaselineFormatException("The baseline has no 'version'; create it with 'electionaudit baseline create'.");
            }

            if (version.GetInt32() != FormatVersion)
            {
                throw new BaselineFormatException($"The baseline has version {version.GetRawText()}; this ElectionAudit reads version {FormatVersion}.");
            }

            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
            {
                throw new BaselineFormatException("The baseline has no 'findings' array.");
            }

            var entries = new List<BaselineEntry>();
            int index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                string Required(string name) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString()!
                        : throw new BaselineFormatException($"Baseline entry {index} has no string '{name}'.");
                entries.Add(new BaselineEntry(Required("ruleId"), Required("path"), Required("logicalKey"), item.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty));
                index++;
            }

            return new Baseline([.. entries]);
        }
    }
}
