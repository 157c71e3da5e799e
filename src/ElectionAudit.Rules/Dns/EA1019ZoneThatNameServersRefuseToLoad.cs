using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1019: zone content that parses but that BIND or Knot refuse to load (or, for TTL mismatches, load with a warning).</summary>
public sealed class EA1019ZoneThatNameServersRefuseToLoad : AuditRule
{
    /// <summary>Types allowed beside a CNAME (RFC 4035 §2.5: RRSIG and NSEC; RFC 2181 §10.1 otherwise forbids other data).</summary>
    private static readonly DnsRecordType[] CnameCompanions = [DnsRecordType.CNAME, DnsRecordType.RRSIG, DnsRecordType.NSEC];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1019",
        "Zone that name servers refuse to load",
        "{0}",
        Severity.Error,
        "A zone file can be syntactically fine and still be refused by the name server: at the next reload the election domain then serves stale data or none at all. The rule mirrors what named-checkzone refuses: a CNAME beside other data, more than one SOA or none at the apex, data outside the zone, NS or MX targets inside the zone without an address, delegations to in-bailiwick servers without glue; and, as a warning, records of one RRset with different TTLs.",
        7.0,
        RulePrecision.High,
        [
            new(TraceSource.Other, "BIND named-checkzone (zone integrity checks)", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 2181 §5.2, §10.1; RFC 1034 §4.2.1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            var apex = zone.Apex;
            void Report(Severity severity, Text.Location location, string key, string message) =>
                ctx.Report(Finding.Create(Rule, severity, location, $"{zone.Key}/{key}", [], message));

            if (zone.AllRecords.IsEmpty)
            {
                return;
            }

            if (zone.SoaRecord is null)
            {
                Report(Severity.Error, zone.Location, "no-soa", $"Zone {apex} has no SOA record at its apex ({zone.OriginSource} origin); named refuses to load it ('has no SOA record').");
            }

            foreach (var extra in zone.SoaRecords.Where(r => r != zone.SoaRecord))
            {
                Report(Severity.Error, DnsRuleSupport.TypeLocation(extra), "soa:" + extra.Owner, $"A second SOA record, at {extra.Owner}; a zone has exactly one SOA, at its apex {apex} ({Describe(zone)}). named refuses the zone.");
            }

            foreach (var record in zone.AllRecords.Where(r => !r.Owner.IsSubdomainOf(apex)))
            {
                Report(Severity.Error, DnsRuleSupport.OwnerLocation(record), "out-of-zone:" + record.Owner, $"{record.Owner} is outside zone {apex} ({Describe(zone)}); named ignores out-of-zone data ('ignoring out-of-zone data'), so this record is never served.");
            }

            foreach (var owner in zone.Owners)
            {
                // Read in place, with no copy or grouping per owner: a signed zone has tens of thousands of owners, most of
                // them with one or two records.
                var records = zone.GetRecords(owner);
                int cname = IndexOf(records, 0, r => r.Type == DnsRecordType.CNAME);
                int other = cname < 0 ? -1 : IndexOf(records, 0, r => !CnameCompanions.Contains(r.Type));
                if (other >= 0)
                {
                    var later = records[Math.Max(other, cname)];
                    Report(Severity.Error, DnsRuleSupport.TypeLocation(later), "cname-and-other:" + owner, $"{owner} has a CNAME and other data ({records[other].Type}); RFC 2181 §10.1 forbids this and named refuses the zone ('CNAME and other data').");
                }

                // One record is an RRset of its own (most owners of a large zone): only several can disagree on a TTL.
                // RRsets in order of their first record; within one, the first record whose TTL differs from the first's.
                if (TtlMismatches(records) is { } mismatches)
                {
                    foreach (var (first, mismatch) in mismatches)
                    {
                        Report(Severity.Warning, DnsRuleSupport.TtlLocation(mismatch), $"ttl:{owner}/{first.Type}", $"Records of the {owner} {first.Type} RRset have different TTLs ({first.Ttl} s and {mismatch.Ttl} s); RFC 2181 §5.2 deprecates this and named sets them all to the first ('TTL set to prior TTL'). Use one TTL.");
                    }
                }
            }

            CheckTargets(zone, DnsRecordType.NS, Report);
            CheckTargets(zone, DnsRecordType.MX, Report);
            foreach (var delegation in zone.Delegations)
            {
                foreach (var ns in delegation.NameServerRecords)
                {
                    if (ns.Data is NameRecordData { Target: var target } && target.IsSubdomainOf(delegation.Name) && !delegation.Glue.Any(g => g.Owner == target))
                    {
                        Report(Severity.Error, DnsRuleSupport.RdataLocation(ns), $"glue:{delegation.Name}/{target}", $"The delegation of {delegation.Name} names {target}, inside the delegated zone, but gives no glue A/AAAA record for it; resolvers cannot reach the child and named-checkzone reports the missing glue.");
                    }
                }
            }
        });
    }

    private static int IndexOf(IReadOnlyList<ResourceRecordSyntax> records, int start, Func<ResourceRecordSyntax, bool> predicate)
    {
        for (int i = start; i < records.Count; i++)
        {
            if (predicate(records[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // Null when there is no mismatch: this runs for every owner of every zone, and a list per owner was most of what the
    // rule allocated.
    private static List<(ResourceRecordSyntax First, ResourceRecordSyntax Mismatch)>? TtlMismatches(IReadOnlyList<ResourceRecordSyntax> records)
    {
        List<(ResourceRecordSyntax, ResourceRecordSyntax)>? mismatches = null;
        if (records.Count < 2)
        {
            return null;
        }

        if (records.Count > 16)
        {
            // Many records at one name (hostile or generated input): group once rather than compare every pair.
            foreach (var group in records.GroupBy(r => (r.Type, r.Class)).Where(g => g.Key.Type != DnsRecordType.RRSIG))
            {
                var head = group.First();
                if (group.FirstOrDefault(r => r.Ttl != head.Ttl) is { } differing)
                {
                    (mismatches ??= []).Add((head, differing));
                }
            }

            return mismatches;
        }

        for (int i = 0; i < records.Count; i++)
        {
            var first = records[i];
            if (first.Type == DnsRecordType.RRSIG || SameRrset(records, 0, i, first, anyTtl: true) >= 0)
            {
                continue; // not an RRset's first record
            }

            int mismatch = SameRrset(records, i + 1, records.Count, first, anyTtl: false);
            if (mismatch >= 0)
            {
                (mismatches ??= []).Add((first, records[mismatch]));
            }
        }

        return mismatches;
    }

    // The index of the first record in [start, end) of first's type and class (and, unless anyTtl, another TTL), or -1.
    private static int SameRrset(IReadOnlyList<ResourceRecordSyntax> records, int start, int end, ResourceRecordSyntax first, bool anyTtl)
    {
        for (int i = start; i < end; i++)
        {
            var record = records[i];
            if (record.Type == first.Type && record.Class == first.Class && (anyTtl || record.Ttl != first.Ttl))
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckTargets(DnsZone zone, DnsRecordType type, Action<Severity, Text.Location, string, string> report)
    {
        foreach (var record in zone.RecordsOfType(type).Where(r => zone.IsAuthoritativeFor(r.Owner) && !zone.IsDelegationPoint(r.Owner)))
        {
            var target = record.Data switch { NameRecordData ns => ns.Target, MxRecordData mx => mx.Exchange, _ => null };
            if (target is null || target.IsRoot || !zone.IsAuthoritativeFor(target))
            {
                continue;
            }

            var records = zone.GetRecords(target);
            if (!records.Any(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA))
            {
                var why = records.Any(r => r.Type == DnsRecordType.CNAME) ? "is a CNAME, which RFC 2181 §10.3 forbids as an NS or MX target" : "has no A or AAAA record";
                report(Severity.Error, DnsRuleSupport.TokenLocation(record, type == DnsRecordType.MX ? 1 : 0), $"{type}-target:{target}", $"{type} target {target} is inside zone {zone.Apex} but {why}; named refuses the zone ('{type} '{target}' has no address records').");
            }
        }
    }

    private static string Describe(DnsZone zone) => zone.OriginSource switch
    {
        ZoneOriginSource.NamedConf => "origin from named.conf",
        ZoneOriginSource.Descriptor => "origin from the descriptor",
        ZoneOriginSource.OriginDirective => "origin from $ORIGIN",
        ZoneOriginSource.SoaOwner => "origin from the SOA owner",
        ZoneOriginSource.FileName => "origin guessed from the file name",
        _ => "origin unknown",
    };
}
