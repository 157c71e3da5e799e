using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Rules;

/// <summary>Another place a finding joins or points to, with what it shows there.</summary>
/// <param name="Location">The place.</param>
/// <param name="Message">What it shows, for example "HSTS is set here".</param>
public sealed record RelatedLocation(Location Location, string Message);

/// <summary>One reported problem: a rule, where, why, and a stable key for baselines.</summary>
public sealed class Finding
{
    private Finding(RuleDescriptor rule, Severity severity, Location location, ImmutableArray<RelatedLocation> relatedLocations, ImmutableArray<object?> arguments, string logicalKey)
    {
        Rule = rule;
        Severity = severity;
        Location = location;
        RelatedLocations = relatedLocations;
        MessageArguments = arguments;
        LogicalKey = logicalKey;
        Message = rule.FormatMessage(arguments);
    }

    /// <summary>The rule.</summary>
    public RuleDescriptor Rule { get; }

    /// <summary>The rule's ID.</summary>
    public string RuleId => Rule.Id;

    /// <summary>The severity the finding was reported with (the rule's default, or raised, for example for a results site); configuration may still override it.</summary>
    public Severity Severity { get; }

    /// <summary>The primary location: the token that caused it, or the block that should contain what is missing.</summary>
    public Location Location { get; }

    /// <summary>Other places involved.</summary>
    public ImmutableArray<RelatedLocation> RelatedLocations { get; }

    /// <summary>The arguments of <see cref="RuleDescriptor.MessageFormat"/>.</summary>
    public ImmutableArray<object?> MessageArguments { get; }

    /// <summary>The formatted message.</summary>
    public string Message { get; }

    /// <summary>Identifies the finding within its file without a line number (for example <c>site:results/hsts</c>), so baselines survive edits.</summary>
    public string LogicalKey { get; }

    /// <summary>A stable fingerprint: rule, path and logical key.</summary>
    public string Fingerprint => $"{RuleId}|{Location.Path}|{LogicalKey}";

    /// <summary>Creates a finding at the rule's default severity.</summary>
    public static Finding Create(RuleDescriptor rule, Location location, string logicalKey, params object?[] messageArguments) =>
        Create(rule, rule.DefaultSeverity, location, logicalKey, [], messageArguments);

    /// <summary>Creates a finding with an explicit severity and related locations.</summary>
    public static Finding Create(RuleDescriptor rule, Severity severity, Location location, string logicalKey, IEnumerable<RelatedLocation> relatedLocations, params object?[] messageArguments)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(logicalKey);
        return new Finding(rule, severity, location, [.. relatedLocations], [.. messageArguments], logicalKey);
    }

    /// <summary>A copy with another severity (configuration overrides).</summary>
    public Finding WithSeverity(Severity severity) => severity == Severity ? this : new Finding(Rule, severity, Location, RelatedLocations, MessageArguments, LogicalKey);

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Severity.ToName()} {RuleId}: {Message}";
}
