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

                // ngx_http_access_module (allow ...; deny all;) restricts clients; ngx_http_limit_req_module and
                // ngx_http_limit_conn_module limit them (https://nginx.org/en/docs/http/ngx_http_access_module.html).
                bool restricted = origins.Any(o =>
                    (CrossRuleSupport.DirectivesAround(o, "deny").Any(d => d.Arguments.Length == 1 && d.Arguments[0].Value == "all") && CrossRuleSupport.DirectivesAround(o, "allow").Any())
                    || CrossRuleSupport.DirectivesAround(o, "limit_req").Any() || CrossRuleSupport.DirectivesAround(o, "limit_conn").Any());
                if (restricted)
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
                related.AddRange(origins.Select(o => new RelatedLocation(o.Location, $"origin server block {o.DisplayName}: no allow/deny all and no limit_req")));
                var how = first.Record.Owner == host.Name ? $"{CrossRuleSupport.Host(host.Name)} itself resolves to {first.Address}" : $"{CrossRuleSupport.Host(first.Record.Owner)} points at the origin address {first.Address}";
                ctx.Report(Finding.Create(Rule, Severity.Error, first.Record.GetLocation(), $"{site.Key}/{CrossRuleSupport.Host(host.Name)}/{first.Address}", related,
                    $"Results site '{site.Name}' is declared behind {declared.Value}, but zone {CrossRuleSupport.Host(first.Zone.Apex)} ({first.Zone.Path}) publishes the origin: {how}{(providerKnown ? $", outside {declared.Value}'s declared networks" : string.Empty)}; and the origin server block ({origins[0].DisplayName}) neither accepts only the provider's addresses (allow ...; deny all;) nor limits request rates (limit_req). Attackers can flood the origin directly. Remove the record or restrict the origin to the provider."));
            }
        });
    }
}
