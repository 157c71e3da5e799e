namespace ElectionAudit.Text;

/// <summary>
/// The lines of a text as spans of it, for format detection, which looks at every file of a scan: splitting each file into
/// line strings (and lines into word strings) made several megabytes of garbage per scan for a yes-or-no answer.
/// </summary>
/// <remarks>
/// <see cref="Split"/> cuts at every <c>\n</c> and gives what <c>text.Split('\n')</c> gives, a last empty line included;
/// <see cref="AtEitherBreak"/> cuts at every <c>\r</c> and every <c>\n</c> (so <c>\r\n</c> makes an empty line between)
/// and gives no line after a final break.
/// </remarks>
internal ref struct SpanLines
{
    private readonly ReadOnlySpan<char> _text;
    private readonly bool _atEitherBreak;
    private int _next;

    private SpanLines(ReadOnlySpan<char> text, bool atEitherBreak)
    {
        _text = text;
        _atEitherBreak = atEitherBreak;
        _next = 0;
        Current = default;
    }

    /// <summary>The line <see cref="MoveNext"/> moved to, without its break.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>The lines between <c>\n</c> breaks, as <c>string.Split('\n')</c> gives them.</summary>
    public static SpanLines Split(ReadOnlySpan<char> text) => new(text, atEitherBreak: false);

    /// <summary>The lines between <c>\r</c> or <c>\n</c> breaks, none after a final break.</summary>
    public static SpanLines AtEitherBreak(ReadOnlySpan<char> text) => new(text, atEitherBreak: true);

    /// <summary>For <c>foreach</c>.</summary>
    public readonly SpanLines GetEnumerator() => this;

    /// <summary>Moves to the next line; false after the last.</summary>
    public bool MoveNext()
    {
        // _next is one past the text when the last line has been given (for Split, that can be the empty line after a final break).
        if (_next > _text.Length || (_atEitherBreak && _next == _text.Length))
        {
            return false;
        }

        var rest = _text[_next..];
        int end = _atEitherBreak ? rest.IndexOfAny('\r', '\n') : rest.IndexOf('\n');
        if (end < 0)
        {
            end = rest.Length;
        }

        Current = rest[..end];
        _next += end + 1;
        return true;
    }

    /// <summary>Whether one of the first <paramref name="count"/> blank- or tab-separated words of <paramref name="line"/> is <paramref name="word"/>, ignoring case.</summary>
    public static bool FirstWordsContain(ReadOnlySpan<char> line, int count, string word)
    {
        for (int seen = 0; seen < count; seen++)
        {
            line = line.TrimStart(" \t");
            if (line.IsEmpty)
            {
                return false;
            }

            int end = line.IndexOfAny(' ', '\t');
            var current = end < 0 ? line : line[..end];
            if (current.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            line = end < 0 ? [] : line[end..];
        }

        return false;
    }
}
