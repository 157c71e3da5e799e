using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>Where a zone's origin (its apex) came from, in the order the binder tries them.</summary>
public enum ZoneOriginSource
{
    /// <summary>A named.conf <c>zone</c> statement whose <c>file</c> is this file: what the name server itself uses.</summary>
    NamedConf,

    /// <summary>The descriptor's <c>dns.zones[]</c> entry whose <c>file</c> is this file.</summary>
    Descriptor,

    /// <summary>An absolute <c>$ORIGIN</c> before the first record.</summary>
    OriginDirective,

    /// <summary>The absolute owner name of the SOA record.</summary>
    SoaOwner,

    /// <summary>The file name (<c>db.example.com</c>, <c>example.com.zone</c>): a guess.</summary>
    FileName,

    /// <summary>Nothing said it; the root was assumed.</summary>
    Unknown,
}

/// <summary>A name server of a zone's apex NS set, with the addresses the repository holds for it.</summary>
/// <param name="Name">The server's name.</param>
/// <param name="Record">The NS record.</param>
/// <param name="Addresses">A and AAAA records for the name found in the scanned zones (glue or the server's own zone).</param>
public sealed record NameServer(DomainName Name, ResourceRecordSyntax Record, ImmutableArray<ResourceRecordSyntax> Addresses);

/// <summary>A delegation to a child zone: NS records below the apex, with the DS and glue records the parent holds.</summary>
/// <param name="Name">The child zone's apex.</param>
/// <param name="NameServerRecords">The NS records.</param>
/// <param name="DelegationSignerRecords">DS records at the delegation point.</param>
/// <param name="Glue">Address records at or below the delegation point (glue, RFC 1034 §4.2.1).</param>
public sealed record Delegation(DomainName Name, ImmutableArray<ResourceRecordSyntax> NameServerRecords, ImmutableArray<ResourceRecordSyntax> DelegationSignerRecords, ImmutableArray<ResourceRecordSyntax> Glue);

/// <summary>The signatures over one record type (RRSIG records with that type covered).</summary>
/// <param name="TypeCovered">The signed type.</param>
/// <param name="Signatures">The RRSIG records.</param>
public sealed record SignatureSet(DnsRecordType TypeCovered, ImmutableArray<ResourceRecordSyntax> Signatures)
{
    /// <summary>The signature that expires first.</summary>
    public ResourceRecordSyntax EarliestExpiring => Signatures.MinBy(s => ((RrsigRecordData)s.Data).Expiration)!;

    /// <summary>The earliest expiration.</summary>
    public DateTimeOffset EarliestExpiration => ((RrsigRecordData)EarliestExpiring.Data).Expiration;

    /// <summary>The latest inception.</summary>
    public DateTimeOffset LatestInception => Signatures.Max(s => ((RrsigRecordData)s.Data).Inception);
}

/// <summary>A zone's DNSSEC state as its file shows it.</summary>
public sealed class DnssecState
{
    internal DnssecState(ImmutableArray<DnssecKey> keys, ImmutableArray<ResourceRecordSyntax> signatures, ImmutableArray<ResourceRecordSyntax> nsec3Parameters, bool hasApexSignature)
    {
        Keys = keys;
        Signatures = signatures;
        Nsec3Parameters = nsec3Parameters;
        HasApexSignature = hasApexSignature;
        SignaturesByType = [.. signatures.GroupBy(s => ((RrsigRecordData)s.Data).TypeCovered).OrderBy(g => g.Key.Value).Select(g => new SignatureSet(g.Key, [.. g]))];
    }

    /// <summary>The DNSKEY records at the apex.</summary>
    public ImmutableArray<DnssecKey> Keys { get; }

    /// <summary>Every RRSIG record in the zone.</summary>
    public ImmutableArray<ResourceRecordSyntax> Signatures { get; }

    /// <summary>RRSIGs grouped by the type they cover, in type-number order.</summary>
    public ImmutableArray<SignatureSet> SignaturesByType { get; }

    /// <summary>NSEC3PARAM records at the apex.</summary>
    public ImmutableArray<ResourceRecordSyntax> Nsec3Parameters { get; }

    /// <summary>Whether an RRSIG is present at the apex.</summary>
    public bool HasApexSignature { get; }

    /// <summary>Whether the file is signed: a DNSKEY or an RRSIG at the apex (a pre-signed zone).</summary>
    public bool IsSigned => !Keys.IsEmpty || HasApexSignature;
}

/// <summary>One DNS zone loaded from a zone file (and what it includes), with the facts DNS rules read.</summary>
public sealed class DnsZone : ModelElement
{
    // The records grouped by owner (owners in order of first appearance, each owner's records in source order), and where
    // each owner's run starts: an exact-size array per owner was an object per name, about half a signed zone's records.
    private readonly ResourceRecordSyntax[] _grouped;
    private readonly Dictionary<DomainName, OwnerRun> _byOwner;

    // The delegation names as a set: rules ask "is this name delegated away" once per record.
    private readonly HashSet<DomainName> _delegationPoints;

    // Each record's type code, in the order of AllRecords: finding the records of one type reads these 2 bytes a record
    // (a signed root zone's 22,000 records in 44 KB) instead of every record object, which the rules' and the model's
    // passes for NS, MX, CNAME, CAA, SOA, RRSIG and address records each did.
    private readonly ushort[] _types;

    internal DnsZone(DnsModel model, string path, DomainName apex, ZoneOriginSource originSource, Location? originEvidence, ZoneLoadResult load)
    {
        Model = model;
        Path = path;
        Apex = apex;
        OriginSource = originSource;
        OriginEvidence = originEvidence;
        Trees = load.Trees;
        AllRecords = load.Records;
        // A zone file lists an owner's records together, so the number of owner changes is at most a few more than the number
        // of owners: sized by it, the map is made once instead of growing through every power of two (a signed root zone has
        // 1,500 owners or more).
        int runs = 0;
        DomainName? previous = null;
        foreach (var record in load.Records)
        {
            if (previous is null || !ReferenceEquals(previous, record.Owner) && previous != record.Owner)
            {
                runs++;
                previous = record.Owner;
            }
        }

        _byOwner = new Dictionary<DomainName, OwnerRun>(runs);
        _types = new ushort[load.Records.Length];
        var nameServerOwners = new HashSet<DomainName>();
        for (int i = 0; i < load.Records.Length; i++)
        {
            var record = load.Records[i];
            CollectionsMarshal.GetValueRefOrAddDefault(_byOwner, record.Owner, out _).Count++;
            _types[i] = record.Type.Value;
            if (record.Type == DnsRecordType.NS)
            {
                nameServerOwners.Add(record.Owner);
            }
        }

        // Each owner's run starts where the previous owner's ends.
        int next = 0;
        foreach (var owner in _byOwner.Keys)
        {
            ref var run = ref CollectionsMarshal.GetValueRefOrNullRef(_byOwner, owner);
            run.Start = next;
            next += run.Count;
        }

        if (runs == _byOwner.Count)
        {
            // Every owner's records are together already, so the grouped order is the load order: the records' own array
            // serves (it is never written), rather than a copy of it kept for the whole scan.
            _grouped = ImmutableCollectionsMarshal.AsArray(load.Records)!;
        }
        else
        {
            // Each run's count is counted again as the run fills.
            foreach (var owner in _byOwner.Keys)
            {
                CollectionsMarshal.GetValueRefOrNullRef(_byOwner, owner).Count = 0;
            }

            _grouped = new ResourceRecordSyntax[load.Records.Length];
            foreach (var record in load.Records)
            {
                ref var run = ref CollectionsMarshal.GetValueRefOrNullRef(_byOwner, record.Owner);
                _grouped[run.Start + run.Count++] = record;
            }
        }

        SoaRecords = RecordsOfType(DnsRecordType.SOA);
        Location = SoaRecords.FirstOrDefault(r => r.Owner == apex) is { } soa ? soa.GetLocation() : Location.ForFile(path);

        // Delegation points are the highest NS owners below the apex; each address record is glue of at most one of them (the
        // ancestor-or-self of its owner that is a delegation point), so one walk up per record replaces a scan of every record per delegation.
        var delegationNames = new List<DomainName>();
        var glueByDelegation = new Dictionary<DomainName, List<ResourceRecordSyntax>>(DomainName.SuffixComparer.Instance);
        ulong delegationDepths = 0;
        foreach (var owner in nameServerOwners.Where(o => o != apex && o.IsSubdomainOf(apex)).OrderBy(o => o.LabelCount).ThenBy(o => o.ToString(), StringComparer.Ordinal))
        {
            if (FindAncestorOrSelf(owner, 1, apex, glueByDelegation, delegationDepths) is not null)
            {
                continue;
            }

            delegationNames.Add(owner);
            glueByDelegation[owner] = [];
            delegationDepths |= DepthBit(owner.LabelCount);
        }

        if (glueByDelegation.Count > 0)
        {
            foreach (var record in load.Records)
            {
                if ((record.Type == DnsRecordType.A || record.Type == DnsRecordType.AAAA) && FindAncestorOrSelf(record.Owner, 0, apex, glueByDelegation, delegationDepths) is { } glue)
                {
                    glue.Add(record);
                }
            }
        }

        _delegationPoints = new HashSet<DomainName>(delegationNames, DomainName.SuffixComparer.Instance);
        var delegations = delegationNames.Select(owner => new Delegation(owner, [.. GetRecords(owner, DnsRecordType.NS)], [.. GetRecords(owner, DnsRecordType.DS)], [.. glueByDelegation[owner]])).ToList();
        Delegations = [.. delegations];
        var keys = GetRecords(apex, DnsRecordType.DNSKEY).Where(r => r.Data is DnsKeyRecordData).Select(r => new DnssecKey(r, (DnsKeyRecordData)r.Data)).ToImmutableArray();
        var signatures = RecordsOfType(DnsRecordType.RRSIG).Where(r => r.Data is RrsigRecordData).ToImmutableArray();
        Dnssec = new DnssecState(keys, signatures, [.. GetRecords(apex, DnsRecordType.NSEC3PARAM)], signatures.Any(s => s.Owner == apex));
    }

    private struct OwnerRun
    {
        public int Start;
        public int Count;
    }

    /// <summary>
    /// The value of the first of <paramref name="name"/>'s ancestors from <paramref name="skip"/> levels up (0: the name
    /// itself) and strictly below <paramref name="apex"/> that is a key of <paramref name="byName"/> (made with
    /// <see cref="DomainName.SuffixComparer"/>, so the ancestors are looked up without being made). Only the ancestors as
    /// deep as some key (<paramref name="depths"/>, <see cref="DepthBit"/> of each key's label count) are looked up: each
    /// look-up hashes every label of the ancestor, and a signed root zone's delegations are all one label deep while its
    /// thousands of glue names are two to four.
    /// </summary>
    private static List<ResourceRecordSyntax>? FindAncestorOrSelf(DomainName name, int skip, DomainName apex, Dictionary<DomainName, List<ResourceRecordSyntax>> byName, ulong depths)
    {
        var lookup = byName.GetAlternateLookup<DomainName.Suffix>();
        for (int level = skip; name.LabelCount - level > apex.LabelCount; level++)
        {
            if ((depths & DepthBit(name.LabelCount - level)) != 0 && lookup.TryGetValue(name.Ancestor(level), out var value))
            {
                return value;
            }
        }

        return null;
    }

    // A bit per label count, the last one shared by every count from 63 up (a name has at most 127 labels).
    private static ulong DepthBit(int labelCount) => 1UL << Math.Min(labelCount, 63);

    /// <summary>The model the zone belongs to.</summary>
    public DnsModel Model { get; }

    /// <summary>The zone file (relative to the scan root).</summary>
    public string Path { get; }

    /// <summary>The zone's apex (its origin).</summary>
    public DomainName Apex { get; }

    /// <summary>Where the apex came from.</summary>
    public ZoneOriginSource OriginSource { get; }

    /// <summary>The named.conf zone name, descriptor entry or directive that gave the origin, when there is one.</summary>
    public Location? OriginEvidence { get; }

    /// <summary>Whether the apex was given by configuration (named.conf or descriptor) rather than read or guessed from the file.</summary>
    public bool IsOriginDeclared => OriginSource is ZoneOriginSource.NamedConf or ZoneOriginSource.Descriptor;

    /// <summary>The zone file's tree, then each included file's.</summary>
    public ImmutableArray<ZoneSyntaxTree> Trees { get; }

    /// <summary>Every record in load order (included files' records at their <c>$INCLUDE</c>), out-of-zone ones included.</summary>
    public ImmutableArray<ResourceRecordSyntax> AllRecords { get; }

    /// <summary>
    /// The records of <see cref="AllRecords"/> whose type is one of <paramref name="types"/>, in load order: the same as
    /// filtering <see cref="AllRecords"/> by type, without reading each record.
    /// </summary>
    public ImmutableArray<ResourceRecordSyntax> RecordsOfType(params ReadOnlySpan<DnsRecordType> types)
    {
        Span<ushort> codes = types.Length <= 8 ? stackalloc ushort[types.Length] : new ushort[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            codes[i] = types[i].Value;
        }

        ReadOnlySpan<ushort> all = _types;
        int count = codes.Length == 1 ? all.Count(codes[0]) : CountAny(all, codes);
        if (count == 0)
        {
            return [];
        }

        var records = new ResourceRecordSyntax[count];
        int at = 0;
        for (int found = 0; found < count; found++)
        {
            at += all[at..].IndexOfAny(codes);
            records[found] = AllRecords[at++];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(records);

        static int CountAny(ReadOnlySpan<ushort> all, ReadOnlySpan<ushort> codes)
        {
            int count = 0;
            for (int next; !all.IsEmpty && (next = all.IndexOfAny(codes)) >= 0; all = all[(next + 1)..])
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>Every SOA record (a valid zone has exactly one, at the apex).</summary>
    public ImmutableArray<ResourceRecordSyntax> SoaRecords { get; }

    /// <summary>The apex SOA record.</summary>
    public ResourceRecordSyntax? SoaRecord => SoaRecords.FirstOrDefault(r => r.Owner == Apex && r.Data is SoaRecordData);

    /// <summary>The apex SOA data: timers and serial.</summary>
    public SoaRecordData? Soa => SoaRecord?.Data as SoaRecordData;

    /// <summary>The NS records at the apex with the addresses known for each server.</summary>
    public ImmutableArray<NameServer> ApexNameServers => Model.NameServersOf(this);

    /// <summary>Delegations to child zones (the highest NS owners below the apex).</summary>
    public ImmutableArray<Delegation> Delegations { get; }

    /// <summary>DNSSEC keys, signatures and NSEC3 parameters.</summary>
    public DnssecState Dnssec { get; }

    /// <summary>Where the zone is declared: its SOA record, or the file when it has none.</summary>
    public override Location Location { get; }

    /// <inheritdoc />
    public override string Key => _key ??= "zone:" + Apex;

    // Made once: nearly every finding about the zone starts its logical key with it, and keeps it.
    private string? _key;

    /// <summary>Owner names in the zone, in load order of their first record.</summary>
    public IEnumerable<DomainName> Owners => _byOwner.Keys;

    /// <summary>The descriptor's <c>dns.zones[]</c> entry for this zone (same file or same name), if any.</summary>
    public DescriptorSection? DescriptorEntry => Model.DescriptorEntryOf(this);

    /// <summary>The named.conf zone statements that load this file or name this apex.</summary>
    public IEnumerable<NamedConfZoneElement> NamedConfZones => Model.NamedConfZones.Where(z => z.ZoneFile == this || (z.ZoneFile is null && z.Name == Apex));

    /// <summary>The closest enclosing zone in the repository above this one, if any.</summary>
    public DnsZone? ParentZone => Model.FindZone(Apex.Parent, exclude: this) is { } parent && parent.Apex != Apex ? parent : null;

    /// <summary>The parent zone's delegation to this zone, if the parent is in the repository and delegates it.</summary>
    public Delegation? ParentDelegation => ParentZone?.Delegations.FirstOrDefault(d => d.Name == Apex);

    /// <summary>The descriptor sites whose hosts fall in this zone.</summary>
    public IEnumerable<SiteElement> Sites => Model.SitesIn(this);

    /// <summary>The records of <paramref name="owner"/>.</summary>
    public IReadOnlyList<ResourceRecordSyntax> GetRecords(DomainName owner) =>
        _byOwner.TryGetValue(owner, out var run) ? new ArraySegment<ResourceRecordSyntax>(_grouped, run.Start, run.Count) : Array.Empty<ResourceRecordSyntax>();

    private ReadOnlySpan<ResourceRecordSyntax> RecordsOf(DomainName owner) =>
        _byOwner.TryGetValue(owner, out var run) ? _grouped.AsSpan(run.Start, run.Count) : [];

    /// <summary>The records of <paramref name="owner"/> with type <paramref name="type"/>.</summary>
    public IEnumerable<ResourceRecordSyntax> GetRecords(DomainName owner, DnsRecordType type)
    {
        // Copied out rather than filtered lazily: rules ask this for most names, and most names have no record of the type
        // asked for (no CNAME, no CAA), which then costs nothing.
        var records = RecordsOf(owner);
        int count = 0;
        foreach (var record in records)
        {
            count += record.Type == type ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var matches = new ResourceRecordSyntax[count];
        count = 0;
        foreach (var record in records)
        {
            if (record.Type == type)
            {
                matches[count++] = record;
            }
        }

        return matches;
    }

    /// <summary>Whether the zone is authoritative for <paramref name="name"/>: at or below the apex and not at or below a delegation.</summary>
    public bool IsAuthoritativeFor(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.IsSubdomainOf(Apex))
        {
            return false;
        }

        // Strictly below a delegation point means delegated away: look for one among the name's proper ancestors below the apex.
        if (_delegationPoints.Count > 0)
        {
            var lookup = _delegationPoints.GetAlternateLookup<DomainName.Suffix>();
            for (int level = 1; name.LabelCount - level > Apex.LabelCount; level++)
            {
                if (lookup.Contains(name.Ancestor(level)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is one of the zone's <see cref="Delegations"/> points.</summary>
    public bool IsDelegationPoint(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _delegationPoints.Contains(name);
    }

    /// <summary>The SPF records published at <paramref name="name"/> (RFC 7208 §4.5: more than one is a permanent error).</summary>
    public ImmutableArray<SpfRecord> SpfRecordsAt(DomainName name) => [.. GetRecords(name, DnsRecordType.TXT).Select(SpfRecord.TryParse).OfType<SpfRecord>()];

    /// <summary>The DMARC records at <c>_dmarc.</c><paramref name="domain"/>.</summary>
    public ImmutableArray<DmarcRecord> DmarcRecordsFor(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return [.. GetRecords(DomainName.FromLabels(["_dmarc", .. domain.Labels]), DnsRecordType.TXT).Select(DmarcRecord.TryParse).OfType<DmarcRecord>()];
    }

    /// <summary>The DKIM key records at <c>&lt;selector&gt;._domainkey.</c><paramref name="domain"/>.</summary>
    public ImmutableArray<DkimKeyRecord> DkimKeys(string selector, DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(domain);
        if (!DomainName.TryParse(selector + "._domainkey", domain, out var owner, out _))
        {
            return [];
        }

        return [.. GetRecords(owner!, DnsRecordType.TXT).Select(r => (Record: r, Map: TextRecordMap.For(r))).Where(x => x.Map is not null)
            .Select(x => new DkimKeyRecord(selector, domain, x.Record, TagList.Parse(x.Map!.Text)))];
    }

    /// <summary>The DKIM selectors published in the zone for <paramref name="domain"/> (owners <c>x._domainkey.domain</c>).</summary>
    public IEnumerable<string> DkimSelectors(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Owners.Where(o => o.LabelCount == domain.LabelCount + 2 && o.Parent.Parent == domain && o.Labels[1].Equals("_domainkey", StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Labels[0]);
    }
}
