using System.Collections.Immutable;

namespace ElectionAudit.Rules;

/// <summary>
/// A rule, in the manner of a Roslyn <c>DiagnosticAnalyzer</c>: it declares the descriptors it reports and, in
/// <see cref="Initialize"/>, registers callbacks on the model elements or syntax nodes it cares about.
/// A rule never reads files; it asks the model. Rules run in parallel and must not keep mutable state between callbacks.
/// </summary>
public abstract class AuditRule
{
    /// <summary>The descriptors this rule reports. Findings with other IDs are a bug in the rule.</summary>
    public abstract ImmutableArray<RuleDescriptor> SupportedRules { get; }

    /// <summary>Registers the rule's callbacks.</summary>
    public abstract void Initialize(RuleContext context);
}
