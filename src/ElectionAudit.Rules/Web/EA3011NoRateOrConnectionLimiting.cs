using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3011: no rate or connection limit applies to a site (nginx <c>limit_req</c>/<c>limit_conn</c> at the server, in
/// http, or in any location). Error for a results site whose descriptor declares no DDoS provider or CDN in front.
/// </summary>
public sealed class EA3011NoRateOrConnectionLimiting : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3011",
        "No rate or connection limiting",
        "{0}",
        Severity.Warning,
        "Without per-client request or connection limits a single client, or a small botnet, can exhaust the origin server on election night. ENISA asks for DDoS mitigation for results websites; when no scrubbing provider or CDN is declared, the origin's own limits are the last line.",
        6.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisNginx, "5.2.4", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.2.5", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB31", TraceMapping.Interpretation),
            new(TraceSource.CisNonVoting, "1.5.x", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <summary>
    /// Whether a rate or connection limit applies to the site or any of its locations: nginx <c>limit_req</c> /
    /// <c>limit_conn</c>; for Apache (RULES.md) mod_qos or mod_evasive limits, or mod_reqtimeout configured with an
    /// explicit <c>RequestReadTimeout</c> (Debian's reqtimeout.conf writes one).
    /// </summary>
    public static bool IsRateLimited(WebSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Settings is { } settings
            && (settings.Limits.Count > 0
                || site.Locations.Any(l => l.Settings is { Limits.Count: > 0 })
                || (site.IsApache && !settings.ClientHeaderTimeout.IsDefault));
    }

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (site.Settings is not { } settings || !site.ServesContent || site.HasUnresolvedIncludes || site.IsLoopbackOnly)
            {
                return;
            }

            if (IsRateLimited(site))
            {
                return;
            }

            var ddos = site.DescriptorSite?.Ddos;
            bool unprotectedResults = site.IsResultsSite && ddos?.GetText("provider") is null && ddos?.GetText("cdn") is null;
            var severity = unprotectedResults ? Severity.Error : Rule.DefaultSeverity;
            var why = unprotectedResults ? " It is a results site and the descriptor declares no DDoS provider or CDN in front of it (sites[].ddos)." : string.Empty;
            ctx.Report(site.IsApache
                ? Finding.Create(Rule, severity, site.Location, $"{site.Key}/rate-limit", [], $"No mod_qos, mod_evasive or mod_reqtimeout limit (QS_SrvMaxConnPerIP, DOSPageCount, RequestReadTimeout …) applies to {site.DisplayName}.{why} Enable mod_reqtimeout with \"RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500\" and limit connections per client address, for example \"QS_SrvMaxConnPerIP 50\" (mod_qos).")
                : Finding.Create(Rule, severity, site.Location, $"{site.Key}/rate-limit", [], $"No limit_req or limit_conn applies to {site.DisplayName} or any of its locations.{why} Define a zone in http (\"limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;\") and apply it here (\"limit_req zone=perip burst=20;\")."));
        });
    }
}
