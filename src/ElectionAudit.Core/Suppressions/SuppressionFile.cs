using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ElectionAudit.Suppressions;

/// <summary>One entry of the suppression file.</summary>
/// <param name="Suppression">The rule, justification, expiry and the entry's location.</param>
/// <param name="PathGlob">Glob of the paths it covers, relative to the scan root (<c>**</c> crosses folders).</param>
/// <param name="LogicalKey">The finding's logical key, when the entry is for one finding only.</param>
public sealed record SuppressionFileEntry(Suppression Suppression, string PathGlob, string? LogicalKey)
{
    private readonly Matcher _matcher = CreateMatcher(PathGlob);

    /// <summary>Whether the entry covers a finding of <paramref name="ruleId"/> at <paramref name="path"/> with <paramref name="logicalKey"/>.</summary>
    public bool Covers(string ruleId, string path, string logicalKey) =>
        Suppression.RuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase)
        && (LogicalKey is null || string.Equals(LogicalKey, logicalKey, StringComparison.Ordinal))
        && _matcher.Match(path).HasMatches;

    private static Matcher CreateMatcher(string glob)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(glob);
        return matcher;
    }
}

/// <summary>
/// The suppression file <c>.electionaudit-suppressions.yml</c> at the scan root: suppressions for formats without
/// comments (PEM certificates) and for central review. Problems in it become EA0005 findings rather than stopping the scan.
/// </summary>
/// <example>
/// <code>
/// suppressions:
///   - rule: EA2001
///     path: nginx/legacy/*.conf
///     justification: Legacy kiosk clients; replaced before the 2026 election (ticket OPS-412).
///     until: 2026-03-31
///   - rule: EA3005
///     path: apache/sites/results.conf
///     key: vhost:results.example.org:443/hsts
///     justification: HSTS is set by the CDN in front of this host.
/// </code>
/// </example>
public sealed class SuppressionFile
{
    /// <summary>The file name looked for at the scan root.</summary>
    public const string FileName = ".electionaudit-suppressions.yml";

    private SuppressionFile(ImmutableArray<SuppressionFileEntry> entries, ImmutableArray<(Location Location, string Message)> problems)
    {
        Entries = entries;
        Problems = problems;
    }

    /// <summary>An empty suppression file.</summary>
    public static SuppressionFile Empty { get; } = new([], []);

    /// <summary>The valid entries, in file order.</summary>
    public ImmutableArray<SuppressionFileEntry> Entries { get; }

    /// <summary>Problems in the file (each becomes an EA0005 finding): invalid entries, syntax errors.</summary>
    public ImmutableArray<(Location Location, string Message)> Problems { get; }

    /// <summary>Reads a suppression file. Never throws on content.</summary>
    public static SuppressionFile Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tree = YamlParser.Parse(source, InputFormat.Configuration);
        var problems = ImmutableArray.CreateBuilder<(Location, string)>();
        foreach (var diagnostic in tree.Diagnostics)
        {
            problems.Add((diagnostic.Location, "The suppression file could not be read: " + diagnostic.Message));
        }

        var entries = ImmutableArray.CreateBuilder<SuppressionFileEntry>();
        var root = tree.RootMapping;
        if (root is null)
        {
            return new SuppressionFile(entries.ToImmutable(), problems.ToImmutable());
        }

        foreach (var entry in root.Entries)
        {
            if (entry.Key.Value != "suppressions")
            {
                problems.Add((entry.Key.GetLocation(), $"Unknown key '{entry.Key.Value}' in the suppression file; the only top-level key is 'suppressions'."));
            }
        }

        if (root.Find("suppressions")?.Value is not YamlSequenceSyntax list)
        {
            if (root.Find("suppressions") is { } wrong)
            {
                problems.Add((wrong.Value.GetLocation(), "'suppressions' must be a list of entries with rule, path and justification."));
            }

            return new SuppressionFile(entries.ToImmutable(), problems.ToImmutable());
        }

        foreach (var item in list.Items)
        {
            if (item is not YamlMappingSyntax mapping)
            {
                problems.Add((item.GetLocation(), "A suppression entry must be a mapping with rule, path and justification."));
                continue;
            }

            var location = item.GetLocation();
            string? Scalar(string key) => mapping.Find(key)?.Value is YamlScalarSyntax { IsNull: false } s ? s.Value.Trim() : null;
            foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => k.Value is not ("rule" or "path" or "key" or "justification" or "until")))
            {
                problems.Add((key.GetLocation(), $"Unknown key '{key.Value}' in a suppression entry; expected rule, path, key, justification or until."));
            }

            var rule = Scalar("rule");
            var path = Scalar("path");
            if (rule is null || path is null)
            {
                problems.Add((location, "A suppression entry needs both 'rule' (EAnnnn) and 'path' (a glob relative to the scan root); this entry is ignored."));
                continue;
            }

            DateOnly? until = null;
            if (Scalar("until") is { } untilText)
            {
                if (DateOnly.TryParseExact(untilText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    until = date;
                }
                else
                {
                    problems.Add((mapping.Find("until")!.Value.GetLocation(), $"'until' must be a date (YYYY-MM-DD); found '{untilText}'. The entry is ignored."));
                    continue;
                }
            }

            var suppression = new Suppression(SuppressionKind.File, [rule.ToUpperInvariant()], Scalar("justification"), until, location)
            {
                UntilLocation = until is null ? null : mapping.Find("until")!.Value.GetLocation(),
            };
            entries.Add(new SuppressionFileEntry(suppression, path, Scalar("key")));
        }

        return new SuppressionFile(entries.ToImmutable(), problems.ToImmutable());
    }
}
