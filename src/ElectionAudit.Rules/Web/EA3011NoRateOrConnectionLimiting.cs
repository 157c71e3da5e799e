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
        [InputFormat.Nginx, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            // The Apache half (mod_qos / mod_evasive / mod_reqtimeout) is not modelled yet: silent rather than a guess.
            if (site.Settings is not { } settings || site.IsApache || !site.ServesContent || site.HasUnresolvedIncludes)
            {
                return;
            }

            bool limited = settings.Limits.Count > 0 || site.Locations.Any(l => l.Settings is { Limits.Count: > 0 });
            if (limited)
            {
                return;
            }

            var ddos = site.DescriptorSite?.Ddos;
            bool unprotectedResults = site.IsResultsSite && ddos?.GetText("provider") is null && ddos?.GetText("cdn") is null;
            var severity = unprotectedResults ? Severity.Error : Rule.DefaultSeverity;
            var why = unprotectedResults ? " It is a results site and the descriptor declares no DDoS provider or CDN in front of it (sites[].ddos)." : string.Empty;
            ctx.Report(Finding.Create(Rule, severity, site.Location, site.Key + "/rate-limit", [], $"No limit_req or limit_conn applies to {site.DisplayName} or any of its locations.{why} Define a zone in http (\"limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;\") and apply it here (\"limit_req zone=perip burst=20;\")."));
        });
    }
}
