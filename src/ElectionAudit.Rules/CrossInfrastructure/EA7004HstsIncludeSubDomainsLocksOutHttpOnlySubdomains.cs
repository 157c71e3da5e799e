using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using ElectionAudit.Model.Binding;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>
/// EA7004: a site sends HSTS with includeSubDomains while the zone holds subdomains no HTTPS server block serves. A header
/// browsers ignore (<see cref="HstsPolicy"/>; EA3003 reports it) locks nothing out.
/// </summary>
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

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (!site.UsesTls || CrossRuleSupport.Hsts(site) is not { } hsts
                || HstsPolicy.Of(hsts) is not { TakesEffect: true } policy || !(policy.IncludeSubDomains || policy.Preload))
            {
                return;
            }

            var binding = ctx.Model.Binding;

            // One site at a time on each worker: a new set and list per site, grown owner by owner, were most of what
            // the rule allocated.
            var scratch = t_scratch ??= new Scratch();
            var done = scratch.Done;
            var below = scratch.Below;
            done.Clear();
            var serverNames = site.ServerNames;
            for (int n = 0; n < serverNames.Count; n++)
            {
                if (binding.Host(serverNames[n].Value) is not { Zone: { } zone } host)
                {
                    continue;
                }

                below.Clear();
                OwnersBelow.GetValue(zone, OwnerIndex.Create).AddBelow(host.Name, below);
                foreach (var owner in below)
                {
                    if (!zone.IsAuthoritativeFor(owner) || !done.Add(owner)
                        || HasUnderscoreLabel(owner) || binding.IsServiceTarget(owner) || !HasAddressOrAlias(zone.GetRecords(owner)))
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
                    if (web.IsEmpty || web.All(w => !w.Site.UsesTls))
                    {
                        ctx.Report(Locked(site, hsts, host.Name, zone, owner, web));
                    }
                }
            }

            // Emptied so that no names of this scan stay reachable from the worker after it; and a zone with very many
            // owners must not keep the worker's scratch that large.
            if (done.Count > Scratch.Keep || below.Count > Scratch.Keep)
            {
                t_scratch = null;
            }
            else
            {
                done.Clear();
                below.Clear();
            }
        });
    }

    /// <summary>
    /// The finding for an owner that HSTS locks out. Only here are names turned into text, each once: every owner of a
    /// site's zone is looked at, and few lead to a finding.
    /// </summary>
    private static Finding Locked(WebSite site, ResponseHeader hsts, DomainName hostName, DnsZone zone, DomainName owner, ImmutableArray<WebSiteMatch> web)
    {
        string problem = web.IsEmpty ? "no server block in the repository serves it"
            : $"it is served only over plain HTTP ({string.Join(", ", web.Select(w => w.Site.DisplayName))})";
        var ownerHost = CrossRuleSupport.Host(owner);
        var apexHost = CrossRuleSupport.Host(zone.Apex);
        var related = new RelatedLocation[1 + web.Length];
        related[0] = new(zone.GetRecords(owner)[0].GetLocation(), $"{ownerHost} in zone {apexHost} ({zone.Path})");
        for (int i = 0; i < web.Length; i++)
        {
            related[i + 1] = CrossRuleSupport.ServerName(web[i]);
        }

        // A site's name is often its zone's apex: the apex's text then serves for both.
        var hostHost = string.Equals(hostName.ToString(), zone.Apex.ToString(), StringComparison.Ordinal) ? apexHost : CrossRuleSupport.Host(hostName);

        // "every name under" and the parent's name as two values rather than one string joined for the message.
        var (subPrefix, subName) = owner.IsWildcard ? ("every name under ", CrossRuleSupport.Host(owner.Parent)) : (string.Empty, ownerHost);
        return Finding.Create(Rule, Severity.Warning, hsts.ValueLocation, $"{site.Key}/{ownerHost}", related,
            $"{site.DisplayName} sends Strict-Transport-Security \"{hsts.Value}\" for {hostHost}, and zone {apexHost} publishes {subPrefix}{subName}, but {problem}: browsers that saw the header will refuse to reach it over HTTP. Serve it over HTTPS, or drop includeSubDomains.");
    }

    /// <summary>Whether a label of the name starts with an underscore (a service or policy name such as <c>_dmarc</c>, not a host).</summary>
    private static bool HasUnderscoreLabel(DomainName name)
    {
        // Indexed rather than enumerated: an enumerator per owner was garbage.
        var labels = name.Labels;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].StartsWith('_'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an owner's records include an address or an alias, which make it a name a browser can visit.</summary>
    private static bool HasAddressOrAlias(IReadOnlyList<ResourceRecordSyntax> records)
    {
        for (int i = 0; i < records.Count; i++)
        {
            var type = records[i].Type;
            if (type == DnsRecordType.A || type == DnsRecordType.AAAA || type == DnsRecordType.CNAME)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The owners below a server name and those already judged for the site, reused from site to site on one thread.</summary>
    private sealed class Scratch
    {
        /// <summary>Past this many owners the scratch is dropped after the site rather than kept.</summary>
        public const int Keep = 1024;

        /// <summary>The owners judged for the current site (a name below two of its server names is judged once).</summary>
        public HashSet<DomainName> Done { get; } = [];

        /// <summary>The owners below the current server name.</summary>
        public List<DomainName> Below { get; } = [];
    }

    /// <summary>
    /// A zone's owners sorted in canonical order (<see cref="DomainName.CompareCanonical"/>, RFC 4034 §6.1), with each
    /// one's place in <see cref="DnsZone.Owners"/>: the names under a name are the run that starts where the name itself
    /// would sort.
    /// </summary>
    internal sealed class OwnerIndex
    {
        // Above this many owners the places of a sparse run are sorted rather than marked in a bit set of the whole zone.
        private const int MarkedOnStack = 8192;

        private static readonly Comparer<DomainName> CanonicalOrder = Comparer<DomainName>.Create(DomainName.CompareCanonical);

        private readonly DomainName[] _owners;
        private readonly DomainName[] _sorted;
        private readonly int[] _order;
        private readonly int _apexLabels;

        private OwnerIndex(DomainName[] owners, DomainName[] sorted, int[] order, int apexLabels)
        {
            _owners = owners;
            _sorted = sorted;
            _order = order;
            _apexLabels = apexLabels;
        }

        /// <summary>The index of <paramref name="zone"/>'s owners.</summary>
        public static OwnerIndex Create(DnsZone zone)
        {
            var owners = zone.Owners.ToArray();
            var sorted = (DomainName[])owners.Clone();
            var order = new int[owners.Length];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Owners are distinct names, so the sort needs no stability. The names are compared in place: comparing their
            // label lists made a list per name read.
            Array.Sort(sorted, order, CanonicalOrder);
            return new OwnerIndex(owners, sorted, order, zone.Apex.LabelCount);
        }

        /// <summary>
        /// Adds the owners strictly below <paramref name="name"/> to <paramref name="below"/>, in the zone's order, as the
        /// per-ancestor lists had them: under each of an owner's ancestors up to the first at or above the apex's depth.
        /// </summary>
        /// <remarks>
        /// The caller's list is filled rather than a new one returned, and the places are put back in the zone's order on
        /// the stack: this runs for every server name of every site with HSTS, and a list of pairs, its sort and its copy
        /// per call were 8 MB of garbage at 4,000 generated files. A run that is a large part of the zone (a site named
        /// after its zone's apex has every owner below it) is marked in a bit set read in order; sorting its places was
        /// most of the rule's time at 16,000 generated files.
        /// </remarks>
        public void AddBelow(DomainName name, List<DomainName> below)
        {
            int low = 0;
            int high = _sorted.Length;
            while (low < high)
            {
                int middle = (low + high) >>> 1;
                if (DomainName.CompareCanonical(_sorted[middle], name) < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            int end = low;
            while (end < _sorted.Length && _sorted[end].IsSubdomainOf(name))
            {
                end++;
            }

            if (end == low)
            {
                return;
            }

            int words = (_owners.Length + 63) >>> 6;
            if (words <= MarkedOnStack / 64 || (end - low) * 64 >= _owners.Length)
            {
                AddMarked(name, low, end, words, below);
            }
            else
            {
                AddSorted(name, low, end, below);
            }
        }

        /// <summary>Whether the owner at <paramref name="sortedPlace"/> counts as below <paramref name="name"/> (it lies in the run under it).</summary>
        private bool Counts(DomainName name, int sortedPlace)
        {
            var owner = _sorted[sortedPlace];
            return owner.LabelCount > name.LabelCount && (name.LabelCount >= _apexLabels || name.LabelCount == owner.LabelCount - 1);
        }

        private void AddMarked(DomainName name, int low, int end, int words, List<DomainName> below)
        {
            ulong[]? rented = null;
            Span<ulong> marks = words <= MarkedOnStack / 64 ? stackalloc ulong[words] : (rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
            marks.Clear();
            for (int i = low; i < end; i++)
            {
                if (Counts(name, i))
                {
                    int place = _order[i];
                    marks[place >>> 6] |= 1UL << (place & 63);
                }
            }

            for (int word = 0; word < marks.Length; word++)
            {
                for (ulong bits = marks[word]; bits != 0; bits &= bits - 1)
                {
                    below.Add(_owners[(word << 6) + BitOperations.TrailingZeroCount(bits)]);
                }
            }

            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }

        private void AddSorted(DomainName name, int low, int end, List<DomainName> below)
        {
            int[]? rented = null;
            Span<int> places = end - low <= 128 ? stackalloc int[end - low] : (rented = ArrayPool<int>.Shared.Rent(end - low));
            int count = 0;
            for (int i = low; i < end; i++)
            {
                if (Counts(name, i))
                {
                    places[count++] = _order[i];
                }
            }

            // Places are distinct, so sorting them alone gives the zone's order.
            places = places[..count];
            places.Sort();
            foreach (int place in places)
            {
                below.Add(_owners[place]);
            }

            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }
}
