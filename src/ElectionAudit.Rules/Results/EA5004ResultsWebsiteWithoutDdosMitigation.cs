using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5004: a results site declares no DDoS provider or CDN in front of it (ENISA recommendation 6).
/// RULES.md exempts a site whose own configuration rate-limits (EA3011); that half needs the bound web-server model and is
/// not evaluated yet, so today the rule reads the descriptor alone.
/// </summary>
public sealed class EA5004ResultsWebsiteWithoutDdosMitigation : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5004",
        "Results website without DDoS mitigation",
        "Results site '{0}' declares no DDoS mitigation: {1}. Put the site behind a DDoS-scrubbing provider or CDN and name it under 'ddos.provider' or 'ddos.cdn', so a flood on election night does not take the official results offline.",
        Severity.Error,
        "Results websites are a favourite target of denial-of-service attacks on election night: taking them down is cheap and undermines trust in the count. ENISA explicitly asks for DDoS mitigation for results websites; the CIS guides ask for a DDoS protection service in front of public election sites.",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Website security", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.5.6", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA/FBI public service announcement on DDoS attacks against election infrastructure", TraceMapping.Interpretation),
            new(TraceSource.NistCsf, "PR.DS-4", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            if (!site.IsResultsSite)
            {
                return;
            }

            var ddos = site.Ddos;
            if (ddos.GetText("provider") is not null || ddos.GetText("cdn") is not null)
            {
                return;
            }

            var detail = ddos.IsPresent ? "its 'ddos' section names neither a 'provider' nor a 'cdn'" : "it has no 'ddos' section";
            ctx.Report(Finding.Create(Rule, ddos.IsPresent ? ddos.Location : site.Location, site.Key + "/ddos", site.Name, detail));
        });
    }
}
