using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5004: a results site declares no DDoS provider or CDN in front of it (ENISA recommendation 6).
/// RULES.md exempts a site whose own configuration rate-limits (EA3011): when a web server in the scan serves one of the
/// site's hosts and applies a request or connection limit (<see cref="Web.EA3011NoRateOrConnectionLimiting.IsRateLimited"/>:
/// nginx limit_req / limit_conn; Apache mod_qos, mod_evasive or an explicit mod_reqtimeout), the site is not reported.
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
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache]);

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

            // The web half: a front end in the scan that rate-limits the site is mitigation enough for this rule.
            var servers = ctx.Model.Binding.WebSitesOf(site).Where(w => w.Settings is not null).ToList();
            if (servers.Any(Web.EA3011NoRateOrConnectionLimiting.IsRateLimited))
            {
                return;
            }

            var detail = ddos.IsPresent ? "its 'ddos' section names neither a 'provider' nor a 'cdn'" : "it has no 'ddos' section";
            if (servers.Count > 0)
            {
                detail += $", and the web server configuration that serves it ({string.Join(", ", servers.Select(w => w.DisplayName))}) applies no rate or connection limit";
            }

            var related = servers.Select(w => new RelatedLocation(w.Location, $"{w.DisplayName} serves this site without a rate or connection limit")).ToArray();
            ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, ddos.IsPresent ? ddos.Location : site.Location, $"{site.Key}/ddos", related, site.Name, detail));
        });
    }
}
