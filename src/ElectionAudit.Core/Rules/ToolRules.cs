using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules;

/// <summary>The tool's own rules, EA0001–EA0005: reported by the engine, parsers and loaders rather than by an <see cref="AuditRule"/>.</summary>
public static class ToolRules
{
    private static readonly InputFormat[] AllFormats =
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache, InputFormat.Zone, InputFormat.NamedConf, InputFormat.Pem, InputFormat.Borgmatic, InputFormat.Resticprofile, InputFormat.Bacula];

    /// <summary>EA0001: a rule's callback threw; the other rules go on.</summary>
    public static RuleDescriptor RuleFailure { get; } = new(
        "EA0001",
        "Rule threw an exception",
        "Rule {0} threw {1} while analysing {2}: {3}. Its other checks and every other rule still ran; this finding means part of the audit is missing.",
        Severity.Error,
        "A rule crashed. The scan went on, but the crashed rule's verdict on this element is unknown, so the audit is incomplete until the rule is fixed.",
        5.0,
        RulePrecision.VeryHigh,
        [new TraceReference(TraceSource.Other, "Roslyn AD0001 (analyzer exception as a diagnostic)", TraceMapping.Interpretation)],
        AllFormats,
        tags: ["tool"]);

    /// <summary>EA0002: a syntax error in an input file.</summary>
    public static RuleDescriptor ParseError { get; } = new(
        "EA0002",
        "File could not be parsed",
        "{0}",
        Severity.Error,
        "A file has a syntax error. The server that reads it would refuse it or read it differently; what could be recovered was still checked.",
        5.0,
        RulePrecision.VeryHigh,
        [new TraceReference(TraceSource.Other, "the input format's own grammar", TraceMapping.Explicit)],
        AllFormats,
        tags: ["tool"]);

    /// <summary>EA0003: an include that could not be resolved.</summary>
    public static RuleDescriptor IncludeError { get; } = new(
        "EA0003",
        "Include could not be resolved",
        "{0}",
        Severity.Warning,
        "An include / Include / $INCLUDE names a file that is missing, outside the scan roots, or includes itself, so the configuration the server really runs was not fully checked.",
        4.0,
        RulePrecision.High,
        [new TraceReference(TraceSource.Other, "the input format's include semantics", TraceMapping.Explicit)],
        AllFormats,
        tags: ["tool"]);

    /// <summary>EA0004: an unknown or invalid key in the descriptor or configuration.</summary>
    public static RuleDescriptor InvalidKey { get; } = new(
        "EA0004",
        "Unknown or invalid descriptor or configuration key",
        "{0}",
        Severity.Warning,
        "A key of the election infrastructure descriptor is unknown (often a typo) or has a value of the wrong type; rules that need the value stay silent rather than guess.",
        3.0,
        RulePrecision.VeryHigh,
        [new TraceReference(TraceSource.Other, "ElectionAudit descriptor schema v1", TraceMapping.Explicit)],
        [InputFormat.Descriptor],
        tags: ["tool"]);

    /// <summary>EA0005: a suppression that names an unknown rule, has expired, or suppresses nothing.</summary>
    public static RuleDescriptor SuppressionProblem { get; } = new(
        "EA0005",
        "Suppression problem",
        "{0}",
        Severity.Warning,
        "A suppression names an unknown rule, has expired, lacks a justification, or suppresses nothing.",
        2.0,
        RulePrecision.VeryHigh,
        [new TraceReference(TraceSource.Other, "ElectionAudit suppression syntax", TraceMapping.Explicit)],
        AllFormats,
        tags: ["tool"]);

    /// <summary>All tool rules.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [RuleFailure, ParseError, IncludeError, InvalidKey, SuppressionProblem];

    /// <summary>The tool rule with ID <paramref name="id"/>.</summary>
    public static RuleDescriptor ById(string id) => All.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException($"'{id}' is not a tool rule.", nameof(id));
}
