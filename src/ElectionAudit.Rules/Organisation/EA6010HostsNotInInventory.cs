using System.Collections.Immutable;
using System.Net;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules.Dns;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Organisation;

/// <summary>
/// EA6010: a host name the configurations serve (an nginx <c>server_name</c>, an A or AAAA owner in an election zone) that
/// the descriptor's inventory does not list. The inventory is every host the descriptor declares: <c>assets[].hosts</c>,
/// <c>assets[].location.host</c>, <c>sites[].hosts</c> and <c>results.channels[].host</c>. Without a descriptor there is no
/// inventory to compare with, and the rule stays silent.
/// </summary>
public sealed class EA6010HostsNotInInventory : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6010",
        "Hosts not in inventory",
        "Host {1} ({0}) is not in the election infrastructure descriptor's inventory. Add it to 'assets[].hosts' (or the site that serves it), or remove it if nobody maintains it: unlisted hosts miss patches, monitoring and the pre-election review.",
        Severity.Warning,
        "You cannot protect what you do not know you run. A host name the web servers or the zone files serve but the inventory omits is a forgotten system: no owner, no patching, no monitoring. CIS asks election offices to keep a complete inventory of their hardware and software assets.",
        4.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisHandbook, "HB27", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB68", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Asset management", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "ID.AM-1", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "ID.AM-2", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterModelAction(ctx =>
        {
            if (ctx.Model.Descriptors.IsEmpty)
            {
                return;
            }

            var inventory = Inventory.Build(ctx.Model.Descriptors);
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                foreach (var serverName in site.ServerNames)
                {
                    if (ServedHost(serverName.Value) is { } name && !inventory.Contains(name))
                    {
                        ctx.Report(Finding.Create(Rule, serverName.Location, $"{site.Key}/inventory:{name}", site.IsApache ? "Apache ServerName/ServerAlias" : $"{site.Software} server_name", serverName.Value));
                    }
                }
            }

            foreach (var zone in ctx.Model.Dns.Zones.Where(DnsRuleSupport.IsForwardZone))
            {
                // "A record in zone example.org." is the same for every owner of a zone: made once per zone and type.
                string? addressInZone = null;
                string? ipv6AddressInZone = null;
                foreach (var owner in zone.Owners)
                {
                    if (owner.IsWildcard || !zone.IsAuthoritativeFor(owner) || inventory.Contains(owner) || FirstAddressRecord(zone.GetRecords(owner)) is not { } record)
                    {
                        continue;
                    }

                    var inZone = record.Type == DnsRecordType.A ? addressInZone ??= InZone(record.Type, zone)
                        : record.Type == DnsRecordType.AAAA ? ipv6AddressInZone ??= InZone(record.Type, zone)
                        : InZone(record.Type, zone);
                    ctx.Report(Finding.Create(Rule, DnsRuleSupport.OwnerLocation(record), $"{zone.Key}/inventory:{owner}", inZone, owner.ToString().TrimEnd('.')));
                }
            }
        });
    }

    private static string InZone(DnsRecordType type, DnsZone zone) => $"{type} record in zone {zone.Apex}";

    /// <summary>The first of an owner's records that holds an address, if any.</summary>
    private static ResourceRecordSyntax? FirstAddressRecord(IReadOnlyList<ResourceRecordSyntax> records)
    {
        // Indexed: an enumerator and a predicate per owner of every election zone were garbage.
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Data is AddressRecordData)
            {
                return records[i];
            }
        }

        return null;
    }

    /// <summary>A server_name that names one host; null for nginx's catch-all forms, wildcards, regular expressions, addresses and local names.</summary>
    private static DomainName? ServedHost(string serverName)
    {
        if (serverName.Length == 0 || serverName == "_" || serverName[0] is '~' or '*' or '.' || serverName.Contains('*', StringComparison.Ordinal)
            || serverName.Contains('$', StringComparison.Ordinal) || !serverName.Contains('.', StringComparison.Ordinal)
            || IPAddress.TryParse(serverName.Trim('[', ']'), out _))
        {
            return null;
        }

        return DnsModel.TryParseHost(serverName);
    }

    /// <summary>The hosts the descriptors declare; an entry <c>*.example.org</c> covers every name under example.org.</summary>
    private sealed class Inventory
    {
        private readonly HashSet<DomainName> _hosts = [];
        private readonly List<DomainName> _wildcardParents = [];

        public static Inventory Build(IEnumerable<ElectionDescriptor> descriptors)
        {
            var inventory = new Inventory();
            foreach (var descriptor in descriptors)
            {
                var declared = descriptor.Assets.SelectMany(a => a.GetTextList("hosts").Concat(a.Section("location").GetText("host") is { } host ? [host] : []))
                    .Concat(descriptor.Sites.SelectMany(s => s.Hosts))
                    .Concat(descriptor.ResultsChannels.Select(c => c.Host).OfType<Located<string>>());
                foreach (var entry in declared)
                {
                    var text = entry.Value.Trim();
                    if (text.StartsWith("*.", StringComparison.Ordinal) && DnsModel.TryParseHost(text[2..]) is { } parent)
                    {
                        inventory._wildcardParents.Add(parent);
                    }
                    else if (DnsModel.TryParseHost(text) is { } name)
                    {
                        inventory._hosts.Add(name);
                    }
                }
            }

            return inventory;
        }

        public bool Contains(DomainName name)
        {
            if (_hosts.Contains(name))
            {
                return true;
            }

            // A loop rather than a query: a closure and a delegate per owner asked were garbage.
            foreach (var parent in _wildcardParents)
            {
                if (name != parent && name.IsSubdomainOf(parent))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
