using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6011: a web, CDN, DDoS or DNS provider's contract has no recorded incident-response terms.</summary>
public sealed class EA6011ProviderContractLacksIncidentResponseTerms : AuditRule
{
    /// <summary>Provider kinds whose failure takes the public sites or their names down.</summary>
    public static IReadOnlyList<string> CoveredKinds { get; } = ["hosting", "cdn", "ddos", "dns"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6011",
        "Provider contract lacks incident-response terms",
        "Provider '{0}' ({1}) has no recorded incident-response terms. Check that the contract says how fast the provider responds, whom it notifies and what logs it hands over during an incident, and record where under 'incident_response'.",
        Severity.Note,
        "When the results site is attacked, the hosting, CDN and DNS providers hold the controls and the logs. If the contract does not oblige them to respond quickly and to share evidence, the election office waits in a ticket queue on election night. CISA's 2024 checklist asks election offices to review their website providers' contracts for this.",
        3.0,
        RulePrecision.High,
        [
            new(TraceSource.Other, "CISA 2024 election infrastructure checklist (review website-provider contracts)", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "ID.SC-3", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ProviderElement>(ctx =>
        {
            var provider = ctx.Element;
            if (provider.Kind is not { } kind || !CoveredKinds.Contains(kind.Value) || provider.IncidentResponse is not null)
            {
                return;
            }

            ctx.Report(Finding.Create(Rule, provider.Location, $"{provider.Key}/incident-response", provider.Name, kind.Value));
        });
    }
}
