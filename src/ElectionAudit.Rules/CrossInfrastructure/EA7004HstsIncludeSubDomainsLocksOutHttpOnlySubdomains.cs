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

    // Each zone's owners in canonical order, built once per zone: going through every owner of the zone for every server
    // name made the rule quadratic in sites and records (bench/guard.sh caught it). It was a list of owners per ancestor,
    // which kept a dictionary, its lists and a new name per ancestor for every zone to the end of the scan (1.5 MB at
    // 4,000 files); the names below one name are a run of the sorted array.
    private static readonly ConditionalWeakTable<DnsZone, OwnerIndex> OwnersBelow = [];

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

                foreach (var owner in OwnersBelow.GetValue(zone, OwnerIndex.Create).Below(host.Name))
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

    /// <summary>
    /// A zone's owners sorted in canonical order (labels compared from the right, ASCII letters without case, RFC 4034
    /// §6.1), with each one's place in <see cref="DnsZone.Owners"/>: the names under a name are the run that starts where
    /// the name itself would sort.
    /// </summary>
    internal sealed class OwnerIndex
    {
        private readonly DomainName[] _sorted;
        private readonly int[] _order;
        private readonly int _apexLabels;

        private OwnerIndex(DomainName[] sorted, int[] order, int apexLabels)
        {
            _sorted = sorted;
            _order = order;
            _apexLabels = apexLabels;
        }

        /// <summary>The index of <paramref name="zone"/>'s owners.</summary>
        public static OwnerIndex Create(DnsZone zone)
        {
            var owners = zone.Owners.ToArray();

            // Each name's labels read once: a name that shares a longer name's labels gives them as a new list per read.
            var labels = new IReadOnlyList<string>[owners.Length];
            var order = new int[owners.Length];
            for (int i = 0; i < owners.Length; i++)
            {
                labels[i] = owners[i].Labels;
                order[i] = i;
            }

            // Owners are distinct names, so the sort needs no stability.
            Array.Sort(order, (a, b) => Canonical.Compare(labels[a], labels[b]));
            var sorted = new DomainName[owners.Length];
            for (int i = 0; i < sorted.Length; i++)
            {
                sorted[i] = owners[order[i]];
            }

            return new OwnerIndex(sorted, order, zone.Apex.LabelCount);
        }

        /// <summary>
        /// The owners strictly below <paramref name="name"/>, in the zone's order, as the per-ancestor lists had them: under
        /// each of an owner's ancestors up to the first at or above the apex's depth.
        /// </summary>
        public List<DomainName> Below(DomainName name)
        {
            var labels = name.Labels;
            int low = 0;
            int high = _sorted.Length;
            while (low < high)
            {
                int middle = (low + high) >>> 1;
                if (Canonical.Compare(_sorted[middle].Labels, labels) < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            var found = new List<(int Place, DomainName Owner)>();
            for (int i = low; i < _sorted.Length && _sorted[i].IsSubdomainOf(name); i++)
            {
                var owner = _sorted[i];
                if (owner.LabelCount > name.LabelCount && (name.LabelCount >= _apexLabels || name.LabelCount == owner.LabelCount - 1))
                {
                    found.Add((_order[i], owner));
                }
            }

            found.Sort((a, b) => a.Place.CompareTo(b.Place));
            return found.ConvertAll(f => f.Owner);
        }
    }

    /// <summary>Canonical DNS name order: labels compared from the rightmost, octets with ASCII letters folded; a name before the names under it.</summary>
    internal static class Canonical
    {
        /// <summary>Compares two names given as their labels, leftmost first.</summary>
        public static int Compare(IReadOnlyList<string> left, IReadOnlyList<string> right)
        {
            for (int i = 1; i <= Math.Min(left.Count, right.Count); i++)
            {
                int compared = CompareLabels(left[left.Count - i], right[right.Count - i]);
                if (compared != 0)
                {
                    return compared;
                }
            }

            return left.Count.CompareTo(right.Count);
        }

        private static int CompareLabels(string left, string right)
        {
            for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
            {
                int compared = Fold(left[i]).CompareTo(Fold(right[i]));
                if (compared != 0)
                {
                    return compared;
                }
            }

            return left.Length.CompareTo(right.Length);
        }

        private static char Fold(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
    }
}
