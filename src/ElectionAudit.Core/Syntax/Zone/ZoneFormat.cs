using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>Recognises DNS zone files by name and content.</summary>
public static class ZoneFormat
{
    /// <summary>
    /// Whether a file looks like a zone file: named <c>db.*</c>, <c>*.zone</c>, <c>*.db</c> or <c>*.hosts</c> with
    /// zone-like content, or any file whose content starts zone-like (a <c>$ORIGIN</c> or <c>$TTL</c> line, or a record
    /// line with <c>SOA</c> among its first words).
    /// </summary>
    public static bool LooksLikeZone(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        bool zoneName = name.StartsWith("db.", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".zone", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".hosts", StringComparison.OrdinalIgnoreCase);
        bool content = HasZoneContent(text);

        // A .db name alone is not enough: SQLite and Berkeley DB files share it.
        return content || (zoneName && LooksLikeText(text) && text.Length == 0);
    }

    /// <summary>
    /// Guesses a zone's origin when nothing else gives it: the first <c>$ORIGIN</c> before any record, else an absolute
    /// SOA owner, else the file name without a <c>db.</c> prefix or a <c>.zone</c>, <c>.db</c>, <c>.signed</c> suffix; the root when
    /// nothing fits.
    /// </summary>
    public static DomainName GuessOrigin(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        foreach (var lineSpan in SpanLines.AtEitherBreak(text))
        {
            if (count++ == 200)
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

    private static bool HasZoneContent(string text)
    {
        int count = 0;
        foreach (var line in SpanLines.AtEitherBreak(text))
        {
            if (count++ == 100)
            {
                break;
            }

            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("$ORIGIN ", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("$TTL ", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("$ORIGIN\t", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("$TTL\t", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (trimmed.Length > 0 && trimmed[0] != ';' && ContainsWord(line, "SOA") && (ContainsWord(line, "IN") || line.Contains('(')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksLikeText(string text) => !text.AsSpan(0, Math.Min(text.Length, 4096)).Contains('\0');

    // Among the first six words before any comment.
    private static bool ContainsWord(ReadOnlySpan<char> line, string word)
    {
        int comment = line.IndexOf(';');
        return SpanLines.FirstWordsContain(comment >= 0 ? line[..comment] : line, 6, word);
    }
}
