using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Reporting;

/// <summary>Options of the SARIF output.</summary>
public sealed record SarifOptions
{
    /// <summary>The tool's semantic version.</summary>
    public string ToolVersion { get; init; } = "0.0.0";

    /// <summary>
    /// <c>automationDetails.id</c>: GitHub code scanning's category is everything before the last '/'.
    /// One category per upload; two runs with the same tool and category are rejected.
    /// </summary>
    public string AutomationId { get; init; } = "electionaudit/";

    /// <summary>The <c>uriBaseId</c> every location is relative to (the scan root).</summary>
    public string UriBaseId { get; init; } = "SRCROOT";

    /// <summary>The rule page's Markdown by rule ID, for <c>help.markdown</c>; null when no page is available.</summary>
    public Func<string, string?> HelpMarkdown { get; init; } = _ => null;

    /// <summary>
    /// Audit mode: also emit suppressed findings and, after a baseline, its unchanged and absent findings. Every result then
    /// carries <c>suppressions</c> (empty when not suppressed): code scanning ignores the property, so the default leaves
    /// suppressed findings out (SARIF.md).
    /// </summary>
    public bool IncludeSuppressed { get; init; }

    /// <summary>The baseline the result was compared with, so that suppressed results in audit mode get a <c>baselineState</c> too.</summary>
    public Baselines.Baseline? Baseline { get; init; }

    /// <summary>
    /// The most results the run holds; 0 or less: no limit. GitHub code scanning rejects a run of more than
    /// <see cref="SarifWriter.GitHubMaxResults"/> results, so by default a larger scan's log keeps the most severe ones (errors,
    /// then warnings, then notes, then audit mode's suppressed and baseline results, each in report order), says in a
    /// <c>toolExecutionNotifications</c> entry how many it left out, and <see cref="SarifWriter.ResultsLeftOut"/> counts them.
    /// </summary>
    public int MaxResults { get; init; } = SarifWriter.GitHubMaxResults;
}

/// <summary>
/// Writes SARIF 2.1.0 for GitHub code scanning (see SARIF.md): one run, the enabled catalog in <c>rules[]</c>,
/// relative URIs under a <c>uriBaseId</c>, full regions, security-severity as a string, precision and tags,
/// crashed rules as <c>toolExecutionNotifications</c>. Output is deterministic: no time stamps, no absolute paths.
/// </summary>
public static class SarifWriter
{
    /// <summary>The SARIF schema URI GitHub accepts.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The tool's information URI.</summary>
    public const string InformationUri = "https://github.com/electionaudit/electionaudit";

    /// <summary>
    /// The most results GitHub code scanning accepts in one run: it rejects a larger upload ("Analysis SARIF file rejected
    /// due to result limits", https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit).
    /// </summary>
    public const int GitHubMaxResults = 25_000;

    /// <summary>How many of <paramref name="result"/>'s results a log written with <paramref name="options"/> leaves out (see <see cref="SarifOptions.MaxResults"/>).</summary>
    public static int ResultsLeftOut(AuditResult result, SarifOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ResultLimit.Of(result, options ?? new SarifOptions()).LeftOut;
    }

    /// <summary>
    /// Writes <paramref name="result"/> as SARIF to <paramref name="stream"/> (UTF-8, no BOM, LF line ends, trailing newline),
    /// a few tens of kilobytes at a time: the log is never held whole in memory.
    /// </summary>
    public static void Write(AuditResult result, Stream stream, SarifOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new SarifOptions();
        using (var json = new Utf8JsonWriter(stream, ReportWriting.JsonOptions))
        {
            WriteLog(json, result, options);
        }

        stream.Write("\n"u8);
    }

    /// <summary>The SARIF text of <paramref name="result"/>.</summary>
    public static string ToText(AuditResult result, SarifOptions? options = null) => ReportWriting.ToText(stream => Write(result, stream, options));

    private static void WriteLog(Utf8JsonWriter json, AuditResult result, SarifOptions options)
    {
        var rules = result.Rules;
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "ElectionAudit");
        json.WriteString("semanticVersion", options.ToolVersion);
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule, options);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("automationDetails");
        json.WriteString("id", options.AutomationId);
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.ExecutionSuccessful);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var notification in result.Notifications)
        {
            json.WriteStartObject();
            json.WriteStartObject("descriptor");
            json.WriteString("id", notification.RuleId);
            json.WriteEndObject();
            json.WriteString("level", notification.Level);
            WriteMessage(json, notification.Message);
            if (notification.Location is { } location)
            {
                json.WriteStartArray("locations");
                json.WriteStartObject();
                WritePhysicalLocation(json, location, options);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            if (notification.ExceptionType is { } exceptionType)
            {
                json.WriteStartObject("exception");
                json.WriteString("kind", exceptionType);
                json.WriteString("message", notification.Message);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var limit = ResultLimit.Of(result, options);
        if (limit.LeftOut > 0)
        {
            json.WriteStartObject();
            json.WriteStartObject("descriptor");
            json.WriteString("id", "sarif-result-limit");
            json.WriteEndObject();
            json.WriteString("level", "warning");
            WriteMessage(json, limit.Describe());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(options.UriBaseId);
        WriteMessage(json, "The scan root (the repository root when run from it).", "description");
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        // Only the current file's line hashes are kept: findings come sorted by path, so each file is hashed once per
        // list (and only as far as its findings' lines), and a scan of thousands of files does not hold a hash for every
        // line of every one of them.
        string? hashedPath = null;
        var hashes = new PrimaryLocationLineHash.LineHashes();
        PrimaryLocationLineHash.LineHashes? lineHashes = null;
        PrimaryLocationLineHash.LineHashes? HashesOf(string path)
        {
            if (!string.Equals(path, hashedPath, StringComparison.Ordinal))
            {
                hashedPath = path;
                lineHashes = null;
                if (result.Sources.TryGetValue(path, out var source))
                {
                    hashes.Start(source);
                    lineHashes = hashes;
                }
            }

            return lineHashes;
        }

        var state = result.Baseline is null ? null : "new";
        foreach (var finding in result.Findings)
        {
            if (limit.Take(ResultLimit.RankOf(finding.Severity)))
            {
                WriteResult(json, finding, null, ruleIndex, options, HashesOf(finding.Location.Path), null, state);
            }
        }

        if (options.IncludeSuppressed)
        {
            var baselineKeys = options.Baseline?.Entries.Select(e => $"{e.RuleId}|{e.Path}|{e.LogicalKey}").ToHashSet(StringComparer.Ordinal);
            foreach (var suppressed in result.Suppressed.TakeWhile(_ => limit.Take(ResultLimit.AuditRank)))
            {
                // Every result of a run with a baseline carries baselineState: a suppressed one is unchanged when the baseline holds it.
                var suppressedState = result.Baseline is null ? null : baselineKeys?.Contains(suppressed.Finding.Fingerprint) == true ? "unchanged" : "new";
                WriteResult(json, suppressed.Finding, null, ruleIndex, options, HashesOf(suppressed.Finding.Location.Path), suppressed.Suppression, suppressedState);
            }

            if (result.Baseline is { } baseline)
            {
                foreach (var finding in baseline.Unchanged.TakeWhile(_ => limit.Take(ResultLimit.AuditRank)))
                {
                    WriteResult(json, finding, null, ruleIndex, options, HashesOf(finding.Location.Path), null, "unchanged");
                }

                foreach (var entry in baseline.Absent.TakeWhile(_ => limit.Take(ResultLimit.AuditRank)))
                {
                    var rule = rules.FirstOrDefault(r => r.Id == entry.RuleId) ?? ToolRules.SuppressionProblem;
                    var absent = Finding.Create(rule, Location.ForFile(entry.Path), entry.LogicalKey);
                    WriteResult(json, absent, entry.Message.Length > 0 ? entry.Message : $"{entry.RuleId} is no longer found ({entry.LogicalKey}).", ruleIndex, options, null, null, "absent", entry.RuleId);
                }
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule, SarifOptions options)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.Name);
        WriteMessage(json, rule.Title, "shortDescription");
        WriteMessage(json, Truncate(rule.Description, 1024), "fullDescription");
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", rule.DefaultSeverity == Severity.None ? "none" : rule.DefaultSeverity.ToName());
        json.WriteEndObject();
        json.WriteString("helpUri", rule.HelpUri);
        json.WriteStartObject("help");
        json.WriteString("text", $"{rule.Description} See {rule.HelpUri}");
        json.WriteString("markdown", options.HelpMarkdown(rule.Id) ?? $"{rule.Description}\n\nSee [{rule.Id}]({rule.HelpUri}).");
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        foreach (var tag in rule.AllTags())
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("precision", rule.Precision switch
        {
            RulePrecision.VeryHigh => "very-high",
            RulePrecision.High => "high",
            RulePrecision.Medium => "medium",
            _ => "low",
        });
        json.WriteString("security-severity", rule.SecuritySeverity.ToString("0.0", CultureInfo.InvariantCulture));
        json.WriteStartArray("traceability");
        foreach (var trace in rule.Traceability)
        {
            json.WriteStringValue(trace.Label);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // `message` null writes the finding's own message.
    private static void WriteResult(
        Utf8JsonWriter json,
        Finding finding,
        string? message,
        Dictionary<string, int> ruleIndex,
        SarifOptions options,
        PrimaryLocationLineHash.LineHashes? lineHashes,
        Suppressions.Suppression? suppression,
        string? baselineState,
        string? ruleId = null)
    {
        ruleId ??= finding.RuleId;
        json.WriteStartObject();
        json.WriteString("ruleId", ruleId);
        if (ruleIndex.TryGetValue(ruleId, out int index))
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", finding.Severity.ToName());

        // A stored finding's message, and each related location's, are the thread's scratch characters: the message is
        // copied out before the first related location's is read, and the key is read last.
        var text = message is null ? finding.MessageSpan : message;
        var related = finding.ReadRelatedLocations();
        WriteMessage(json, text, ref related);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        WritePhysicalLocation(json, finding.Location, options);
        json.WriteEndObject();
        json.WriteEndArray();
        if (related.Count > 0)
        {
            json.WriteStartArray("relatedLocations");
            related = finding.ReadRelatedLocations();
            for (int id = 1; id <= MaxRelatedLocations && related.MoveNext(); id++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                WritePhysicalLocation(json, related.Path, related.StartLine, related.StartColumn, related.EndLine, related.EndColumn, options);
                WriteMessage(json, related.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartObject("fingerprints");
        WriteStableHash(json, "electionaudit/v1", ruleId, finding.Location.Path, finding.LogicalKeySpan);
        json.WriteEndObject();
        if (lineHashes is not null && lineHashes.Has(finding.Location.StartLine))
        {
            json.WriteStartObject("partialFingerprints");
            json.WriteString("primaryLocationLineHash", lineHashes.Format(finding.Location.StartLine, stackalloc char[PrimaryLocationLineHash.LineHashes.MaxLength]));
            json.WriteEndObject();
        }

        if (baselineState is not null)
        {
            json.WriteString("baselineState", baselineState);
        }

        if (options.IncludeSuppressed)
        {
            json.WriteStartArray("suppressions");
            if (suppression is not null)
            {
                json.WriteStartObject();
                json.WriteString("kind", suppression.SarifKind);
                json.WriteString("status", "accepted");
                if (suppression.Justification is { } justification)
                {
                    json.WriteString("justification", justification);
                }

                json.WriteStartObject("location");
                WritePhysicalLocation(json, suppression.Location, options);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        ReportWriting.FlushWhenFull(json);
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, Location location, SarifOptions options) =>
        WritePhysicalLocation(json, location.Path, location.StartLine, location.StartColumn, location.EndLine, location.EndColumn, options);

    private static void WritePhysicalLocation(Utf8JsonWriter json, string path, int startLine, int startColumn, int endLine, int endColumn, SarifOptions options)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", EscapeUri(path));
        json.WriteString("uriBaseId", options.UriBaseId);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", startLine);
        json.WriteNumber("startColumn", startColumn);
        json.WriteNumber("endLine", endLine);
        // An empty span still needs a visible region: widen it to one column.
        json.WriteNumber("endColumn", endLine == startLine && endColumn <= startColumn ? startColumn + 1 : endColumn);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, ReadOnlySpan<char> text, string property = "message")
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    // A result's message: the text, then " [related message](n)" for each related location, so that code scanning links
    // them. Joined in this thread's buffer, not by concatenating strings (one per related location per result); the text is
    // copied in before the first related location's message is read (both may be the thread's scratch characters).
    private static void WriteMessage(Utf8JsonWriter json, ReadOnlySpan<char> text, ref FindingStore.RelatedLocationReader related)
    {
        if (related.Count == 0)
        {
            WriteMessage(json, text);
            return;
        }

        var joined = t_joined ??= new CharBuffer();
        joined.Clear();
        joined.Append(text);
        for (int id = 1; id <= MaxRelatedLocations && related.MoveNext(); id++)
        {
            joined.Append(" [");
            joined.Append(related.Message);
            joined.Append("](");
            joined.Append(id);
            joined.Append(')');
        }

        if (related.Count > MaxRelatedLocations)
        {
            joined.Append(" (");
            joined.Append(related.Count - MaxRelatedLocations);
            joined.Append(" more related locations are left out: code scanning rejects a result with more than 1,000.)");
        }

        WriteMessage(json, joined.Text);
    }

    [ThreadStatic]
    private static CharBuffer? t_joined;

    // GitHub code scanning rejects a result with more than 1,000 locations ("Location per result", the hard limit in
    // https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit); a
    // rule may relate every server block that shares a certificate or a setting, so the list is cut there and the
    // message says how many were left out.
    private const int MaxRelatedLocations = 1000;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A relative path as a URI reference: segments percent-encoded, slashes kept.</summary>
    public static string EscapeUri(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);

        // A path of unreserved characters and slashes (nearly every path) is its own URI reference: written for every
        // location of every result, splitting and escaping it anyway was a sixth of a large SARIF report's allocations.
        return relativePath.AsSpan().ContainsAnyExcept(UriSafe)
            ? string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString))
            : relativePath;
    }

    // RFC 3986's unreserved characters, which Uri.EscapeDataString leaves as they are, and the segment separator.
    private static readonly SearchValues<char> UriSafe = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");

    /// <summary>The stable fingerprint's hash: the first 16 bytes of SHA-256, in lower-case hex.</summary>
    public static string StableHash(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 16));
    }

    /// <summary>
    /// Writes <see cref="StableHash"/> of <c>rule|path|logical key</c> (a finding's <see cref="Finding.Fingerprint"/>)
    /// as a property without building the fingerprint, its bytes or the hash's text: reports write it for every finding.
    /// </summary>
    internal static void WriteStableHash(Utf8JsonWriter json, string propertyName, string ruleId, string path, ReadOnlySpan<char> logicalKey)
    {
        int length = Encoding.UTF8.GetMaxByteCount(ruleId.Length + path.Length + logicalKey.Length + 2);
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> bytes = rented is null ? stackalloc byte[1024] : rented;
        int written = Encoding.UTF8.GetBytes(ruleId, bytes);
        bytes[written++] = (byte)'|';
        written += Encoding.UTF8.GetBytes(path, bytes[written..]);
        bytes[written++] = (byte)'|';
        written += Encoding.UTF8.GetBytes(logicalKey, bytes[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        Span<char> hex = stackalloc char[32];
        Convert.TryToHexStringLower(hash[..16], hex, out _);
        json.WriteString(propertyName, hex);
    }

    /// <summary>
    /// Which results a run holds under <see cref="SarifOptions.MaxResults"/>: every result of the ranks before the cut-off
    /// rank, the first ones of that rank (in report order) up to the limit, none after it. Ranks: errors, warnings, notes,
    /// then audit mode's suppressed and baseline results.
    /// </summary>
    private sealed class ResultLimit
    {
        public const int AuditRank = 3;

        private readonly int[] _counts;
        private readonly int[] _kept;
        private readonly int[] _remaining;
        private readonly int _max;

        private ResultLimit(int[] counts, int max)
        {
            _counts = counts;
            _max = max;
            _kept = new int[counts.Length];
            int room = max <= 0 ? int.MaxValue : max;
            for (int rank = 0; rank < counts.Length; rank++)
            {
                _kept[rank] = Math.Min(counts[rank], room);
                room -= _kept[rank];
            }

            _remaining = (int[])_kept.Clone();
            LeftOut = counts.Sum() - _kept.Sum();
        }

        public int LeftOut { get; }

        public static int RankOf(Severity severity) => severity switch
        {
            Severity.Error => 0,
            Severity.Warning => 1,
            _ => 2,
        };

        public static ResultLimit Of(AuditResult result, SarifOptions options)
        {
            // The result counts its findings by severity once and keeps the counts (the summary line asks too), so the
            // writer and ResultsLeftOut do not each go through every finding again.
            var counts = new int[AuditRank + 1];
            counts[RankOf(Severity.Error)] = result.Count(Severity.Error);
            counts[RankOf(Severity.Warning)] = result.Count(Severity.Warning);
            counts[RankOf(Severity.Note)] = result.Count(Severity.Note) + result.Count(Severity.None);
            if (options.IncludeSuppressed)
            {
                counts[AuditRank] = result.Suppressed.Length + (result.Baseline is { } baseline ? baseline.Unchanged.Length + baseline.Absent.Length : 0);
            }

            return new ResultLimit(counts, options.MaxResults);
        }

        /// <summary>Whether the next result of <paramref name="rank"/> goes into the run (each call counts one).</summary>
        public bool Take(int rank) => _remaining[rank]-- > 0;

        public string Describe()
        {
            (string One, string Many)[] names = [("error", "errors"), ("warning", "warnings"), ("note", "notes"), ("suppressed or baseline result", "suppressed or baseline results")];
            var left = Enumerable.Range(0, names.Length)
                .Select(rank => (Rank: rank, Count: _counts[rank] - _kept[rank]))
                .Where(x => x.Count > 0)
                .Select(x => $"{Number(x.Count)} {(x.Count == 1 ? names[x.Rank].One : names[x.Rank].Many)}");
            int total = _counts.Sum();
            var limitText = _max == GitHubMaxResults
                ? $"GitHub code scanning rejects a run of more than {Number(GitHubMaxResults)} results"
                : $"the limit set is {Number(_max)}";
            return $"This log holds the {Number(total - LeftOut)} most severe of the scan's {Number(total)} results ({limitText}); left out: {string.Join(", ", left)}. "
                + "The other report formats list every finding; --sarif-max-results 0 (SarifOptions.MaxResults) writes them all.";
        }

        private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
