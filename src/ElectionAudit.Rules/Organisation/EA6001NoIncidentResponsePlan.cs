using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6001: no incident response plan is declared.</summary>
public sealed class EA6001NoIncidentResponsePlan : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6001",
        "No incident response plan",
        "No incident response plan is declared ({0}). Set 'incident_response.plan' to where the plan is kept, so responders know who decides what when the results site, DNS or count transmission is attacked.",
        Severity.Error,
        "When an attack hits on election night there is no time to decide who calls whom. ENISA asks political organisations for incident response plans, and the CIS and CISA election guides ask the same of election offices.",
        7.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisEssentialGuide, "Incident Response Planning", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA election incident response guidance", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E11", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-9", TraceMapping.Explicit),
            new(TraceSource.Compendium, "incident management", TraceMapping.Interpretation),
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
            var section = descriptor.Section("incident_response");
            if (section.GetText("plan") is not null)
            {
                return;
            }

            var detail = section.IsPresent ? "'incident_response' has no 'plan'" : "the descriptor has no 'incident_response' section";
            ctx.Report(Finding.Create(Rule, section.IsPresent ? section.Location : descriptor.Location, "incident-response/plan", detail));
        });
    }
}
