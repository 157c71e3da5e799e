namespace ElectionAudit.Rules.Web;

/// <summary>Parsing of the header values the web rules judge.</summary>
internal static class HeaderValues
{
    /// <summary>
    /// The directives of a Strict-Transport-Security value (RFC 6797 §6.1: <c>;</c>-separated, names case-insensitive),
    /// as lower-case name and value (quotes removed).
    /// </summary>
    public static List<(string Name, string Value)> Directives(string value)
    {
        var result = new List<(string, string)>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            result.Add(equals < 0
                ? (part.ToLowerInvariant(), string.Empty)
                : (part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim().Trim('"')));
        }

        return result;
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
