using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>Recognises BIND named.conf files by name and content.</summary>
public static class NamedConfFormat
{
    /// <summary>
    /// Whether a file looks like a named.conf: named <c>named.conf*</c>, or content with a <c>zone "x" {</c> statement,
    /// or an <c>options {</c> block holding <c>directory</c>.
    /// </summary>
    public static bool LooksLikeNamedConf(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        if (name.StartsWith("named.conf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var head = text.AsSpan(0, Math.Min(text.Length, 65536));
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
