using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>
/// The joined text of a TXT record (its character strings concatenated, as SPF and DMARC read them) with the source
/// offset of every character, so that a term inside it can be reported at the exact place it is written.
/// </summary>
public sealed class TextRecordMap
{
    // Where each character of the text is written, found when a span is first asked for: SPF and DMARC records are
    // mapped every time a rule parses them, and only a finding asks where a term is (the offsets were 4.8 MB of a
    // 4,000-file scan's allocations). Empty when the characters cannot be mapped.
    private int[]? _offsets;
    private readonly TextSpan _fallback;

    private TextRecordMap(ResourceRecordSyntax record, string text)
    {
        Record = record;
        Text = text;
        _fallback = record.RdataSpan;
    }

    /// <summary>The record.</summary>
    public ResourceRecordSyntax Record { get; }

    /// <summary>The character strings joined without separator (RFC 7208 §3.3).</summary>
    public string Text { get; }

    /// <summary>Maps the TXT record <paramref name="record"/>; null when it is not a TXT or SPF record.</summary>
    public static TextRecordMap? For(ResourceRecordSyntax record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Data is not TextRecordData data)
        {
            return null;
        }

        return new TextRecordMap(record, data.JoinedText);
    }

    /// <summary>The source span of characters <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of <see cref="Text"/>; the whole record data when the characters cannot be mapped (a generated record, for example).</summary>
    public TextSpan SourceSpan(int start, int length)
    {
        var offsets = _offsets ??= Scan(Record.Tree.Source, _fallback, Text.Length) ?? [];
        if (offsets.Length != Text.Length + 1 || start < 0 || length <= 0 || start + length > Text.Length)
        {
            return _fallback;
        }

        int first = offsets[start];
        int last = offsets[start + length - 1];

        // A span that crosses from one quoted string into the next covers the quotes between them, which is what a reader sees.
        return TextSpan.FromBounds(first, EndOf(last));
    }

    /// <summary>The location of characters <paramref name="start"/>..+<paramref name="length"/>.</summary>
    public Location Location(int start, int length) => Record.Tree.Source.GetLocation(SourceSpan(start, length));

    private int EndOf(int offset)
    {
        var source = Record.Tree.Source;

        // An escape (\X or \DDD) is one character of the text but several of the source.
        if (source[offset] == '\\' && offset + 1 < source.Length)
        {
            return offset + 4 <= source.Length && char.IsAsciiDigit(source[offset + 1]) && char.IsAsciiDigit(source[offset + 2]) && char.IsAsciiDigit(source[offset + 3]) ? offset + 4 : offset + 2;
        }

        return offset + 1;
    }

    // Walks the record data as the zone lexer does (quoted or plain character strings, parentheses and comments
    // between them) and notes where each text character comes from. Returns null when the result would not line up
    // with the parsed text (non-ASCII input, whose octets the parser stores individually).
    private static int[]? Scan(SourceText source, TextSpan span, int expectedLength)
    {
        var offsets = new int[expectedLength + 1];
        int count = 0;
        int position = span.Start;
        int end = Math.Min(span.End, source.Length);
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

            bool quoted = c == '"';
            if (quoted)
            {
                position++;
            }

            while (position < end)
            {
                c = source[position];
                if (quoted ? c == '"' : c is ' ' or '\t' or '\r' or '\n' or '(' or ')' or ';' or '"')
                {
                    break;
                }

                if (c > 0x7F)
                {
                    return null;
                }

                if (count == expectedLength)
                {
                    return null;
                }

                offsets[count++] = position;
                if (c == '\\' && position + 1 < end)
                {
                    position += position + 3 < end && char.IsAsciiDigit(source[position + 1]) && char.IsAsciiDigit(source[position + 2]) && char.IsAsciiDigit(source[position + 3]) ? 4 : 2;
                }
                else
                {
                    position++;
                }
            }

            if (quoted && position < end)
            {
                position++;
            }
        }

        if (count != expectedLength)
        {
            return null;
        }

        offsets[count] = end;
        return offsets;
    }
}
