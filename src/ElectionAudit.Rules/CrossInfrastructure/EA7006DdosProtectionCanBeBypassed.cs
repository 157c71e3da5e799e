using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Binding;
using ElectionAudit.Syntax;

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
        "A CDN or scrubbing service only protects the results site if attackers cannot reach the origin directly. When the zone publishes the origin's address (the results name itself, or another name pointing at it) and the origin server block neither accepts only the provider's addresses nor limits request rates, a flood aimed at that address takes the results site down on election night despite the contract.",
        8.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.5.6", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Zone, InputFormat.Nginx]);

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

                // The origin is protected when every level that can answer a request accepts only listed clients
                // (ngx_http_access_module allow ...; deny all; / mod_authz_host Require ip) or limits them
                // (ngx_http_limit_req_module, ngx_http_limit_conn_module; https://nginx.org/en/docs/http/ngx_http_access_module.html).
                // The model's settings already hold what includes bring in. An origin with an unresolved include may
                // hold its restriction in the file that could not be read, so it is not judged.
                if (origins.Any(o => o.HasUnresolvedIncludes))
                {
                    continue;
                }

                // A level that answers every request with a fixed redirect or refusal serves no results and costs the
                // server little, so only levels that serve content must be protected (our reading; see the rule page).
                var open = origins
                    .Where(o => o.CatchAllResponse is not { IsConditional: false })
                    .Select(o => (Origin: o, Level: o.AnsweringLevels().FirstOrDefault(level => level.FixedResponse is not { IsConditional: false } && !level.AcceptsOnlyListedClients && level.Limits.Count == 0)))
                    .Where(o => o.Level is not null)
                    .Select(o => (o.Origin, Scope: o.Level!.Scope, Where: o.Origin.Locations.FirstOrDefault(l => ReferenceEquals(l.Settings, o.Level))?.ToString() ?? "server block"))
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
                    $"Results site '{site.Name}' is declared behind {declared.Value}, but zone {CrossRuleSupport.Host(first.Zone.Apex)} ({first.Zone.Path}) publishes the origin: {how}{(providerKnown ? $", outside {declared.Value}'s declared networks" : string.Empty)}; and the origin {open[0].Origin.DisplayName} answers requests in its {open[0].Where} from any client without a limit: neither accepting only the provider's addresses (allow ...; deny all;, in the block or a file it includes) nor limiting request rates (limit_req, limit_conn). Attackers can flood the origin directly. Remove the record or restrict the origin to the provider."));
            }
        });
    }
}
