namespace ElectionAudit.Text;

/// <summary>
/// The lines of a text as spans of it, for format detection, which looks at every file of a scan: splitting each file into
/// line strings (and lines into word strings) made several megabytes of garbage per scan for a yes-or-no answer.
/// </summary>
/// <remarks>
/// <see cref="Split"/> cuts at every <c>\n</c> and gives what <c>text.Split('\n')</c> gives, a last empty line included;
/// <see cref="AtEitherBreak"/> cuts at every <c>\r</c> and every <c>\n</c> (so <c>\r\n</c> makes an empty line between)
/// and gives no line after a final break; <see cref="AtUnicodeBreaks"/> gives what
/// <see cref="MemoryExtensions.EnumerateLines(ReadOnlySpan{char})"/> gives.
/// </remarks>
internal ref struct SpanLines
{
    private readonly ReadOnlySpan<char> _text;
    private readonly Breaks _breaks;
    private int _next;

    private SpanLines(ReadOnlySpan<char> text, Breaks breaks)
    {
        _text = text;
        _breaks = breaks;
        _next = 0;
        Current = default;
    }

    private enum Breaks
    {
        LineFeed,
        EitherBreak,
        Unicode,
    }

    /// <summary>The line <see cref="MoveNext"/> moved to, without its break.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>The lines between <c>\n</c> breaks, as <c>string.Split('\n')</c> gives them.</summary>
    public static SpanLines Split(ReadOnlySpan<char> text) => new(text, Breaks.LineFeed);

    /// <summary>The lines between <c>\r</c> or <c>\n</c> breaks, none after a final break.</summary>
    public static SpanLines AtEitherBreak(ReadOnlySpan<char> text) => new(text, Breaks.EitherBreak);

    /// <summary>
    /// The lines <see cref="MemoryExtensions.EnumerateLines(ReadOnlySpan{char})"/> gives: cut at CR, LF, CRLF, FF, NEL
    /// (U+0085), LS (U+2028) and PS (U+2029), with an empty line after a final break.
    /// </summary>
    /// <remarks>
    /// The runtime's enumerator searches for its seven breaks with a search for a set holding characters past ASCII,
    /// which in the native build (compiled for the processors' common baseline) shuffles vectors through a call rather
    /// than an instruction: 30 % of a scan of <c>/usr/lib</c>, where the Apache and nginx sniffers read every text file's
    /// head. Two searches for three characters each are vectorised there.
    /// </remarks>
    public static SpanLines AtUnicodeBreaks(ReadOnlySpan<char> text) => new(text, Breaks.Unicode);

    /// <summary>For <c>foreach</c>.</summary>
    public readonly SpanLines GetEnumerator() => this;

    /// <summary>Moves to the next line; false after the last.</summary>
    public bool MoveNext()
    {
        // _next is one past the text when the last line has been given (for Split, that can be the empty line after a final break).
        if (_next > _text.Length || (_breaks == Breaks.EitherBreak && _next == _text.Length))
        {
            return false;
        }

        var rest = _text[_next..];
        if (_breaks == Breaks.Unicode)
        {
            int ascii = rest.IndexOfAny('\r', '\n', '\f');
            int other = (ascii < 0 ? rest : rest[..ascii]).IndexOfAny('\u0085', '\u2028', '\u2029');
            int at = other >= 0 ? other : ascii;
            if (at < 0)
            {
                Current = rest;
                _next = _text.Length + 1;
                return true;
            }

            Current = rest[..at];
            _next += at + (rest[at] == '\r' && at + 1 < rest.Length && rest[at + 1] == '\n' ? 2 : 1);
            return true;
        }

        int end = _breaks == Breaks.EitherBreak ? rest.IndexOfAny('\r', '\n') : rest.IndexOf('\n');
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
