using System.Collections.Immutable;
using ElectionAudit.Model;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3004: the HSTS header a zone apex sends lacks <c>includeSubDomains</c> or <c>preload</c>. Apex names are the zone
/// apexes the scan knows (zone files, the descriptor's <c>dns.zones[]</c>); without them the rule stays silent.
/// </summary>
public sealed class EA3004ApexHstsNotPreloadReady : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3004",
        "Apex HSTS not preload-ready",
        "{0}",
        Severity.Note,
        "Browsers ship a list of domains that are HTTPS-only from the very first visit (the HSTS preload list). To be listed, the registrable domain must send HSTS with includeSubDomains and preload. For an election domain that closes the first-visit gap for every subdomain at once.",
        3.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Other, "hstspreload.org submission requirements (includeSubDomains and preload on the apex)", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.12", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Zone, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The apex names are the same for every site of a scan: collecting them once per site made the rule quadratic in
        // the number of sites (19% of a 4,000-file scan). Keyed by the model, so a context reused for another model recomputes.
        ApexCache? cache = null;
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (!WebRuleSupport.ServesHttps(site) || site.IsLoopbackOnly)
            {
                return;
            }

            var current = cache;
            if (current is null || !ReferenceEquals(current.Model, ctx.Model))
            {
                current = new ApexCache(ctx.Model, ApexNames(ctx.Model));
                cache = current;
            }

            var apexes = current.Names;
            var apex = site.ServerNames.FirstOrDefault(n => apexes.Contains(n.Value.TrimEnd('.')));
            if (apex is null)
            {
                return;
            }

            if (WebRuleSupport.FirstHeadersAtContentLevels(site, EA3002HstsMissing.Header) is not { } headers)
            {
                return;
            }

            foreach (var header in headers)
            {
                if (HstsPolicy.Of(header) is not { } policy)
                {
                    continue; // Filled in per request (nginx $variable, Apache %{VAR}e): what it says is unknown.
                }

                string? problem = !policy.TakesEffect
                    ? $"its Strict-Transport-Security header {policy.Problem}, so browsers ignore it and"
                    : (policy.IncludeSubDomains, policy.Preload) switch
                    {
                        (false, false) => "its Strict-Transport-Security header lacks includeSubDomains and preload, so",
                        (false, true) => "its Strict-Transport-Security header lacks includeSubDomains, so",
                        (true, false) => "its Strict-Transport-Security header lacks preload, so",
                        _ => null,
                    };
                if (problem is not null)
                {
                    ctx.Report(Finding.Create(Rule, WebRuleSupport.Raised(Rule.DefaultSeverity, site), header.ValueLocation, $"{site.Key}/hsts-preload", [], $"{apex.Value} is a zone apex, but {problem} the domain cannot join the browsers' HSTS preload list. Send \"max-age=63072000; includeSubDomains; preload\" once every subdomain serves HTTPS."));
                }
            }
        });
    }

    private sealed record ApexCache(InfrastructureModel Model, HashSet<string> Names);

    private static HashSet<string> ApexNames(InfrastructureModel model)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in model.Dns.Zones)
        {
            names.Add(zone.Apex.ToString().TrimEnd('.'));
        }

        foreach (var zone in model.Descriptors.SelectMany(d => d.Section("dns").Items("zones")))
        {
            if (zone.GetText("name") is { } name)
            {
                names.Add(name.Value.TrimEnd('.'));
            }
        }

        return names;
    }
}
