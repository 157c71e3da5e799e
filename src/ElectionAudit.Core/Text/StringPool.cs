namespace ElectionAudit.Text;

/// <summary>
/// Gives equal text one string: a parser that meets the same short token thousands of times in a scan (a directive name,
/// a zone's apex label) keeps one copy instead of one per occurrence, which the garbage collector would otherwise copy
/// and mark until the scan ends. Not thread-safe: each parsing thread keeps its own pool (a <c>[ThreadStatic]</c> field).
/// Cleared when full, so it stays small however many distinct tokens pass through.
/// </summary>
internal sealed class StringPool(int capacity)
{
    // Directive names, keywords, ports, header names, but also the long values a repository writes again in every server
    // block or zone (a cipher list, a Content-Security-Policy, an SPF or DKIM text): those are 100 to 250 characters and
    // were 1 MB of copies at 4,000 files. Longer text (a Lua block, a key) is copied as it is.
    private const int LongestPooledToken = 256;

    [ThreadStatic]
    private static StringPool? t_tokens;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>A configuration token's text: pooled on this thread when it is short, else a new string.</summary>
    public static string Token(ReadOnlySpan<char> text) =>
        text.Length <= LongestPooledToken ? Tokens.Intern(text) : new string(text);

    /// <summary>
    /// As <see cref="Token(ReadOnlySpan{char})"/> for a string another library has made already (a YAML scalar): the pooled
    /// equal string, or <paramref name="text"/> itself, added to the pool, when there is none yet.
    /// </summary>
    public static string Token(string text) =>
        text.Length <= LongestPooledToken ? Tokens.Intern(text) : text;

    private static StringPool Tokens => t_tokens ??= new StringPool(4096);

    /// <summary>The pooled string equal to <paramref name="text"/>, added (as itself, not a copy) when not there yet.</summary>
    public string Intern(string text) => _strings.TryGetValue(text, out var known) ? known : Add(text);

    /// <summary>The pooled string equal to <paramref name="text"/>, added when not there yet.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(text, out var known) ? known : Add(new string(text));
    }

    private string Add(string text)
    {
        if (_strings.Count >= capacity)
        {
            _strings.Clear();
        }

        _strings[text] = text;
        return text;
    }
}
