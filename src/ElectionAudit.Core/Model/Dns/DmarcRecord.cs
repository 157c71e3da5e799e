using System.Collections.Immutable;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>One <c>tag=value</c> of a DMARC or DKIM record.</summary>
/// <param name="Name">The tag name, lower-case.</param>
/// <param name="Value">The value, trimmed.</param>
/// <param name="Start">Offset of the tag in the joined text.</param>
/// <param name="Length">Length of <c>tag=value</c> in the joined text.</param>
/// <param name="ValueStart">Offset of the value.</param>
public sealed record RecordTag(string Name, string Value, int Start, int Length, int ValueStart);

/// <summary>Reads tag lists, the <c>tag=value; tag=value</c> syntax of DMARC (RFC 7489 §6.4) and DKIM (RFC 6376 §3.2).</summary>
public static class TagList
{
    /// <summary>The tags of <paramref name="text"/>, in order; whitespace around names and values is ignored.</summary>
    public static ImmutableArray<RecordTag> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tags = ImmutableArray.CreateBuilder<RecordTag>();
        int position = 0;
        while (position <= text.Length)
        {
            int end = text.IndexOf(';', position);
            if (end < 0)
            {
                end = text.Length;
            }

            int start = position;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            int stop = end;
            while (stop > start && char.IsWhiteSpace(text[stop - 1]))
            {
                stop--;
            }

            if (stop > start)
            {
                int equals = text.IndexOf('=', start, stop - start);
                var name = (equals < 0 ? text[start..stop] : text[start..equals]).Trim().ToLowerInvariant();
                int valueStart = equals < 0 ? stop : equals + 1;
                while (valueStart < stop && char.IsWhiteSpace(text[valueStart]))
                {
                    valueStart++;
                }

                tags.Add(new RecordTag(name, text[valueStart..stop], start, stop - start, valueStart));
            }

            position = end + 1;
        }

        return tags.ToImmutable();
    }
}

/// <summary>A DMARC policy record: a TXT record at <c>_dmarc.&lt;domain&gt;</c> starting <c>v=DMARC1</c> (RFC 7489 §6.3).</summary>
public sealed class DmarcRecord
{
    private DmarcRecord(DomainName domain, TextRecordMap map, ImmutableArray<RecordTag> tags)
    {
        Domain = domain;
        Map = map;
        Tags = tags;
    }

    /// <summary>The domain the policy is for (the owner without <c>_dmarc</c>).</summary>
    public DomainName Domain { get; }

    /// <summary>The record.</summary>
    public ResourceRecordSyntax Record => Map.Record;

    /// <summary>The joined text with source positions.</summary>
    public TextRecordMap Map { get; }

    /// <summary>The tags in order.</summary>
    public ImmutableArray<RecordTag> Tags { get; }

    /// <summary><c>p</c>: none, quarantine or reject.</summary>
    public RecordTag? Policy => Tag("p");

    /// <summary><c>sp</c>: the policy for subdomains (defaults to <c>p</c>).</summary>
    public RecordTag? SubdomainPolicy => Tag("sp");

    /// <summary><c>pct</c>: the percentage of mail the policy applies to (default 100).</summary>
    public int Percentage => Tag("pct") is { } pct && int.TryParse(pct.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 100;

    /// <summary><c>t</c>: testing mode (DMARCbis, draft-ietf-dmarc-dmarcbis); <c>t=y</c> asks receivers not to enforce.</summary>
    public RecordTag? Testing => Tag("t");

    /// <summary><c>adkim</c>: DKIM alignment, r (relaxed, default) or s (strict).</summary>
    public RecordTag? DkimAlignment => Tag("adkim");

    /// <summary><c>aspf</c>: SPF alignment, r (relaxed, default) or s (strict).</summary>
    public RecordTag? SpfAlignment => Tag("aspf");

    /// <summary>The aggregate report URIs (<c>rua</c>), comma-separated in the record.</summary>
    public ImmutableArray<string> AggregateReportUris => Uris("rua");

    /// <summary>The failure report URIs (<c>ruf</c>).</summary>
    public ImmutableArray<string> FailureReportUris => Uris("ruf");

    /// <summary>Whether the text is a DMARC record: its first tag is <c>v=DMARC1</c> (RFC 7489 §6.4).</summary>
    public static bool IsDmarc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tags = TagList.Parse(text);
        return tags.Length > 0 && tags[0].Name == "v" && tags[0].Value == "DMARC1";
    }

    /// <summary>Parses a TXT record at <c>_dmarc.&lt;domain&gt;</c>; null when it is not a DMARC record.</summary>
    public static DmarcRecord? TryParse(ResourceRecordSyntax record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Type != DnsRecordType.TXT || TextRecordMap.For(record) is not { } map || !IsDmarc(map.Text))
        {
            return null;
        }

        var domain = record.Owner.LabelCount > 0 && record.Owner.LabelAt(0).Equals("_dmarc", StringComparison.OrdinalIgnoreCase) ? record.Owner.Parent : record.Owner;
        return new DmarcRecord(domain, map, TagList.Parse(map.Text));
    }

    /// <summary>The first tag named <paramref name="name"/>.</summary>
    public RecordTag? Tag(string name) => Tags.FirstOrDefault(t => t.Name == name);

    /// <summary>Where a tag is written.</summary>
    public Location LocationOf(RecordTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return Map.Location(tag.Start, tag.Length);
    }

    private ImmutableArray<string> Uris(string name) =>
        Tag(name) is { } tag ? [.. tag.Value.Split(',').Select(u => u.Trim()).Where(u => u.Length > 0)] : [];
}

/// <summary>A DKIM public key record at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> (RFC 6376 §3.6.1).</summary>
/// <param name="Selector">The selector.</param>
/// <param name="Domain">The signing domain.</param>
/// <param name="Record">The TXT record.</param>
/// <param name="Tags">Its tags.</param>
public sealed record DkimKeyRecord(string Selector, DomainName Domain, ResourceRecordSyntax Record, ImmutableArray<RecordTag> Tags)
{
    /// <summary>Whether the key has been revoked: an empty <c>p=</c> (RFC 6376 §3.6.1).</summary>
    public bool IsRevoked => Tags.FirstOrDefault(t => t.Name == "p") is { Value.Length: 0 };

    /// <summary>Whether the record carries a <c>p=</c> tag at all (it is required).</summary>
    public bool HasPublicKey => Tags.Any(t => t.Name == "p");
}
