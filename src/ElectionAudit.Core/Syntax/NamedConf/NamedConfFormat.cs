using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>Recognises BIND named.conf files by name and content.</summary>
public static class NamedConfFormat
{
    // Content detection reads no more than this much of a file.
    private const int SniffLength = 65536;

    /// <summary>
    /// Whether a file looks like a named.conf: named <c>named.conf*</c>, or content with a <c>zone "x" {</c> statement,
    /// or an <c>options {</c> block holding <c>directory</c>.
    /// </summary>
    public static bool LooksLikeNamedConf(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var head = text.AsSpan(0, Math.Min(text.Length, SniffLength));
        return HasNamedConfName(path) ? HasStatementsOrNone(head) : HasNamedConfContent(head);
    }

    /// <summary>
    /// <see cref="LooksLikeNamedConf(string, string)"/> for the scan's snapshot of the file: the name first, then the
    /// head the content test reads, without the whole file's string.
    /// </summary>
    internal static bool LooksLikeNamedConf(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        using var head = source.Head(SniffLength);
        return HasNamedConfName(path) ? HasStatementsOrNone(head.Span) : HasNamedConfContent(head.Span);
    }

    /// <summary>
    /// Whether text outside comments is either absent (an empty <c>named.conf.local</c>, or one of comments only) or has a
    /// statement's <c>;</c> or a block's <c>{</c>: every named.conf statement ends in one (BIND 9 ARM, "Configuration File
    /// Grammar"). systemd's <c>tmpfiles.d/named.conf</c> (<c>d /run/named 0775 root bind - -</c>) has neither.
    /// </summary>
    private static bool HasStatementsOrNone(ReadOnlySpan<char> head)
    {
        foreach (var rawLine in SpanLines.Split(head))
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#' || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("/*", StringComparison.Ordinal) || line[0] == '*')
            {
                continue;
            }

            // There is text: a statement may run over lines, so its ";" or "{" may come later.
            return head.IndexOfAny(';', '{') >= 0;
        }

        return true;
    }

    private static bool HasNamedConfName(string path) =>
        path.AsSpan(path.LastIndexOfAny(['/', '\\']) + 1).StartsWith("named.conf", StringComparison.OrdinalIgnoreCase) && !ProgramAndDocumentNames.IsCompressed(path);

    private static bool HasNamedConfContent(ReadOnlySpan<char> head)
    {
        // A script (#!/bin/sh ...) that mentions options and a directory, such as /etc/X11/Xsession, is not named.conf.
        if (head.TrimStart().StartsWith("#!", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var rawLine in SpanLines.Split(head))
        {
            var line = rawLine.Trim();
            if (IsZoneStatement(line))
            {
                return true;
            }
        }

        // An options block that sets the working directory, each as a statement: the words alone are in too many files'
        // prose (roundcube's htaccess and defaults.inc.php mention "options", have a "{" in a regular expression or a
        // placeholder, and mention a "directory" further on).
        int options = StatementStart(head, "options", 0, '{');
        return options >= 0 && StatementStart(head, "directory", options, '"') >= 0;
    }

    /// <summary>
    /// Whether a line opens a zone statement: <c>zone</c>, a quoted name, an optional class, then <c>{</c>
    /// (<c>zone "example.nl" IN {</c>); not a Terraform template's <c>zone = "${zone}"</c>.
    /// </summary>
    private static bool IsZoneStatement(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("zone ", StringComparison.Ordinal) && !line.StartsWith("zone\t", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[4..].TrimStart(" \t");
        int close = rest.Length > 1 && rest[0] == '"' ? rest[1..].IndexOf('"') : -1;
        if (close < 0)
        {
            return false;
        }

        var after = rest[(close + 2)..].TrimStart(" \t");
        int word = after.IndexOfAny(' ', '\t', '{');
        if (word > 0 && after[..word] is var zoneClass && (zoneClass.Equals("IN", StringComparison.OrdinalIgnoreCase) || zoneClass.Equals("CH", StringComparison.OrdinalIgnoreCase) || zoneClass.Equals("HS", StringComparison.OrdinalIgnoreCase)))
        {
            after = after[word..].TrimStart(" \t");
        }

        return after.StartsWith('{');
    }

    /// <summary>
    /// Where the first statement <paramref name="keyword"/> starts at or after <paramref name="from"/>: the word at the
    /// start of a line or after a <c>{</c> or <c>;</c>, then white space (line breaks included), then
    /// <paramref name="opener"/>. -1 when there is none.
    /// </summary>
    private static int StatementStart(ReadOnlySpan<char> head, string keyword, int from, char opener)
    {
        while (from < head.Length)
        {
            int found = head[from..].IndexOf(keyword, StringComparison.Ordinal);
            if (found < 0)
            {
                return -1;
            }

            int start = from + found;
            int end = start + keyword.Length;
            from = end;
            var before = head[..start].TrimEnd(" \t");
            if (before.Length > 0 && before[^1] is not ('\n' or '\r' or '{' or ';'))
            {
                continue;
            }

            // The word ends where white space or the opening character follows ("optionsfile" is not the statement).
            var rest = head[end..].TrimStart(" \t\r\n");
            if (rest.Length > 0 && rest[0] == opener)
            {
                return start;
            }
        }

        return -1;
    }
}
