using System.Collections.Immutable;
using System.Globalization;

namespace ElectionAudit.Rules;

/// <summary>The TLS profiles rules judge by (RULES.md: the sources disagree on DH groups and RSA sizes).</summary>
public enum TlsProfile
{
    /// <summary>Mozilla Server Side TLS v5.7 "intermediate" (the default).</summary>
    MozillaIntermediate,

    /// <summary>internet.nl / NCSC-NL guidelines.</summary>
    NcscNl,
}

/// <summary>What rules may read besides the model: the audit date, the TLS profile and their options.</summary>
public sealed class AnalysisOptions
{
    /// <summary>Creates options.</summary>
    public AnalysisOptions(DateOnly asOf, TlsProfile tlsProfile = TlsProfile.MozillaIntermediate, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ruleOptions = null)
    {
        AsOf = asOf;
        TlsProfile = tlsProfile;
        RuleOptions = ruleOptions ?? ImmutableDictionary<string, IReadOnlyDictionary<string, string>>.Empty;
    }

    /// <summary>The date date-relative rules measure against (configuration <c>as-of</c>; default today). Never the wall clock inside a rule.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The TLS profile.</summary>
    public TlsProfile TlsProfile { get; }

    /// <summary>Options by rule ID, then key, as text.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> RuleOptions { get; }

    /// <summary>A rule option as text, or the descriptor's default.</summary>
    public string GetOption(RuleDescriptor rule, string key)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (RuleOptions.TryGetValue(rule.Id, out var options) && options.TryGetValue(key, out var value))
        {
            return value;
        }

        return rule.Options.FirstOrDefault(o => o.Key == key)?.DefaultValue
            ?? throw new ArgumentException($"{rule.Id} declares no option '{key}'.", nameof(key));
    }

    /// <summary>A whole-number rule option.</summary>
    public int GetInt32Option(RuleDescriptor rule, string key) => int.Parse(GetOption(rule, key), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
