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
internal sealed class ZoneLexer
{
    private readonly string _text;
    private readonly List<TextSpan> _comments;
    private readonly List<(TextSpan Span, string Message)> _errors;
    private int _position;
    private int _parenthesisDepth;
    private int _openParenthesis = -1;

    /// <summary>A lexer over <paramref name="text"/> from offset <paramref name="start"/>, which must be outside parentheses and quotes.</summary>
    public ZoneLexer(string text, List<TextSpan> comments, List<(TextSpan Span, string Message)> errors, int start = 0)
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
        var text = _text;
        while (true)
        {
            while (_position < text.Length && (text[_position] == ' ' || text[_position] == '\t'))
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                if (_parenthesisDepth > 0)
                {
                    _errors.Add((new TextSpan(_openParenthesis, 1), "'(' is never closed: the entry runs to the end of the file"));
                    _parenthesisDepth = 0;
                }

                return new ZoneToken(ZoneTokenKind.EndOfFile, text.Length, text.Length);
            }

            int start = _position;
            char c = text[start];
            switch (c)
            {
                case ';':
                    while (_position < text.Length && text[_position] != '\n' && text[_position] != '\r')
                    {
                        _position++;
                    }

                    _comments.Add(TextSpan.FromBounds(start, _position));
                    continue;
                case '\r':
                case '\n':
                    _position += c == '\r' && start + 1 < text.Length && text[start + 1] == '\n' ? 2 : 1;
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
                    return ReadQuoted(start);
                default:
                    return ReadWord(start);
            }
        }
    }

    private ZoneToken ReadQuoted(int start)
    {
        var text = _text;
        int i = start + 1;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
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

    private ZoneToken ReadWord(int start)
    {
        var text = _text;
        int i = start;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\')
            {
                i = i + 1 < text.Length && text[i + 1] is not ('\n' or '\r') ? i + 2 : i + 1;
                continue;
            }

            if (c is ' ' or '\t' or '\n' or '\r' or ';' or '(' or ')' or '"')
            {
                break;
            }

            i++;
        }

        _position = i;
        LastSignificantEnd = i;
        return new ZoneToken(ZoneTokenKind.Word, start, i);
    }
}
