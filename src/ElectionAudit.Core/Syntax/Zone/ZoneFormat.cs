using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>Recognises DNS zone files by name and content.</summary>
public static class ZoneFormat
{
    // Content detection reads this many lines (cut at every CR and LF), and guessing an origin this many.
    private const int SniffLines = 100;
    private const int GuessLines = 200;

    /// <summary>
    /// Whether a file looks like a zone file: named <c>db.*</c>, <c>*.zone</c>, <c>*.db</c> or <c>*.hosts</c> with
    /// zone-like content, or any file whose content starts zone-like (a <c>$ORIGIN</c> or <c>$TTL</c> line, or a record
    /// line with <c>SOA</c> among its first words).
    /// </summary>
    public static bool LooksLikeZone(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        bool zoneName = HasZoneName(path);
        bool content = HasZoneContent(text);

        // A .db name alone is not enough: SQLite and Berkeley DB files share it.
        return content || (zoneName && LooksLikeText(text) && text.Length == 0);
    }

    /// <summary>
    /// <see cref="LooksLikeZone(string, string)"/> for the scan's snapshot of the file, reading only the lines the content
    /// test looks at (an empty file's text, which <c>LooksLikeText</c> passes, is all a zone name needs).
    /// </summary>
    internal static bool LooksLikeZone(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        bool zoneName = HasZoneName(path);
        bool content;
        using (var head = HeadLines(source, SniffLines))
        {
            content = HasZoneContent(head.Span);
        }

        return content || (zoneName && source.Length == 0);
    }

    private static bool HasZoneName(string path)
    {
        var name = path.AsSpan(path.LastIndexOfAny(['/', '\\']) + 1);
        return name.StartsWith("db.", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".zone", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".hosts", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A head of <paramref name="source"/> that holds its first <paramref name="lines"/> lines as <see cref="SpanLines.AtEitherBreak"/>
    /// cuts them: up to the end of its own <paramref name="lines"/>th line, since each of its lines (CR, LF or CRLF ended) is
    /// one or two of those, and ends with its break, so no line is cut short.
    /// </summary>
    private static TextChars HeadLines(SourceText source, int lines) => source.Head(source.EndOfLines(lines));

    /// <summary>
    /// Guesses a zone's origin when nothing else gives it: the first <c>$ORIGIN</c> before any record, else an absolute
    /// SOA owner, else the file name without a <c>db.</c> prefix or a <c>.zone</c>, <c>.db</c>, <c>.signed</c> suffix; the root when
    /// nothing fits.
    /// </summary>
    public static DomainName GuessOrigin(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return GuessOrigin(path, text.AsSpan());
    }

    /// <summary>
    /// <see cref="GuessOrigin(string, string)"/> for a file's snapshot, reading only the lines it looks at: the zone loader
    /// guesses before the parser makes the string, and binding guesses again long after it may be gone.
    /// </summary>
    internal static DomainName GuessOrigin(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        using var head = HeadLines(source, GuessLines);
        return GuessOrigin(path, head.Span);
    }

    private static DomainName GuessOrigin(string path, ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (var lineSpan in SpanLines.AtEitherBreak(text))
        {
            if (count++ == GuessLines)
            {
                break;
            }

            var trimmed = lineSpan.TrimStart();
            if (trimmed.StartsWith("$ORIGIN", StringComparison.OrdinalIgnoreCase))
            {
                var words = trimmed.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 1 && words[1].EndsWith('.') && DomainName.TryParse(words[1], null, out var origin, out _))
                {
                    return origin!;
                }
            }
            else if (lineSpan.Length > 0 && lineSpan[0] is not (' ' or '\t' or ';' or '$') && ContainsWord(lineSpan, "SOA"))
            {
                var owner = lineSpan.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0];
                if (owner.EndsWith('.') && DomainName.TryParse(owner, null, out var name, out _))
                {
                    return name!;
                }

                break;
            }
        }

        var fileName = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        foreach (var suffix in new[] { ".signed", ".zone", ".db" })
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                fileName = fileName[..^suffix.Length];
            }
        }

        if (fileName.StartsWith("db.", StringComparison.OrdinalIgnoreCase))
        {
            fileName = fileName[3..];
        }

        return fileName.Length > 0 && fileName.Contains('.', StringComparison.Ordinal) && DomainName.TryParse(fileName + ".", null, out var guessed, out _)
            ? guessed!
            : DomainName.Root;
    }

    private static bool HasZoneContent(ReadOnlySpan<char> text)
    {
        // The lines looked at, so that an SOA's data is read no further than a snapshot's head holds (HeadLines).
        text = text[..EndOfLines(text, SniffLines)];
        int lineStart = 0;
        foreach (var line in SpanLines.AtEitherBreak(text))
        {
            int start = lineStart;
            lineStart += line.Length + 1;

            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("$ORIGIN ", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("$TTL ", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("$ORIGIN\t", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("$TTL\t", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (trimmed.Length > 0 && trimmed[0] != ';' && (ContainsWord(line, "IN") || line.Contains('(')) && IsSoaRecord(line, text[start..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether "SOA" stands where a record's type does: after the owner (absent when the line starts with white space) and
    /// at most a TTL and a class (RFC 1035 section 5.1: <c>[&lt;domain-name&gt;] [&lt;TTL&gt;] [&lt;class&gt;] &lt;type&gt; &lt;RDATA&gt;</c>, either
    /// order), with its data after it (<see cref="HasSoaData"/>). A comment in a program's source ("@ivar mname: the SOA
    /// MNAME (master name)") has other words there, and prose that starts like a record ("Our IN SOA (see below)") other
    /// data.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="fromLine">The text from the line's start to the end of the lines looked at, where the data may go on.</param>
    private static bool IsSoaRecord(ReadOnlySpan<char> line, ReadOnlySpan<char> fromLine)
    {
        int comment = line.IndexOf(';');
        var words = comment >= 0 ? line[..comment] : line;
        var rest = words;
        bool owner = rest.Length > 0 && rest[0] is not (' ' or '\t');
        for (int index = 0; index < 4; index++)
        {
            rest = rest.TrimStart(" \t");
            int end = rest.IndexOfAny(' ', '\t');
            var word = end < 0 ? rest : rest[..end];
            if (word.IsEmpty)
            {
                return false;
            }

            if (word.Equals("SOA", StringComparison.OrdinalIgnoreCase))
            {
                // rest is what is left of the line's words from "SOA" on.
                return end >= 0 && HasSoaData(fromLine[(words.Length - rest.Length + end)..]);
            }

            bool ownerWord = owner && index == 0;
            if (!ownerWord && !ZoneNumbers.TryParseTtl(word, out _) && !DnsClass.TryParse(word, out _))
            {
                return false;
            }

            rest = end < 0 ? [] : rest[end..];
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> FieldEnds = System.Buffers.SearchValues.Create(" \t\r\n();");

    /// <summary>
    /// Whether <paramref name="data"/>, the text after an SOA's type, starts with the record's seven fields (RFC 1035
    /// section 3.3.13: MNAME, RNAME, SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM): two names, a serial of digits and four
    /// TTLs (<see cref="ZoneNumbers.TryParseTtl"/>, so "1h" counts), across lines only inside parentheses (section 5.1),
    /// with comments anywhere. Text that runs out inside parentheses counts: the lines looked at may end there.
    /// </summary>
    private static bool HasSoaData(ReadOnlySpan<char> data)
    {
        int fields = 0;
        bool open = false;
        int i = 0;
        while (fields < 7)
        {
            if (i >= data.Length)
            {
                return open;
            }

            switch (data[i])
            {
                case ' ' or '\t':
                    i++;
                    break;
                case '\r' or '\n':
                    if (!open)
                    {
                        return false;
                    }

                    i++;
                    break;
                case ';':
                    int lineEnd = data[i..].IndexOfAny('\r', '\n');
                    i = lineEnd < 0 ? data.Length : i + lineEnd;
                    break;
                case '(':
                    if (open)
                    {
                        return false;
                    }

                    open = true;
                    i++;
                    break;
                case ')':
                    if (!open)
                    {
                        return false;
                    }

                    open = false;
                    i++;
                    break;
                default:
                    int length = data[i..].IndexOfAny(FieldEnds);
                    var field = length < 0 ? data[i..] : data.Slice(i, length);
                    bool valid = fields switch
                    {
                        < 2 => true,
                        2 => ZoneNumbers.TryParseDecimal(field, uint.MaxValue, out _),
                        _ => ZoneNumbers.TryParseTtl(field, out _),
                    };
                    if (!valid)
                    {
                        return false;
                    }

                    fields++;
                    i += field.Length;
                    break;
            }
        }

        return true;
    }

    // The offset just past the `count`th line break (each CR and each LF is one, as SpanLines.AtEitherBreak cuts), or the text's end.
    private static int EndOfLines(ReadOnlySpan<char> text, int count)
    {
        int at = 0;
        for (int line = 0; line < count; line++)
        {
            int next = text[at..].IndexOfAny('\r', '\n');
            if (next < 0)
            {
                return text.Length;
            }

            at += next + 1;
        }

        return at;
    }

    private static bool LooksLikeText(string text) => !text.AsSpan(0, Math.Min(text.Length, 4096)).Contains('\0');

    // Among the first six words before any comment.
    private static bool ContainsWord(ReadOnlySpan<char> line, string word)
    {
        int comment = line.IndexOf(';');
        return SpanLines.FirstWordsContain(comment >= 0 ? line[..comment] : line, 6, word);
    }
}
