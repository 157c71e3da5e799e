using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7004: a site sends HSTS with includeSubDomains while the zone holds subdomains no HTTPS server block serves.</summary>
public sealed class EA7004HstsIncludeSubDomainsLocksOutHttpOnlySubdomains : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7004",
        "HSTS includeSubDomains would lock out HTTP-only subdomains",
        "{0}",
        Severity.Warning,
        "Once a browser has seen Strict-Transport-Security with includeSubDomains (or the domain is preloaded), it refuses plain HTTP for every name below it. A subdomain in the zone that is only served over HTTP, or by no server block at all, becomes unreachable for those visitors, typically on election night when an old information page or a feed is needed.",
        4.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Rfc, "RFC 6797 §6.1.2", TraceMapping.Explicit),
            new(TraceSource.Other, "hstspreload.org submission requirements", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    // Each zone's owners under each of their ancestors (strictly below), built once per zone: going through every owner
    // of the zone for every server name made the rule quadratic in sites and records (bench/guard.sh caught it).
    private static readonly ConditionalWeakTable<DnsZone, Dictionary<DomainName, List<DomainName>>> OwnersBelow = [];

    private static Dictionary<DomainName, List<DomainName>> IndexOwners(DnsZone zone)
    {
        var index = new Dictionary<DomainName, List<DomainName>>();
        foreach (var owner in zone.Owners)
        {
            for (var ancestor = owner; ancestor.LabelCount > 0;)
            {
                ancestor = ancestor.Parent;
                if (!index.TryGetValue(ancestor, out var list))
                {
                    index[ancestor] = list = [];
                }

                list.Add(owner);
                if (ancestor.LabelCount <= zone.Apex.LabelCount)
                {
                    break;
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
            if (!site.UsesTls || CrossRuleSupport.Hsts(site) is not { } hsts
                || !(CrossRuleSupport.HasHstsDirective(hsts, "includeSubDomains") || CrossRuleSupport.HasHstsDirective(hsts, "preload")))
            {
                return;
            }

            var binding = ctx.Model.Binding;
            var done = new HashSet<DomainName>();
            foreach (var serverName in site.ServerNames)
            {
                if (binding.Host(serverName.Value) is not { Zone: { } zone } host)
                {
                    continue;
                }

                foreach (var owner in OwnersBelow.GetValue(zone, IndexOwners).GetValueOrDefault(host.Name, []))
                {
                    if (!zone.IsAuthoritativeFor(owner) || !done.Add(owner)
                        || owner.Labels.Any(l => l.StartsWith('_')) || binding.IsServiceTarget(owner)
                        || !zone.GetRecords(owner).Any(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA || r.Type == DnsRecordType.CNAME))
                    {
                        continue;
                    }

                    // A wildcard stands for every name below its parent: the test name "x" stands for them.
                    var probe = owner.IsWildcard ? DomainName.FromLabels(["x", .. owner.Parent.Labels]) : owner;
                    var sub = binding.Host(probe);
                    if (sub.Chain.LeavesRepository && !sub.Chain.Steps.IsEmpty)
                    {
                        continue; // Served by a third party outside the repository: nothing to compare.
                    }

                    var web = sub.WebSites;
                    string? problem = web.IsEmpty ? "no server block in the repository serves it"
                        : web.All(w => !w.Site.UsesTls) ? $"it is served only over plain HTTP ({string.Join(", ", web.Select(w => w.Site.DisplayName))})"
                        : null;
                    if (problem is null)
                    {
                        continue;
                    }

                    var record = zone.GetRecords(owner)[0];
                    var subName = owner.IsWildcard ? "every name under " + CrossRuleSupport.Host(owner.Parent) : CrossRuleSupport.Host(owner);
                    var related = new List<RelatedLocation> { new(record.GetLocation(), $"{CrossRuleSupport.Host(owner)} in zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path})") };
                    related.AddRange(web.Select(CrossRuleSupport.ServerName));
                    ctx.Report(Finding.Create(Rule, Severity.Warning, hsts.ValueLocation, $"{site.Key}/{CrossRuleSupport.Host(owner)}", related,
                        $"{site.DisplayName} sends Strict-Transport-Security \"{hsts.Value}\" for {CrossRuleSupport.Host(host.Name)}, and zone {CrossRuleSupport.Host(zone.Apex)} publishes {subName}, but {problem}: browsers that saw the header will refuse to reach it over HTTP. Serve it over HTTPS, or drop includeSubDomains."));
                }
            }
        });
    }
}
