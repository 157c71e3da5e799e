using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.Dns;

/// <summary>Locations and descriptor facts the DNS rules share.</summary>
internal static class DnsRuleSupport
{
    /// <summary>The reverse-mapping domain, <c>arpa.</c>.</summary>
    private static readonly DomainName Arpa = DomainName.Parse("arpa.");
    private static readonly DomainName Localhost = DomainName.Parse("localhost.");

    // Top-level domains that are never delegated in the public DNS, so no one on the Internet can query a zone under
    // them: test., localhost. and invalid. (RFC 6761 §6.2-6.4: registries must not register them), local. (RFC 6762
    // §3: queries go to link-local multicast), onion. (RFC 7686 §2: authoritative servers answer NXDOMAIN), and
    // internal. (reserved for private use by ICANN Board resolution 2024.07.29.06, following SSAC's SAC113).
    private static readonly DomainName[] PrivateUseDomains = [.. new[] { "test.", "invalid.", "local.", "onion.", "internal." }.Select(name => DomainName.Parse(name))];

    /// <summary>
    /// Whether the rules about what the Internet sees of a domain apply to a zone: not the root, not reverse mapping
    /// (<c>arpa.</c>, which includes <c>home.arpa.</c>), not <c>localhost.</c>, and not a zone under a top-level domain
    /// that is never delegated publicly (<c>test.</c>, <c>invalid.</c>, <c>local.</c>, <c>onion.</c>, <c>internal.</c>)
    /// unless the descriptor declares that zone.
    /// </summary>
    public static bool IsElectionZone(DnsZone zone) => IsElectionZone(zone.Apex, zone);

    /// <summary>The same for a zone statement of named.conf: declared when the zone file it loads is.</summary>
    public static bool IsElectionZone(NamedConfZoneElement zone) => zone.Name is { } name && IsElectionZone(name, zone.ZoneFile);

    /// <summary>
    /// Whether a zone names hosts at all: not the root, not reverse mapping, not <c>localhost.</c>. Zones under
    /// private-use top-level domains do: their hosts belong in the inventory like any other.
    /// </summary>
    public static bool IsForwardZone(DnsZone zone) => IsForwardName(zone.Apex);

    private static bool IsForwardName(DomainName apex) => !apex.IsRoot && !apex.IsSubdomainOf(Arpa) && !IsLocalhost(apex);

    /// <summary>Whether a name is <c>localhost.</c> or under it: resolvers answer it with the loopback address themselves (RFC 6761 §6.3).</summary>
    public static bool IsLocalhost(DomainName name) => name.IsSubdomainOf(Localhost);

    private static bool IsElectionZone(DomainName apex, DnsZone? file) =>
        IsForwardName(apex) && (!IsPrivateUse(apex) || file?.DescriptorEntry is not null);

    /// <summary>Whether a name is under a top-level domain that is never delegated in the public DNS.</summary>
    public static bool IsPrivateUse(DomainName name)
    {
        foreach (var domain in PrivateUseDomains)
        {
            if (name.IsSubdomainOf(domain))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The span of the <paramref name="index"/>th token (0-based) of a record's data, as written: quoted strings are one token; parentheses and comments are skipped.</summary>
    public static TextSpan? RdataToken(ResourceRecordSyntax record, int index)
    {
        var source = record.Tree.Source;
        int position = record.RdataSpan.Start;
        int end = Math.Min(record.RdataSpan.End, source.Length);
        int current = 0;
        while (position < end)
        {
            char c = source[position];
            if (c is ' ' or '\t' or '\r' or '\n' or '(' or ')')
            {
                position++;
                continue;
            }

            if (c == ';')
            {
                while (position < end && source[position] != '\n')
                {
                    position++;
                }

                continue;
            }

            int start = position;
            if (c == '"')
            {
                position++;
                while (position < end && source[position] != '"')
                {
                    position += source[position] == '\\' ? 2 : 1;
                }

                position = Math.Min(position + 1, end);
            }
            else
            {
                while (position < end && source[position] is not (' ' or '\t' or '\r' or '\n' or '(' or ')' or ';'))
                {
                    position += source[position] == '\\' ? 2 : 1;
                }

                position = Math.Min(position, end);
            }

            if (current++ == index)
            {
                return TextSpan.FromBounds(start, position);
            }
        }

        return null;
    }

    /// <summary>The location of a record's <paramref name="index"/>th data token, or of its whole data.</summary>
    public static Location TokenLocation(ResourceRecordSyntax record, int index) =>
        record.Tree.Source.GetLocation(record.Generator is null && RdataToken(record, index) is { } span ? span : record.RdataSpan);

    /// <summary>The data tokens from <paramref name="index"/> to the end (for example a DNSKEY's base64 key).</summary>
    public static Location TokensFrom(ResourceRecordSyntax record, int index) =>
        record.Tree.Source.GetLocation(record.Generator is null && RdataToken(record, index) is { } span ? TextSpan.FromBounds(span.Start, record.RdataSpan.End) : record.RdataSpan);

    /// <summary>The owner as written, or the whole record when the owner is inherited.</summary>
    public static Location OwnerLocation(ResourceRecordSyntax record) =>
        record.Tree.Source.GetLocation(record.OwnerSpan ?? record.Span);

    /// <summary>The record's type token.</summary>
    public static Location TypeLocation(ResourceRecordSyntax record) => record.Tree.Source.GetLocation(record.TypeSpan);

    /// <summary>The record's data.</summary>
    public static Location RdataLocation(ResourceRecordSyntax record) => record.Tree.Source.GetLocation(record.RdataSpan);

    /// <summary>The TTL as written, or the type token when the TTL is inherited (the record is where a TTL would be written).</summary>
    public static Location TtlLocation(ResourceRecordSyntax record) => record.Tree.Source.GetLocation(record.TtlSpan ?? record.TypeSpan);

    /// <summary>Mail domains the descriptor declares under <c>email.domains</c>.</summary>
    public static IEnumerable<(DomainName Name, Located<string> Entry)> DeclaredMailDomains(InfrastructureModel model) =>
        model.Descriptors.SelectMany(d => d.Section("email").GetTextList("domains"))
            .Select(entry => (Name: DnsModel.TryParseHost(entry.Value), Entry: entry))
            .Where(x => x.Name is not null)
            .Select(x => (x.Name!, x.Entry));

    /// <summary>The descriptor's <c>email</c> sections.</summary>
    public static IEnumerable<DescriptorSection> EmailSections(InfrastructureModel model) => model.Descriptors.Select(d => d.Section("email")).Where(s => s.IsPresent);

    /// <summary>A date in ISO form.</summary>
    public static string Format(DateTimeOffset date) => date.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A number in invariant form.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A related location for a zone's SOA record.</summary>
    public static RelatedLocation ZoneRelated(DnsZone zone) => new(zone.Location, $"zone {zone.Apex} ({zone.Path})");
}
