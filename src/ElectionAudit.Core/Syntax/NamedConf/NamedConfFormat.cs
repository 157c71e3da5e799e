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

        var head = text.Length > 65536 ? text[..65536] : text;
        foreach (var rawLine in head.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("zone ", StringComparison.Ordinal) && line.Contains('"', StringComparison.Ordinal) && line.Contains('{', StringComparison.Ordinal))
            {
                return true;
            }
        }

        int options = head.IndexOf("options", StringComparison.Ordinal);
        return options >= 0 && head.IndexOf('{', options) >= 0 && head.IndexOf("directory", options, StringComparison.Ordinal) > options;
    }
}
