using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Baselines;

/// <summary>SARIF's <c>baselineState</c> of a result.</summary>
public enum BaselineState
{
    /// <summary>Not in the baseline.</summary>
    New,

    /// <summary>In the baseline and still present.</summary>
    Unchanged,

    /// <summary>In the baseline but no longer found (fixed, or moved to another file).</summary>
    Absent,
}

/// <summary>A scan's findings compared with a baseline.</summary>
/// <param name="New">Findings not in the baseline (these are reported and count for the fail level).</param>
/// <param name="Unchanged">Findings the baseline accepts.</param>
/// <param name="Absent">Baseline entries with no finding any more.</param>
public sealed record BaselineComparison(ImmutableArray<Finding> New, ImmutableArray<Finding> Unchanged, ImmutableArray<BaselineEntry> Absent);

/// <summary>Compares findings with a baseline by rule, relative path and logical key (never by line).</summary>
public static class BaselineComparer
{
    /// <summary>Splits <paramref name="findings"/> into new and unchanged, and lists the baseline's absent entries.</summary>
    public static BaselineComparison Compare(IReadOnlyList<Finding> findings, Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(baseline);
        var remaining = baseline.Entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => new Queue<BaselineEntry>(g));
        var added = ImmutableArray.CreateBuilder<Finding>();
        var unchanged = ImmutableArray.CreateBuilder<Finding>();
        foreach (var finding in findings)
        {
            var key = (finding.RuleId, finding.Location.Path, finding.LogicalKey);
            if (remaining.TryGetValue(key, out var queue) && queue.Count > 0)
            {
                queue.Dequeue();
                unchanged.Add(finding);
            }
            else
            {
                added.Add(finding);
            }
        }

        var absent = baseline.Entries.Where(e => remaining.TryGetValue(e.Key, out var queue) && queue.Count > 0 && queue.Peek() == e && queue.Dequeue() == e).ToImmutableArray();
        return new BaselineComparison(added.ToImmutable(), unchanged.ToImmutable(), absent);
    }

    /// <summary>A copy of <paramref name="result"/> whose <see cref="AuditResult.Findings"/> holds only the new findings, with the comparison in <see cref="AuditResult.Baseline"/>.</summary>
    public static AuditResult Apply(AuditResult result, Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(result);
        // A suppressed finding that the baseline holds is still there, so its entry is not absent.
        var comparison = Compare(result.Findings, baseline);
        var suppressedKeys = result.Suppressed.Select(s => (s.Finding.RuleId, s.Finding.Location.Path, s.Finding.LogicalKey)).ToHashSet();
        return result.WithBaseline(comparison with { Absent = [.. comparison.Absent.Where(e => !suppressedKeys.Contains(e.Key))] });
    }
}
