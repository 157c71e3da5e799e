using System.Collections.Immutable;
using ElectionAudit.Rules;

namespace ElectionAudit.Configuration;

/// <summary>What <c>.electionaudit.yml</c> (or code) configures for a scan. Every property has a sensible default.</summary>
public sealed record AuditConfiguration
{
    /// <summary>The file name looked for at the scan root.</summary>
    public const string FileName = ".electionaudit.yml";

    /// <summary>The defaults: every file, the usual build and VCS folders excluded, fail on warnings, Mozilla intermediate, as of today.</summary>
    public static AuditConfiguration Default { get; } = new();

    /// <summary>Glob patterns (relative to the scan root) of files to read.</summary>
    public ImmutableArray<string> Include { get; init; } = ["**/*"];

    /// <summary>Glob patterns of files to skip.</summary>
    public ImmutableArray<string> Exclude { get; init; } = ["**/.git/**", "**/node_modules/**", "**/bin/**", "**/obj/**"];

    /// <summary>The lowest severity that makes the scan fail (exit code 1). <see cref="Severity.None"/> never fails.</summary>
    public Severity FailOn { get; init; } = Severity.Warning;

    /// <summary>The date date-relative rules use; null means today (UTC).</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The TLS profile.</summary>
    public TlsProfile TlsProfile { get; init; } = TlsProfile.MozillaIntermediate;

    /// <summary>Severity overrides by rule ID (<see cref="Severity.None"/> switches a rule off).</summary>
    public ImmutableDictionary<string, Severity> RuleSeverities { get; init; } = ImmutableDictionary<string, Severity>.Empty;

    /// <summary>Severity overrides by category; a rule's own override wins.</summary>
    public ImmutableDictionary<RuleCategory, Severity> CategorySeverities { get; init; } = ImmutableDictionary<RuleCategory, Severity>.Empty;

    /// <summary>Rule options by rule ID, then key.</summary>
    public ImmutableDictionary<string, IReadOnlyDictionary<string, string>> RuleOptions { get; init; } = ImmutableDictionary<string, IReadOnlyDictionary<string, string>>.Empty;

    /// <summary>
    /// Rule plugin assemblies to load (<c>plugins:</c>), as written: relative paths are relative to the configuration
    /// file's folder. Only these (and the CLI's <c>--plugin</c>) ever load.
    /// </summary>
    public ImmutableArray<string> Plugins { get; init; } = [];

    /// <summary>Resource limits of the scan (the <c>limits:</c> section).</summary>
    public Engine.ScanLimits Limits { get; init; } = Engine.ScanLimits.Default;

    /// <summary>The configuration file this came from, relative to the scan root, or null for defaults.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The effective severity of a rule's finding: the rule's override, else its category's, else the finding's own.</summary>
    public Severity EffectiveSeverity(RuleDescriptor rule, Severity reported)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (RuleSeverities.TryGetValue(rule.Id, out var severity))
        {
            return severity;
        }

        return CategorySeverities.TryGetValue(rule.Category, out var categorySeverity) ? categorySeverity : reported;
    }

    /// <summary>Whether a rule runs: not configured to none, and enabled by default or given a severity explicitly.</summary>
    public bool IsEnabled(RuleDescriptor rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (RuleSeverities.TryGetValue(rule.Id, out var severity))
        {
            return severity != Severity.None;
        }

        if (CategorySeverities.TryGetValue(rule.Category, out var categorySeverity))
        {
            return categorySeverity != Severity.None && rule.IsEnabledByDefault;
        }

        return rule.IsEnabledByDefault;
    }
}
