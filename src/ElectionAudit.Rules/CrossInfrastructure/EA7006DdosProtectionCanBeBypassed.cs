using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Binding;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7006: a results site declared behind a CDN or scrubbing provider whose origin address the zone publishes, while the origin neither restricts clients nor rate-limits.</summary>
public sealed class EA7006DdosProtectionCanBeBypassed : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7006",
        "DDoS protection can be bypassed",
        "{0}",
        Severity.Error,
        "A CDN or scrubbing service only protects the results site if attackers cannot reach the origin directly. When the zone publishes the origin's address (the results name itself, or another name pointing at it) and the origin server block or virtual host neither accepts only the provider's addresses nor limits request rates, a flood aimed at that address takes the results site down on election night despite the contract.",
        8.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.5.6", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Zone, InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            var declared = site.Ddos.GetText("provider") ?? site.Ddos.GetText("cdn");
            if (!site.IsResultsSite || declared is null)
            {
                return;
            }

            var binding = ctx.Model.Binding;
            var provider = binding.FindProvider(declared.Value);
            foreach (var written in site.Hosts)
            {
                if (binding.Host(written.Value) is not { } host || host.WebSites.IsEmpty)
                {
                    continue;
                }

                var origins = host.WebSites.Where(w => w.IsExact).Select(w => w.Site).Distinct().OrderByDescending(s => s.UsesTls).ToList();
                if (origins.Count == 0)
                {
                    continue;
                }

                // An origin with an unresolved include may hold its restriction in the file that could not be read,
                // so it is not judged.
                if (origins.Any(o => o.HasUnresolvedIncludes || (o.IsApache && CrossRuleSupport.HasUnresolvedApacheInclude(ctx.Model, o))))
                {
                    continue;
                }

                // A site that answers every request with a fixed redirect or refusal serves no results and costs the
                // server little (our reading; see the rule page).
                var open = origins
                    .Where(o => o.CatchAllResponse is not { IsConditional: false })
                    .Select(o => (Origin: o, Open: o.IsApache ? CrossRuleSupport.OpenApacheLevel(o) : OpenNginxLevel(o)))
                    .Where(o => o.Open is not null)
                    .Select(o => (o.Origin, o.Open!.Value.Scope, o.Open.Value.Where))
                    .ToList();
                if (open.Count == 0)
                {
                    continue;
                }

                // The origin's addresses: those it listens on explicitly, and those the name resolves to that are not the provider's.
                var originAddresses = origins.SelectMany(InfrastructureBinding.ListenAddresses).Select(l => (l.Address, l.Listen.Location!)).ToList();
                bool providerKnown = provider is not null && provider.GetTextList("networks").Count > 0;
                var direct = host.Addresses.Where(a => originAddresses.Any(o => o.Address.Equals(a.Address)) || (providerKnown && !binding.IsInProviderNetwork(provider!, a.Address))).ToList();
                var exposed = direct.Select(d => d.Address).Concat(originAddresses.Select(o => o.Address)).Distinct().ToList();
                var published = exposed.SelectMany(binding.RecordsWithAddress).DistinctBy(r => r.Record).ToList();
                if (published.Count == 0)
                {
                    continue;
                }

                var first = published[0];
                var related = new List<RelatedLocation> { new(declared.Location, $"site '{site.Name}' declares DDoS protection by {declared.Value}") };
                related.AddRange(published.Skip(1).Select(p => CrossRuleSupport.Record(p.Record, $"{CrossRuleSupport.Host(p.Record.Owner)} also publishes {p.Address}")));
                related.AddRange(host.WebSites.Where(w => w.IsExact).Select(CrossRuleSupport.ServerName));
                related.AddRange(open.Select(o => new RelatedLocation(o.Scope, $"origin {o.Origin.DisplayName}: this {o.Where} accepts every client without a rate or connection limit")));
                var how = first.Record.Owner == host.Name ? $"{CrossRuleSupport.Host(host.Name)} itself resolves to {first.Address}" : $"{CrossRuleSupport.Host(first.Record.Owner)} points at the origin address {first.Address}";
                ctx.Report(Finding.Create(Rule, Severity.Error, first.Record.GetLocation(), $"{site.Key}/{CrossRuleSupport.Host(host.Name)}/{first.Address}", related,
                    $"Results site '{site.Name}' is declared behind {declared.Value}, but zone {CrossRuleSupport.Host(first.Zone.Apex)} ({first.Zone.Path}) publishes the origin: {how}{(providerKnown ? $", outside {declared.Value}'s declared networks" : string.Empty)}; and the origin {open[0].Origin.DisplayName} answers requests in its {open[0].Where} from any client without a limit, {Remedy(open[0].Origin)}. Attackers can flood the origin directly. Remove the record or restrict the origin to the provider."));
            }
        });
    }

    /// <summary>
    /// The first nginx level that can answer a request (server level or location, includes expanded: the model's
    /// settings hold what they bring in) and accepts every client without a limit, or null. A level is protected when
    /// it accepts only listed clients (ngx_http_access_module <c>allow …; deny all;</c>,
    /// https://nginx.org/en/docs/http/ngx_http_access_module.html) or limits them (ngx_http_limit_req_module,
    /// ngx_http_limit_conn_module). A level that answers with a fixed redirect or refusal serves no results.
    /// </summary>
    private static (Location Scope, string Where)? OpenNginxLevel(WebSite origin)
    {
        var level = origin.AnsweringLevels().FirstOrDefault(l => l.FixedResponse is not { IsConditional: false } && !l.AcceptsOnlyListedClients && l.Limits.Count == 0);
        return level is null ? null : (level.Scope, origin.Locations.FirstOrDefault(l => ReferenceEquals(l.Settings, level))?.ToString() ?? "server block");
    }

    /// <summary>What would protect the origin, in its server's own directives.</summary>
    private static string Remedy(WebSite origin) => origin.IsApache
        ? "neither accepting only the provider's addresses (Require ip with the provider's ranges in a <Location /> or a <Directory> over the DocumentRoot, in the virtual host, a file it includes or the main server configuration) nor limiting request rates (mod_evasive DOSPageCount/DOSSiteCount, mod_qos)"
        : "neither accepting only the provider's addresses (allow ...; deny all;, in the block or a file it includes) nor limiting request rates (limit_req, limit_conn)";
}
