using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6007: the election infrastructure is not declared critical infrastructure (ENISA recommendation 7).</summary>
public sealed class EA6007NotClassifiedAsCriticalInfrastructure : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6007",
        "Not classified as critical infrastructure",
        "The election infrastructure is not declared critical infrastructure ({0}). If it is designated, set 'classification.critical_infrastructure: true' and name the legal basis under 'sector'; if it is not, raise the designation with the national authority.",
        Severity.Note,
        "ENISA recommends that Member States classify election systems as critical infrastructure, which brings them under national protection, incident reporting and support. This rule records whether the designation exists; it is a matter of policy, not of configuration.",
        2.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Enisa, "E7", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "ID.BE-2", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;

            // E7 addresses the state's election systems; a party's own infrastructure is not a candidate for the designation.
            if (descriptor.Section("organisation").GetText("kind")?.Value == "party")
            {
                return;
            }

            var classification = descriptor.Section("classification");
            var flag = classification.GetBoolean("critical_infrastructure");
            if (flag?.Value == true)
            {
                return;
            }

            var (location, detail) = flag is not null
                ? (flag.Location, "'critical_infrastructure: false'")
                : classification.IsPresent
                    ? (classification.Location, "'classification' has no 'critical_infrastructure'")
                    : (descriptor.Location, "the descriptor has no 'classification' section");
            ctx.Report(Finding.Create(Rule, location, "classification/critical-infrastructure", detail));
        });
    }
}
