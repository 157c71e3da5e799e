using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ElectionAudit.Model;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7003: the names server blocks answer to, the names their certificates cover and the names the zones publish disagree.</summary>
public sealed class EA7003SiteNameCertificateAndZoneDisagree : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7003",
        "Site name, certificate and zone disagree",
        "{0}",
        Severity.Error,
        "A name that the zone publishes or the descriptor declares, and that a server block serves with a certificate not covering it, shows voters a certificate error (error). A server_name the zone does not publish is dead configuration or a forgotten record (warning); an address record for a name no server block or inventory entry serves is an unmanaged host on the election domain (warning).",
        6.5,
        RulePrecision.Medium,
        [
            new(TraceSource.InternetNl, "HTTPS certificate host name match", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB27", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Pem, InputFormat.Zone, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    // Every served name under each of its ancestors, built once per model: asking each zone which server blocks serve
    // its names by scanning every server name made the rule quadratic in sites and zones (bench/guard.sh caught it).
    private static readonly ConditionalWeakTable<Model.InfrastructureModel, Dictionary<DomainName, List<(WebSite Site, Located<string> Name)>>> ServedNamesByAncestor = [];

    private static Dictionary<DomainName, List<(WebSite Site, Located<string> Name)>> IndexServedNames(Model.InfrastructureModel model)
    {
        var index = new Dictionary<DomainName, List<(WebSite Site, Located<string> Name)>>();
        foreach (var site in model.Binding.WebSites)
        {
            foreach (var name in site.ServerNames)
            {
                if (Model.Binding.InfrastructureBinding.ParseHost(name.Value) is not { } served)
                {
                    continue;
                }

                for (var ancestor = served; ; ancestor = ancestor.Parent)
                {
                    if (!index.TryGetValue(ancestor, out var list))
                    {
                        index[ancestor] = list = [];
                    }

                    list.Add((site, name));
                    if (ancestor.LabelCount == 0)
                    {
                        break;
                    }
                }
            }
        }

        return index;
    }

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (site.Tls?.RejectsHandshake.Value == true)
            {
                return;
            }

            foreach (var serverName in site.ServerNames)
            {
                // Host(string) is null for a name ParseHost refuses (wildcards, expressions, address literals).
                if (ctx.Model.Binding.Host(serverName.Value) is not { } host)
                {
                    continue;
                }

                // The name's text and the chains' list are made only for a finding: this runs for every server name.
                bool joined = host.IsPublished || !host.DescriptorMentions.IsEmpty;
                if (site.Tls is { } tls && tls.LoadedChains.Any() && joined && !host.Certificates.Any(c => c.Site == site && c.Covers))
                {
                    var name = CrossRuleSupport.Host(host.Name);
                    var chains = tls.LoadedChains.ToList();
                    var related = chains.Select(c => new RelatedLocation(c.Location, $"certificate {c.Path} covers {string.Join(", ", c.Leaf!.DnsNames)}")).ToList();
                    related.AddRange(host.Records.Take(1).Select(r => CrossRuleSupport.Record(r, $"{name} published in {host.Zone!.Path}")));
                    related.AddRange(CrossRuleSupport.Mentions(host));
                    ctx.Report(Finding.Create(Rule, Severity.Error, serverName.Location, $"{site.Key}/{name}/certificate", related,
                        $"{name} is {(host.IsPublished ? $"published in zone {CrossRuleSupport.Host(host.Zone!.Apex)}" : "declared in the descriptor")} and served by {site.DisplayName}, but no certificate of that server block covers it ({string.Join("; ", chains.Select(c => $"{c.Path}: {string.Join(", ", c.Leaf!.DnsNames)}"))}): visitors get a certificate error. Add the name to the certificate."));
                }

                // A name under localhost. needs no record: resolvers answer it with the loopback address themselves
                // (RFC 6761 §6.3), so only a zone for the root or for localhost. itself could be "authoritative" for it.
                // A scanned root zone says nothing about a name the public DNS never holds: a single label (a container
                // or intranet name that a resolver completes from its search list; ICANN bars records at a top-level
                // domain's apex, SSAC's SAC053) or a name under a private-use top-level domain (.local is answered by
                // multicast DNS, .internal and .test by private servers).
                if (host.Zone is { } zone && !host.IsPublished && host.Chain.Steps.IsEmpty && !DnsRuleSupport.IsLocalhost(host.Name)
                    && !(zone.Apex.IsRoot && (host.Name.LabelCount == 1 || DnsRuleSupport.IsPrivateUse(host.Name))))
                {
                    var name = CrossRuleSupport.Host(host.Name);
                    ctx.Report(Finding.Create(Rule, Severity.Warning, serverName.Location, $"{site.Key}/{name}/no-record", [CrossRuleSupport.Zone(zone)],
                        $"{site.DisplayName} answers to {name}, but zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path}), which is authoritative for it, has no record for that name: the configuration serves a name nobody can reach, or the record was forgotten. Publish the record or remove the name."));
                }
            }
        });

        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            var binding = ctx.Model.Binding;
            // Only a zone whose web front end is in the repository (a server block serves one of its names) can say
            // that a name is served by nobody; the server blocks that do serve its names are where the name is missing.
            var zoneSites = ServedNamesByAncestor.GetValue(ctx.Model, IndexServedNames).GetValueOrDefault(zone.Apex, [])
                .DistinctBy(x => x.Site).Take(3)
                .Select(x => new RelatedLocation(x.Name.Location, $"{x.Site.DisplayName} serves names of this zone")).ToList();
            if (zoneSites.Count == 0)
            {
                return;
            }

            var seen = new HashSet<DomainName>();
            foreach (var record in zone.RecordsOfType(DnsRecordType.A, DnsRecordType.AAAA))
            {
                // Every test after the first depends on the owner alone, so each owner is judged once: a signed root zone
                // has an A and an AAAA record for most of its thousands of glue owners.
                if (record.Data is not AddressRecordData || !seen.Add(record.Owner) || record.Owner.IsWildcard || !zone.IsAuthoritativeFor(record.Owner)
                    || record.Owner.Labels.Any(l => l.StartsWith('_')) || binding.IsServiceTarget(record.Owner))
                {
                    continue;
                }

                // Asked without binding the host: a signed root zone has thousands of address records nobody serves.
                if (binding.IsServedOrMentioned(record.Owner) || binding.IsCnameTarget(record.Owner))
                {
                    continue;
                }

                var name = CrossRuleSupport.Host(record.Owner);
                var related = new List<RelatedLocation> { CrossRuleSupport.Zone(zone) };
                related.AddRange(zoneSites);
                ctx.Report(Finding.Create(Rule, Severity.Warning, record.GetLocation(), $"{zone.Key}/{name}/unserved", related,
                    $"Zone {CrossRuleSupport.Host(zone.Apex)} publishes an address for {name}, but no server block in the repository answers to it and no descriptor site, channel or asset names it: an unmanaged host on the election domain. Add it to the inventory, or remove the record."));
            }
        });
    }
}
