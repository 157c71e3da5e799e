using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>What a zone-file token is.</summary>
internal enum ZoneTokenKind
{
    Word,
    QuotedString,
    EndOfLine,
    EndOfFile,
}

/// <summary>One token: offsets into the text. A quoted string's span includes its quotes.</summary>
internal readonly record struct ZoneToken(ZoneTokenKind Kind, int Start, int End)
{
    public TextSpan Span => TextSpan.FromBounds(Start, End);

    public bool IsValue => Kind is ZoneTokenKind.Word or ZoneTokenKind.QuotedString;
}

/// <summary>
/// The RFC 1035 §5.1 lexical layer: words and quoted strings separated by blanks, <c>;</c> comments to the end of
/// the line, and parentheses that let one entry continue over several lines (line ends inside them are not
/// tokens). A backslash escapes the next character; <c>\DDD</c> is decoded later, by whoever reads the value.
/// </summary>
/// <remarks>
/// The text is read through a <see cref="ZoneText"/> window: each read asks <see cref="In"/> whether its offset is in the
/// text, which widens more of it when the offset is past the window's end (a string is whole, so there it is the bound).
/// </remarks>
internal sealed class ZoneLexer
{
    private readonly ZoneText _text;
    private readonly List<TextSpan> _comments;
    private readonly List<(TextSpan Span, string Message)> _errors;
    private int _position;
    private int _parenthesisDepth;
    private int _openParenthesis = -1;

    /// <summary>A lexer over <paramref name="text"/> from offset <paramref name="start"/>, which must be outside parentheses and quotes.</summary>
    public ZoneLexer(ZoneText text, List<TextSpan> comments, List<(TextSpan Span, string Message)> errors, int start = 0)
    {
        _text = text;
        _position = start;
        _comments = comments;
        _errors = errors;
    }

    /// <summary>Offset just past the last token or parenthesis read, so an entry's span can include a closing parenthesis.</summary>
    public int LastSignificantEnd { get; private set; }

    public int Position => _position;

    public ZoneToken Next()
    {
        var text = _text.Window;
        int offset = _text.Base;
        while (true)
        {
            while (In(ref text, ref offset, _position) && text[_position - offset] is ' ' or '\t')
            {
                _position++;
            }

            if (!In(ref text, ref offset, _position))
            {
                if (_parenthesisDepth > 0)
                {
                    _errors.Add((new TextSpan(_openParenthesis, 1), "'(' is never closed: the entry runs to the end of the file"));
                    _parenthesisDepth = 0;
                }

                return new ZoneToken(ZoneTokenKind.EndOfFile, _text.Length, _text.Length);
            }

            int start = _position;
            char c = text[start - offset];
            switch (c)
            {
                case ';':
                    while (In(ref text, ref offset, _position) && text[_position - offset] is not ('\n' or '\r'))
                    {
                        _position++;
                    }

                    _comments.Add(TextSpan.FromBounds(start, _position));
                    continue;
                case '\r':
                case '\n':
                    _position += c == '\r' && In(ref text, ref offset, start + 1) && text[start + 1 - offset] == '\n' ? 2 : 1;
                    if (_parenthesisDepth > 0)
                    {
                        continue;
                    }

                    return new ZoneToken(ZoneTokenKind.EndOfLine, start, _position);
                case '(':
                    if (_parenthesisDepth++ == 0)
                    {
                        _openParenthesis = start;
                    }

                    _position++;
                    LastSignificantEnd = _position;
                    continue;
                case ')':
                    _position++;
                    if (_parenthesisDepth == 0)
                    {
                        _errors.Add((new TextSpan(start, 1), "')' without a matching '('"));
                    }
                    else
                    {
                        _parenthesisDepth--;
                        LastSignificantEnd = _position;
                    }

                    continue;
                case '"':
                    return ReadQuoted(start, ref text, ref offset);
                default:
                    return ReadWord(start, ref text, ref offset);
            }
        }
    }

    private ZoneToken ReadQuoted(int start, ref ReadOnlySpan<char> text, ref int offset)
    {
        int i = start + 1;
        while (In(ref text, ref offset, i))
        {
            char c = text[i - offset];
            if (c == '\\' && In(ref text, ref offset, i + 1))
            {
                i += 2;
                continue;
            }

            if (c == '"')
            {
                _position = i + 1;
                LastSignificantEnd = _position;
                return new ZoneToken(ZoneTokenKind.QuotedString, start, _position);
            }

            if (c is '\n' or '\r')
            {
                break;
            }

            i++;
        }

        // BIND's lexer refuses a quoted string that reaches the end of the line ("unbalanced quotes").
        _errors.Add((TextSpan.FromBounds(start, i), "quoted string is not closed on its line"));
        _position = i;
        LastSignificantEnd = _position;
        return new ZoneToken(ZoneTokenKind.QuotedString, start, i);
    }

    // What ends a word (RFC 1035 §5.1: blanks, line ends, a comment, parentheses, a quote) and the escape character.
    private static readonly System.Buffers.SearchValues<char> WordEndsAndEscape = System.Buffers.SearchValues.Create(" \t\n\r;()\"\\");

    private ZoneToken ReadWord(int start, ref ReadOnlySpan<char> text, ref int offset)
    {
        int i = start;
        while (In(ref text, ref offset, i))
        {
            // The next character that ends the word or escapes one, found a vector at a time: a zone is mostly words, and
            // this loop was the lexer's largest share of a corpus scan's profile.
            int next = text[(i - offset)..].IndexOfAny(WordEndsAndEscape);
            if (next < 0)
            {
                // The word runs to the window's end: In widens the window and the search goes on there.
                i = offset + text.Length;
                continue;
            }

            i += next;
            if (text[i - offset] == '\\')
            {
                i = In(ref text, ref offset, i + 1) && text[i + 1 - offset] is not ('\n' or '\r') ? i + 2 : i + 1;
                continue;
            }

            break;
        }

        _position = i;
        LastSignificantEnd = i;
        return new ZoneToken(ZoneTokenKind.Word, start, i);
    }

    /// <summary>
    /// Whether offset <paramref name="i"/> (at most one past the window's end) is in the text: past the window, more of
    /// the text is widened into it, and <paramref name="text"/> and <paramref name="offset"/> follow the window.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool In(ref ReadOnlySpan<char> text, ref int offset, int i) => i - offset < text.Length || Widen(ref text, ref offset, i);

    private bool Widen(ref ReadOnlySpan<char> text, ref int offset, int i)
    {
        while (_text.Fill())
        {
            text = _text.Window;
            offset = _text.Base;
            if (i - offset < text.Length)
            {
                return true;
            }
        }

        return false;
    }
}
