using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1012: all name servers of a zone sit under one provider domain, with one declared provider, or in one IPv4 /24.</summary>
public sealed class EA1012NameServersLackDiversity : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1012",
        "NS lack diversity",
        "{0}",
        Severity.Warning,
        "Two name servers at one provider or in one network fail together: a provider outage or a DDoS against it stops resolution of the election domain. RFC 2182 asks for secondaries at topologically and geographically separate places. The rule warns when all out-of-zone NS names share one parent domain, when the descriptor lists one DNS provider for the zone, or when every known server address lies in one IPv4 /24.",
        5.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Rfc, "RFC 2182 §3.1", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.NistCsf, "PR.PT-5", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            var servers = zone.ApexNameServers.DistinctBy(s => s.Name).ToList();
            if (!DnsRuleSupport.IsElectionZone(zone) || servers.Count < 2)
            {
                return; // fewer than two is EA1011
            }

            var first = servers[0].Record.GetLocation();

            // In-zone names say nothing about who runs the servers; only out-of-zone names reveal a provider domain.
            var parents = servers.Select(s => s.Name.Parent).Distinct().ToList();
            if (parents.Count == 1 && !servers[0].Name.IsSubdomainOf(zone.Apex))
            {
                ctx.Report(Finding.Create(Rule, first, $"{zone.Key}/ns-domain",
                    $"All {servers.Count} name servers of {zone.Apex} are under {parents[0]}, so they most likely belong to one provider and fail together. Add a secondary at an independent provider."));
                return;
            }

            var providers = zone.DescriptorEntry?.GetTextList("providers") ?? [];
            if (providers.Count == 0)
            {
                providers = [.. ctx.Model.Descriptors.SelectMany(d => d.Section("dns").GetTextList("providers"))];
            }

            if (providers.Select(p => p.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, first, $"{zone.Key}/ns-provider", [new RelatedLocation(providers[0].Location, "the only DNS provider declared")],
                    $"The descriptor names one DNS provider ({providers[0].Value}) for {zone.Apex}; its outage stops resolution. Add a secondary DNS provider."));
                return;
            }

            var addresses = servers.Select(s => s.Addresses.Select(a => (a.Data as AddressRecordData)?.Address).Where(a => a?.AddressFamily == AddressFamily.InterNetwork).ToList()).ToList();
            if (addresses.All(a => a.Count > 0))
            {
                var networks = addresses.SelectMany(a => a).Select(a => Network24(a!)).Distinct().ToList();
                if (networks.Count == 1)
                {
                    ctx.Report(Finding.Create(Rule, first, $"{zone.Key}/ns-network",
                        $"All name servers of {zone.Apex} have IPv4 addresses in {networks[0]}.0/24, one network that can fail or be flooded as a whole. Place a server in another network."));
                }
            }
        });
    }

    private static string Network24(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return $"{bytes[0]}.{bytes[1]}.{bytes[2]}";
    }
}
