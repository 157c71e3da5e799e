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
        return HasNamedConfName(path) || HasNamedConfContent(text.AsSpan(0, Math.Min(text.Length, SniffLength)));
    }

    /// <summary>
    /// <see cref="LooksLikeNamedConf(string, string)"/> for the scan's snapshot of the file: the name first, then the
    /// head the content test reads, without the whole file's string.
    /// </summary>
    internal static bool LooksLikeNamedConf(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        if (HasNamedConfName(path))
        {
            return true;
        }

        using var head = source.Head(SniffLength);
        return HasNamedConfContent(head.Span);
    }

    private static bool HasNamedConfName(string path) =>
        path.AsSpan(path.LastIndexOfAny(['/', '\\']) + 1).StartsWith("named.conf", StringComparison.OrdinalIgnoreCase);

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
            if (line.StartsWith("zone ", StringComparison.Ordinal) && line.Contains('"') && line.Contains('{'))
            {
                return true;
            }
        }

        int options = head.IndexOf("options", StringComparison.Ordinal);
        return options >= 0 && head[options..].Contains('{') && head[options..].IndexOf("directory", StringComparison.Ordinal) >= 0;
    }
}
