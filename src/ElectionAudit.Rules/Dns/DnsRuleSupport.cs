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
    public static readonly DomainName Arpa = DomainName.Parse("arpa.");
    private static readonly DomainName Localhost = DomainName.Parse("localhost.");

    /// <summary>Reverse-mapping and local zones are not election zones.</summary>
    public static bool IsElectionZone(DnsZone zone) =>
        !zone.Apex.IsRoot && !zone.Apex.IsSubdomainOf(Arpa) && !zone.Apex.IsSubdomainOf(Localhost);

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
