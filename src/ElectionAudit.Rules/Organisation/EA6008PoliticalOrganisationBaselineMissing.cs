using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6008: a political organisation lacks the baseline ENISA recommends (incident response plan, MFA, CSIRT liaison).</summary>
public sealed class EA6008PoliticalOrganisationBaselineMissing : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6008",
        "Political-organisation baseline missing",
        "Party '{0}' lacks {1}. ENISA asks political organisations for a high cybersecurity level, an incident response plan and CSIRT support; record them under the party in 'parties'.",
        Severity.Warning,
        "Parties' mailboxes, websites and campaign tools are hacked and leaked to sway elections. ENISA explicitly recommends that political organisations keep a high level of cybersecurity, have incident response plans and can call on a CSIRT. This rule checks that each party the descriptor lists has a plan, enforces MFA and names its CSIRT liaison.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E8", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E10", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E11", TraceMapping.Explicit),
            new(TraceSource.Compendium, "auxiliary systems", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<PartyElement>(ctx =>
        {
            var party = ctx.Element;
            var missing = new List<string>();
            if (party.IncidentResponsePlan is null)
            {
                missing.Add("an incident response plan ('incident_response.plan')");
            }

            var mfa = party.EnforcesMultiFactorAuthentication;
            if (mfa?.Value != true)
            {
                missing.Add(mfa is null ? "enforced MFA ('mfa_enforced')" : "enforced MFA ('mfa_enforced' is false)");
            }

            if (party.CsirtLiaison is null)
            {
                missing.Add("a CSIRT liaison ('csirt_liaison')");
            }

            if (missing.Count > 0)
            {
                ctx.Report(Finding.Create(Rule, party.Location, $"{party.Key}/baseline", party.Name, Join(missing)));
            }
        });
    }

    private static string Join(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
