using System.Collections.Immutable;
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
    private readonly Dictionary<DomainName, List<ResourceRecordSyntax>> _byOwner;

    internal DnsZone(DnsModel model, string path, DomainName apex, ZoneOriginSource originSource, Location? originEvidence, ZoneLoadResult load)
    {
        Model = model;
        Path = path;
        Apex = apex;
        OriginSource = originSource;
        OriginEvidence = originEvidence;
        Trees = load.Trees;
        AllRecords = load.Records;
        _byOwner = [];
        foreach (var record in load.Records)
        {
            if (!_byOwner.TryGetValue(record.Owner, out var list))
            {
                _byOwner[record.Owner] = list = [];
            }

            list.Add(record);
        }

        SoaRecords = [.. load.Records.Where(r => r.Type == DnsRecordType.SOA)];
        Location = SoaRecords.FirstOrDefault(r => r.Owner == apex) is { } soa ? soa.GetLocation() : Location.ForFile(path);

        // Delegation points and their glue are found by walking each name's ancestors up to the apex and looking them up,
        // not by comparing every name with every delegation: the signed root zone has about 1,500 delegations and 22,000
        // records, which made the pairwise comparison take seconds per load (found by the malformed-input suite).
        var delegationPoints = new HashSet<DomainName>();
        foreach (var owner in _byOwner.Keys.Where(o => o != apex && o.IsSubdomainOf(apex) && _byOwner[o].Any(r => r.Type == DnsRecordType.NS)).OrderBy(o => o.Labels.Count).ThenBy(o => o.ToString(), StringComparer.Ordinal))
        {
            if (NearestAncestorIn(owner, delegationPoints, apex) is null)
            {
                delegationPoints.Add(owner);
            }
        }

        var glueByDelegation = new Dictionary<DomainName, List<ResourceRecordSyntax>>();
        foreach (var record in load.Records.Where(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA))
        {
            if (record.Owner.IsSubdomainOf(apex) && NearestAncestorIn(record.Owner, delegationPoints, apex) is { } point)
            {
                if (!glueByDelegation.TryGetValue(point, out var glue))
                {
                    glueByDelegation[point] = glue = [];
                }

                glue.Add(record);
            }
        }

        Delegations = [.. _byOwner.Keys.Where(delegationPoints.Contains).OrderBy(o => o.Labels.Count).ThenBy(o => o.ToString(), StringComparer.Ordinal)
            .Select(owner => new Delegation(owner, [.. GetRecords(owner, DnsRecordType.NS)], [.. GetRecords(owner, DnsRecordType.DS)], glueByDelegation.TryGetValue(owner, out var glue) ? [.. glue] : []))];
        var keys = GetRecords(apex, DnsRecordType.DNSKEY).Where(r => r.Data is DnsKeyRecordData).Select(r => new DnssecKey(r, (DnsKeyRecordData)r.Data)).ToImmutableArray();
        var signatures = load.Records.Where(r => r.Type == DnsRecordType.RRSIG && r.Data is RrsigRecordData).ToImmutableArray();
        Dnssec = new DnssecState(keys, signatures, [.. GetRecords(apex, DnsRecordType.NSEC3PARAM)], signatures.Any(s => s.Owner == apex));
    }

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
    public override string Key => "zone:" + Apex;

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
    public IEnumerable<SiteElement> Sites => Model.Descriptors.SelectMany(d => d.Sites).Where(s => s.Hosts.Any(h => DnsModel.TryParseHost(h.Value) is { } host && Model.FindZone(host) == this));

    /// <summary>The name itself or its closest ancestor below <paramref name="apex"/> that is in <paramref name="names"/>, or null.</summary>
    private static DomainName? NearestAncestorIn(DomainName name, HashSet<DomainName> names, DomainName apex)
    {
        for (var current = name; current.Labels.Count > apex.Labels.Count; current = current.Parent)
        {
            if (names.Contains(current))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The records of <paramref name="owner"/>.</summary>
    public IReadOnlyList<ResourceRecordSyntax> GetRecords(DomainName owner) => _byOwner.TryGetValue(owner, out var list) ? list : [];

    /// <summary>The records of <paramref name="owner"/> with type <paramref name="type"/>.</summary>
    public IEnumerable<ResourceRecordSyntax> GetRecords(DomainName owner, DnsRecordType type) => GetRecords(owner).Where(r => r.Type == type);

    /// <summary>Whether the zone is authoritative for <paramref name="name"/>: at or below the apex and not at or below a delegation.</summary>
    public bool IsAuthoritativeFor(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.IsSubdomainOf(Apex) && !Delegations.Any(d => name.IsSubdomainOf(d.Name) && name != d.Name);
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
        return Owners.Where(o => o.Labels.Count == domain.Labels.Count + 2 && o.Parent.Parent == domain && o.Labels[1].Equals("_domainkey", StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Labels[0]);
    }
}
