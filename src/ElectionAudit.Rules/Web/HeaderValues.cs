namespace ElectionAudit.Rules.Web;

/// <summary>Parsing of the header values the web rules judge.</summary>
internal static class HeaderValues
{
    /// <summary>
    /// Whether a Content-Security-Policy has a directive named <paramref name="lowerName"/> (lower-case): the key
    /// <see cref="Policy"/> would give it, found without making the dictionary, its strings and arrays.
    /// </summary>
    /// <remarks>EA3006 asks this of every Content-Security-Policy of every content level of every site.</remarks>
    public static bool HasPolicyDirective(string value, string lowerName)
    {
        var text = value.AsSpan();
        foreach (var range in text.Split(';'))
        {
            var part = text[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            // Trimmed, the part starts with its first token, which ends at a space or a tab (as Policy splits it).
            int end = part.IndexOfAny(' ', '\t');
            if (LowersTo(end < 0 ? part : part[..end], lowerName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/>, lower-cased as <see cref="string.ToLowerInvariant()"/> does it, is <paramref name="lower"/>.</summary>
    /// <remarks>
    /// Character by character with <see cref="char.ToLowerInvariant"/>, the mapping the string method applies, rather
    /// than a case-insensitive comparison, which differs for a few characters (the Kelvin sign lowers to <c>k</c>).
    /// </remarks>
    private static bool LowersTo(ReadOnlySpan<char> text, string lower)
    {
        if (text.Length != lower.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (char.ToLowerInvariant(text[i]) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The directives of a Content-Security-Policy (CSP Level 3 §2.2: <c>;</c>-separated, a name then
    /// whitespace-separated sources; the first of a repeated directive wins), keyed by lower-case name.
    /// </summary>
    public static Dictionary<string, string[]> Policy(string value)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0)
            {
                result.TryAdd(tokens[0].ToLowerInvariant(), tokens[1..]);
            }
        }

        return result;
    }
}
