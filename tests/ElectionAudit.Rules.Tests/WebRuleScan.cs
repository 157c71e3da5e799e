using ElectionAudit.Engine;

namespace ElectionAudit.Rules.Tests;

/// <summary>What the web rule tests that build their scans in memory share: a results-site descriptor and a scan with one rule.</summary>
internal static class WebRuleScan
{
    /// <summary>A descriptor declaring results.example.nl as the results site.</summary>
    public const string ResultsSiteDescriptor = "version: 1\nelection:\n  name: Municipal council election 2027\n  date: 2027-03-17\nsites:\n  - name: results\n    hosts: [results.example.nl]\n    role: results\n";

    /// <summary>Runs <paramref name="rule"/> over every file of <paramref name="files"/>; fails on EA0001/EA0004 and returns the rule's own findings.</summary>
    public static IReadOnlyList<Finding> Scan(AuditRule rule, InMemoryFileSystem files)
    {
        var result = new AuditEngine([rule]).Analyze(files, [.. files.Paths]);
        result.Findings.Where(f => f.RuleId is "EA0001" or "EA0004").ShouldBeEmpty();
        return [.. result.Findings.Where(f => !f.RuleId.StartsWith("EA0", StringComparison.Ordinal))];
    }
}
