using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>A CNAME chain as the scanned zones resolve it.</summary>
/// <param name="Start">The name resolution started at.</param>
/// <param name="Steps">The CNAME records followed, in order.</param>
/// <param name="Target">The last name reached.</param>
/// <param name="IsLoop">Whether the chain returns to a name it already passed.</param>
/// <param name="LeavesRepository">Whether the last name lies in no scanned zone, so the chain goes on elsewhere.</param>
public sealed record CnameChain(DomainName Start, ImmutableArray<ResourceRecordSyntax> Steps, DomainName Target, bool IsLoop, bool LeavesRepository);

/// <summary>The result of the RFC 8659 §3 search for the CAA RRset relevant to a name.</summary>
/// <param name="Name">The name a certificate would be issued for.</param>
/// <param name="FoundAt">The name whose CAA RRset applies, when found in the scanned zones.</param>
/// <param name="Records">The relevant CAA records (empty when none was found).</param>
/// <param name="LeftRepository">Whether the climb reached a name no scanned zone is authoritative for before finding a set, so a set further up (a TLD's) cannot be ruled out.</param>
public sealed record CaaLookup(DomainName Name, DomainName? FoundAt, ImmutableArray<ResourceRecordSyntax> Records, bool LeftRepository)
{
    /// <summary>Whether a relevant CAA RRset was found.</summary>
    public bool Found => !Records.IsEmpty;
}

/// <summary>
/// The DNS part of the infrastructure model: zones loaded from zone files with their origins resolved, named.conf zone
/// statements, and the links between them and the descriptor (<c>dns.zones[]</c>, <c>sites[].hosts</c>, <c>email</c>).
/// </summary>
public sealed class DnsModel
{
    // Indexes built once, so that per-zone and per-host lookups stay constant-time when a repository holds thousands of
    // zones and sites (a linear search per lookup made the scan quadratic in the number of files; see bench/README.md).
    private Dictionary<DomainName, List<DnsZone>> _zonesByApex = new(DomainName.SuffixComparer.Instance);
    private readonly Lazy<SiteIndex> _sites;
    private readonly Lazy<DescriptorZoneIndex> _descriptorZones;

    private DnsModel(ImmutableArray<ElectionDescriptor> descriptors, ImmutableArray<NamedConfSyntaxTree> namedConfTrees)
    {
        Descriptors = descriptors;
        NamedConfTrees = namedConfTrees;
        _sites = new Lazy<SiteIndex>(() => new SiteIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _descriptorZones = new Lazy<DescriptorZoneIndex>(() => new DescriptorZoneIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A model with no DNS inputs.</summary>
    public static DnsModel Empty { get; } = new([], []);

    /// <summary>Zones, in path order.</summary>
    public ImmutableArray<DnsZone> Zones { get; private set; } = [];

    /// <summary>named.conf zone statements, in file and declaration order.</summary>
    public ImmutableArray<NamedConfZoneElement> NamedConfZones { get; private set; } = [];

    /// <summary>The named.conf files (includes as their own trees).</summary>
    public ImmutableArray<NamedConfSyntaxTree> NamedConfTrees { get; }

    /// <summary>The descriptors the zones are linked to.</summary>
    public ImmutableArray<ElectionDescriptor> Descriptors { get; }

    /// <summary>
    /// Binds zone and named.conf trees. A zone's origin comes, in this order, from a named.conf <c>zone</c> statement whose
    /// <c>file</c> is the zone file, the descriptor's <c>dns.zones[]</c> entry with that <c>file</c>, an absolute <c>$ORIGIN</c>
    /// before the first record, the SOA owner, or the file name (<see cref="DnsZone.OriginSource"/> says which). Files that
    /// another zone file includes are part of their includer, not zones of their own.
    /// </summary>
    public static DnsModel Build(IEnumerable<SyntaxTree> trees, IEnumerable<ElectionDescriptor> descriptors) => Build(trees, descriptors, Environment.ProcessorCount);

    /// <summary>As <see cref="Build(IEnumerable{SyntaxTree}, IEnumerable{ElectionDescriptor})"/>, building the zones on up to <paramref name="parallelism"/> threads.</summary>
    internal static DnsModel Build(IEnumerable<SyntaxTree> trees, IEnumerable<ElectionDescriptor> descriptors, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(descriptors);
        var all = trees.ToList();
        var zoneTrees = all.OfType<ZoneSyntaxTree>().ToList();
        var model = new DnsModel([.. descriptors], [.. all.OfType<NamedConfSyntaxTree>()]);
        if (zoneTrees.Count == 0 && model.NamedConfTrees.IsEmpty)
        {
            return model;
        }

        var included = ZoneFormatLoader.IncludedPaths(zoneTrees);
        // A template is not a zone until it is rendered: its file has no records, and a zone built from it would be
        // reported for a missing SOA and everything else its placeholders stand for. Nor is a binary (a zone in BIND's raw
        // format) one that can be read.
        var topLevel = zoneTrees.Where(t => !included.Contains(t.Source.Path) && !TemplateActions.IsTemplate(t) && !BinaryContent.IsBinary(t)).DistinctBy(t => t.Source.Path).OrderBy(t => t.Source.Path, StringComparer.Ordinal).ToList();
        var zonePaths = zoneTrees.Select(t => t.Source.Path).ToHashSet(StringComparer.Ordinal);

        var namedZones = new List<NamedConfZoneElement>();
        foreach (var tree in model.NamedConfTrees)
        {
            foreach (var statement in tree.Root.Statements)
            {
                var (view, zones) = statement.Keyword == "view" && statement.Block is { } block ? (statement, block.Where(s => s.Keyword == "zone")) : (null, statement.Keyword == "zone" ? [statement] : []);
                foreach (var zoneStatement in zones)
                {
                    var zone = new NamedConfZone(zoneStatement);
                    namedZones.Add(new NamedConfZoneElement(model, tree, zone, view, ResolveZoneFile(tree.Source.Path, zone.File?.Text, zonePaths)));
                }
            }
        }

        model.NamedConfZones = [.. namedZones];
        var descriptorZones = model.Descriptors.SelectMany(d => d.Section("dns").Items("zones")).ToList();
        var declaredOrigins = DeclaredOrigins.Create(namedZones, descriptorZones);
        var sources = new Lazy<InMemoryFileSystem>(() => new InMemoryFileSystem(zoneTrees.Select(t => t.Source)));
        var zonesBuilt = new DnsZone[topLevel.Count];

        // Each zone is built from its own records (indexes by owner, delegations, glue, DNSSEC state): a corpus's zones
        // are independent, so they are built side by side and kept in path order.
        LargestFirst.ForEach(Enumerable.Range(0, topLevel.Count), i => topLevel[i].Source.Length, parallelism, i =>
        {
            var tree = topLevel[i];
            var path = tree.Source.Path;
            var (origin, source, evidence) = ResolveOrigin(tree, declaredOrigins);
            var load = origin == tree.Origin ? ZoneFormatLoader.TryGetLoadResult(tree) : null;
            if (load is null)
            {
                load = ZoneFormatLoader.Reload(path, origin, sources.Value);
            }

            zonesBuilt[i] = new DnsZone(model, path, origin, source, evidence, load);
        });

        model.Zones = [.. zonesBuilt];
        var byApex = new Dictionary<DomainName, List<DnsZone>>(DomainName.SuffixComparer.Instance);
        foreach (var zone in model.Zones.Where(z => z.OriginSource != ZoneOriginSource.Unknown))
        {
            if (!byApex.TryGetValue(zone.Apex, out var list))
            {
                byApex[zone.Apex] = list = [];
            }

            list.Add(zone);
        }

        model._zonesByApex = byApex;
        return model;
    }

    /// <summary>The zones and named.conf zone statements, as model elements.</summary>
    public IEnumerable<ModelElement> Elements() => Zones.Cast<ModelElement>().Concat(NamedConfZones);

    /// <summary>The scanned zone with the longest apex at or above <paramref name="name"/>. Zones whose origin nothing gave (<see cref="ZoneOriginSource.Unknown"/>, read as the root) are not anchored anywhere and never match.</summary>
    public DnsZone? FindZone(DomainName name, DnsZone? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Walk up from the name itself: the first apex met is the longest one; among zones with the same apex the first in path order wins.
        // The apexes are looked up as suffixes of the name, without making each ancestor.
        var lookup = _zonesByApex.GetAlternateLookup<DomainName.Suffix>();
        for (int level = 0; level <= name.LabelCount; level++)
        {
            if (lookup.TryGetValue(name.Ancestor(level), out var zones))
            {
                foreach (var zone in zones)
                {
                    if (zone != exclude)
                    {
                        return zone;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The scanned zone that answers for <paramref name="name"/>: the closest enclosing zone, when the name is not delegated away from it.</summary>
    public DnsZone? FindAuthoritativeZone(DomainName name) => FindZone(name) is { } zone && zone.IsAuthoritativeFor(name) ? zone : null;

    /// <summary>Follows CNAME records from <paramref name="name"/> through the scanned zones (at most 16 steps).</summary>
    public CnameChain ResolveCname(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var steps = ImmutableArray.CreateBuilder<ResourceRecordSyntax>();
        var visited = new HashSet<DomainName> { name };
        var current = name;
        while (steps.Count < 16)
        {
            var zone = FindAuthoritativeZone(current);
            if (zone is null)
            {
                return new CnameChain(name, steps.ToImmutable(), current, false, true);
            }

            if (zone.GetRecords(current, DnsRecordType.CNAME).FirstOrDefault() is not { Data: NameRecordData cname } record)
            {
                break;
            }

            steps.Add(record);
            current = cname.Target;
            if (!visited.Add(current))
            {
                return new CnameChain(name, steps.ToImmutable(), current, true, false);
            }
        }

        return new CnameChain(name, steps.ToImmutable(), current, false, false);
    }

    /// <summary>
    /// The CAA RRset relevant to <paramref name="name"/> (RFC 8659 §3): the CAA records at the name (following a CNAME,
    /// as the DNS query does), else at its parent, climbing label by label. Since RFC 8659, the climb does not restart
    /// at a CNAME target's parents (RFC 6844's rule).
    /// </summary>
    public CaaLookup FindCaa(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var current = name; ; current = current.Parent)
        {
            var chain = ResolveCname(current);
            if (chain.LeavesRepository)
            {
                return new CaaLookup(name, null, [], true);
            }

            var zone = FindAuthoritativeZone(chain.Target);
            var records = zone?.GetRecords(chain.Target, DnsRecordType.CAA).ToImmutableArray() ?? [];
            if (!records.IsEmpty)
            {
                return new CaaLookup(name, current, records, false);
            }

            if (current.IsRoot)
            {
                return new CaaLookup(name, null, [], false);
            }
        }
    }

    /// <summary>The single SPF record at <paramref name="domain"/> in the scanned zones; null when there is none or more than one.</summary>
    public SpfRecord? FindSpf(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var records = FindAuthoritativeZone(domain)?.SpfRecordsAt(domain) ?? [];
        return records.Length == 1 ? records[0] : null;
    }

    /// <summary>Counts the DNS lookups of an SPF record, following include and redirect into the scanned zones (RFC 7208 §4.6.4).</summary>
    public SpfLookupCount CountSpfLookups(SpfRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CountLookups(FindSpf);
    }

    /// <summary>Parses a host name from the descriptor (absolute whether or not it ends with a dot).</summary>
    public static DomainName? TryParseHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.AsSpan().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // A name without its final dot is read relative to the root, which is the name with the dot, without making that
        // string (the binder parses every host of every site and server block). "@" is the one text the two readings
        // differ on (relative, it means the origin), so it is read as written with the dot: a label "@".
        if (text is "@")
        {
            text = "@.";
        }

        return DomainName.TryParse(text, text[^1] == '.' ? null : DomainName.Root, out var name, out _) ? name : null;
    }

    /// <summary>The descriptor sites serving <paramref name="host"/>.</summary>
    public IEnumerable<SiteElement> SitesFor(DomainName host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _sites.Value.ByHost.TryGetValue(host, out var sites) ? sites : [];
    }

    /// <summary>The descriptor sites with a host in <paramref name="zone"/> (the zone <see cref="FindZone"/> gives for the host), in descriptor order.</summary>
    internal IReadOnlyList<SiteElement> SitesIn(DnsZone zone) => _sites.Value.ByZone.TryGetValue(zone, out var sites) ? sites : [];

    /// <summary>Whether <paramref name="host"/> is served by a site the descriptor marks <c>role: results</c> or <c>official: true</c>, which raises severities.</summary>
    public bool IsResultsOrOfficialHost(DomainName host) => SitesFor(host).Any(s => s.IsResultsSite || s.GetBooleanValue("official") == true);

    internal ImmutableArray<NameServer> NameServersOf(DnsZone zone)
    {
        var servers = ImmutableArray.CreateBuilder<NameServer>();
        foreach (var record in zone.GetRecords(zone.Apex, DnsRecordType.NS))
        {
            if (record.Data is not NameRecordData ns)
            {
                continue;
            }

            var addresses = zone.GetRecords(ns.Target).Where(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA)
                .Concat(FindAuthoritativeZone(ns.Target) is { } target && target != zone ? target.GetRecords(ns.Target).Where(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA) : [])
                .Distinct()
                .ToImmutableArray();
            servers.Add(new NameServer(ns.Target, record, addresses));
        }

        return servers.ToImmutable();
    }

    internal DescriptorSection? DescriptorEntryOf(DnsZone zone) => _descriptorZones.Value.Find(zone);

    /// <summary>Descriptor sites by host name and by the zone each host falls in, each list in descriptor order without repeats.</summary>
    private sealed class SiteIndex
    {
        public SiteIndex(DnsModel model)
        {
            foreach (var site in model.Descriptors.SelectMany(d => d.Sites))
            {
                foreach (var host in site.Hosts)
                {
                    if (TryParseHost(host.Value) is not { } name)
                    {
                        continue;
                    }

                    AddOnce(ByHost, name, site);
                    if (model.FindZone(name) is { } zone)
                    {
                        AddOnce(ByZone, zone, site);
                    }
                }
            }
        }

        public Dictionary<DomainName, List<SiteElement>> ByHost { get; } = [];

        public Dictionary<DnsZone, List<SiteElement>> ByZone { get; } = [];

        private static void AddOnce<TKey>(Dictionary<TKey, List<SiteElement>> index, TKey key, SiteElement site)
            where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            // A site's hosts are visited together, so a repeat can only be the last entry.
            if (list.Count == 0 || list[^1] != site)
            {
                list.Add(site);
            }
        }
    }

    /// <summary>The descriptor's <c>dns.zones[]</c> entries by file and by name; the first entry in descriptor order that matches either wins.</summary>
    private sealed class DescriptorZoneIndex
    {
        private readonly List<DescriptorSection> _entries;
        private readonly Dictionary<string, int> _byFile = new(StringComparer.Ordinal);
        private readonly Dictionary<DomainName, int> _byName = [];

        public DescriptorZoneIndex(DnsModel model)
        {
            _entries = [.. model.Descriptors.SelectMany(d => d.Section("dns").Items("zones"))];
            for (int index = 0; index < _entries.Count; index++)
            {
                if (_entries[index].GetText("file") is { } file)
                {
                    _byFile.TryAdd(PathUtil.Normalize(file.Value), index);
                }

                if (_entries[index].GetText("name") is { } name && TryParseHost(name.Value) is { } apex)
                {
                    _byName.TryAdd(apex, index);
                }
            }
        }

        public DescriptorSection? Find(DnsZone zone)
        {
            int byFile = _byFile.TryGetValue(zone.Path, out var fileIndex) ? fileIndex : int.MaxValue;
            int byName = _byName.TryGetValue(zone.Apex, out var nameIndex) ? nameIndex : int.MaxValue;
            int first = Math.Min(byFile, byName);
            return first == int.MaxValue ? null : _entries[first];
        }
    }

    private static (DomainName Origin, ZoneOriginSource Source, Location? Evidence) ResolveOrigin(ZoneSyntaxTree tree, DeclaredOrigins declared)
    {
        var path = tree.Source.Path;
        if (declared.NamedConf.TryGetValue(path, out var named))
        {
            return (named.Name!, ZoneOriginSource.NamedConf, named.Location);
        }

        if (declared.Descriptor.TryGetValue(path, out var fromDescriptor))
        {
            return (fromDescriptor.Name, ZoneOriginSource.Descriptor, fromDescriptor.Location);
        }

        foreach (var entry in tree.Root.Entries)
        {
            if (entry is OriginDirectiveSyntax directive && tree.Source.ToString(directive.NameSpan).EndsWith('.'))
            {
                return (directive.Origin, ZoneOriginSource.OriginDirective, tree.Source.GetLocation(directive.NameSpan));
            }

            if (entry is ResourceRecordSyntax or GenerateDirectiveSyntax or IncludeDirectiveSyntax)
            {
                break;
            }
        }

        var soa = tree.Records.FirstOrDefault(r => r.Type == DnsRecordType.SOA);
        if (soa?.OwnerSpan is { } ownerSpan && tree.Source.ToString(ownerSpan).EndsWith('.'))
        {
            return (soa.Owner, ZoneOriginSource.SoaOwner, tree.Source.GetLocation(ownerSpan));
        }

        var guessed = ZoneFormat.GuessOrigin(path, tree.Source);
        return guessed.IsRoot ? (guessed, ZoneOriginSource.Unknown, null) : (guessed, ZoneOriginSource.FileName, null);
    }

    /// <summary>
    /// Origins declared for zone files, by file path: the first named.conf zone statement with a name that loads the file, and the
    /// first descriptor <c>dns.zones[]</c> entry with that <c>file</c> and a valid <c>name</c>. Built once, so that resolving each
    /// zone's origin is a lookup rather than a pass over every declaration.
    /// </summary>
    private sealed record DeclaredOrigins(Dictionary<string, NamedConfZoneElement> NamedConf, Dictionary<string, (DomainName Name, Location Location)> Descriptor)
    {
        public static DeclaredOrigins Create(List<NamedConfZoneElement> namedZones, List<DescriptorSection> descriptorZones)
        {
            var named = new Dictionary<string, NamedConfZoneElement>(StringComparer.Ordinal);
            foreach (var zone in namedZones)
            {
                if (zone.ResolvedFilePath is { } resolved && zone.Name is not null)
                {
                    named.TryAdd(resolved, zone);
                }
            }

            var descriptor = new Dictionary<string, (DomainName Name, Location Location)>(StringComparer.Ordinal);
            foreach (var entry in descriptorZones)
            {
                if (entry.GetText("file") is { } file && entry.GetText("name") is { } name
                    && DomainName.TryParse(name.Value.EndsWith('.') ? name.Value : name.Value + ".", null, out var declared, out _))
                {
                    descriptor.TryAdd(PathUtil.Normalize(file.Value), (declared!, name.Location));
                }
            }

            return new DeclaredOrigins(named, descriptor);
        }
    }

    // named's `file` is relative to its working directory, which a repository does not record: try it beside the
    // named.conf, then from the scan root, then match the longest run of trailing path segments (an absolute
    // /etc/bind/zones/db.example matches dns/zones/db.example), refusing ties.
    private static string? ResolveZoneFile(string namedConfPath, string? file, HashSet<string> zonePaths)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        if (!file.StartsWith('/'))
        {
            foreach (var candidate in new[] { PathUtil.Combine(PathUtil.GetDirectory(namedConfPath), file), PathUtil.Normalize(file) })
            {
                if (zonePaths.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        var wanted = file.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var scored = zonePaths.Select(p => (Path: p, Score: CommonSuffix(p.Split('/'), wanted))).Where(x => x.Score > 0).OrderByDescending(x => x.Score).ThenBy(x => x.Path, StringComparer.Ordinal).ToList();
        return scored.Count == 0 || (scored.Count > 1 && scored[1].Score == scored[0].Score) ? null : scored[0].Path;
    }

    private static int CommonSuffix(string[] left, string[] right)
    {
        int count = 0;
        while (count < left.Length && count < right.Length && left[^(count + 1)] == right[^(count + 1)])
        {
            count++;
        }

        return count;
    }
}
