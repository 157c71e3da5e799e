using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// The nginx configuration tokenizer and parser. The tokenizer is a character-by-character state machine with
/// the same states and transitions as <c>ngx_conf_read_token()</c> in nginx's <c>src/core/ngx_conf_file.c</c>
/// (nginx 1.22), so that exactly the inputs nginx rejects at the parsing stage get an EA0002, on the same line.
/// Unlike nginx, which stops at its first error, it reports the error and goes on with the next statement.
/// </summary>
internal sealed class NginxParser
{
    /// <summary>
    /// nginx reads a configuration file through a buffer of NGX_CONF_BUFFER (4096) bytes and fails with
    /// "too long parameter" when one token, measured from where nginx's token start pointer last moved, fills it.
    /// </summary>
    private const int ConfigurationBufferBytes = 4096;

    private const string LuaBlockSuffix = "_by_lua_block";

    private readonly SourceText _source;
    private readonly string _text;
    private readonly TextSpan _region;
    private readonly int _end;
    private readonly List<SyntaxDiagnostic> _diagnostics = [];
    private readonly List<NginxCommentSyntax> _comments = [];
    private readonly List<Token> _tokens = [];

    // The header tokens of the open blocks, outermost first, and the directive lists of closed blocks, emptied for the
    // next block: a block's header and body were an array and a list each (3 MB at 4,000 generated files).
    private readonly List<Token> _headers = [];
    private readonly Stack<List<NginxDirectiveSyntax>> _freeLists = new();
    private int _position;

    // UTF-8 length of the text before _position: nginx's buffer limit counts bytes, not UTF-16 code units.
    private long _bytePosition;
    private bool _statementHasError;

    public NginxParser(SourceText source, TextSpan region)
    {
        _source = source;
        _text = source.Text;
        _region = region;
        _position = region.Start;
        _end = region.End;
    }

    private enum Terminator
    {
        Semicolon,
        BlockStart,
        BlockEnd,
        EndOfFile,
    }

    public ParseResult Parse()
    {
        var frames = new Stack<Frame>();
        var current = new List<NginxDirectiveSyntax>();
        while (true)
        {
            var terminator = ReadStatement(out int at);
            switch (terminator)
            {
                case Terminator.Semicolon:
                    if (_tokens.Count > 0)
                    {
                        current.Add(MakeDirective(CollectionsMarshal.AsSpan(_tokens), [], null, at + 1, isTerminated: true));
                    }

                    break;

                case Terminator.BlockStart:
                    if (_tokens.Count > 0 && _tokens[0].Value.EndsWith(LuaBlockSuffix, StringComparison.Ordinal))
                    {
                        current.Add(ReadLuaBlockDirective(at));
                        break;
                    }

                    // A "{" without a directive name (already reported) still opens a block, so that its "}" does
                    // not close the enclosing one; its content is parsed and then dropped.
                    frames.Push(new Frame(current, _headers.Count, _tokens.Count, at));
                    _headers.AddRange(_tokens);
                    current = _freeLists.Count > 0 ? _freeLists.Pop() : [];
                    break;

                case Terminator.BlockEnd:
                    if (_tokens.Count > 0)
                    {
                        current.Add(MakeDirective(CollectionsMarshal.AsSpan(_tokens), [], null, _tokens[^1].Span.End, isTerminated: false));
                    }

                    if (frames.Count == 0)
                    {
                        if (_tokens.Count == 0)
                        {
                            Report("unexpected \"}\": no block is open here", new TextSpan(at, 1));
                        }

                        break;
                    }

                    current = CloseFrame(frames.Pop(), current, at + 1, isClosed: true);
                    break;

                default:
                    if (_tokens.Count > 0)
                    {
                        current.Add(MakeDirective(CollectionsMarshal.AsSpan(_tokens), [], null, _tokens[^1].Span.End, isTerminated: false));
                    }
                    else if (frames.Count > 0)
                    {
                        var open = frames.Peek();
                        var what = open.HeaderCount > 0 ? $"the \"{_headers[open.HeaderStart].Value}\" block" : "a block";
                        Report($"unexpected end of file, expecting \"}}\": {what} is not closed", new TextSpan(_end, 0));
                    }

                    while (frames.Count > 0)
                    {
                        current = CloseFrame(frames.Pop(), current, _end, isClosed: false);
                    }

                    var root = new NginxBlockSyntax([.. current], _region, isClosed: true);
                    return new ParseResult(root, [.. _diagnostics], [.. _comments]);
            }
        }
    }

    private List<NginxDirectiveSyntax> CloseFrame(Frame frame, List<NginxDirectiveSyntax> body, int end, bool isClosed)
    {
        if (frame.HeaderCount > 0)
        {
            var block = new NginxBlockSyntax([.. body], TextSpan.FromBounds(frame.OpenBrace, end), isClosed);
            frame.Parent.Add(MakeDirective(CollectionsMarshal.AsSpan(_headers).Slice(frame.HeaderStart, frame.HeaderCount), [], block, end, isTerminated: isClosed));
        }

        _headers.RemoveRange(frame.HeaderStart, frame.HeaderCount);
        body.Clear();
        _freeLists.Push(body);
        return frame.Parent;
    }

    private static NginxDirectiveSyntax MakeDirective(ReadOnlySpan<Token> tokens, ReadOnlySpan<NginxArgumentSyntax> extra, NginxBlockSyntax? block, int end, bool isTerminated)
    {
        var name = tokens[0];
        int count = tokens.Length - 1 + extra.Length;

        // The arguments array becomes the immutable array as it is: a builder per directive only to hand it over cost an object.
        var arguments = count == 0 ? [] : new NginxArgumentSyntax[count];
        for (int i = 1; i < tokens.Length; i++)
        {
            var token = tokens[i];
            arguments[i - 1] = new NginxArgumentSyntax(token.Value, token.Span, token.Content, token.Kind);
        }

        extra.CopyTo(arguments.AsSpan(tokens.Length - 1));
        return new NginxDirectiveSyntax(name.Value, name.Span, ImmutableCollectionsMarshal.AsImmutableArray(arguments), block, TextSpan.FromBounds(name.Span.Start, end), isTerminated);
    }

    /// <summary>
    /// Reads tokens up to the next ";", "{", "}" or the end of the region, as ngx_conf_read_token() does;
    /// the tokens read are left in <see cref="_tokens"/>.
    /// </summary>
    private Terminator ReadStatement(out int terminatorPosition)
    {
        _tokens.Clear();
        _statementHasError = false;

        // nginx's "start": where the current token (or comment) began; the 4096-byte limit is measured from it.
        int anchor = _position;
        long anchorBytes = _bytePosition;
        bool inToken = false;
        bool inComment = false;
        bool needSpace = false;
        bool escaped = false;
        bool variable = false;
        char quote = '\0';
        int tokenStart = 0;

        while (_position < _end)
        {
            if (_bytePosition - anchorBytes >= ConfigurationBufferBytes && !_statementHasError)
            {
                ReportTooLong(anchor, quote != '\0' && inToken);
            }

            char ch = _text[_position];
            Advance(ch);

            if (inComment)
            {
                if (ch != '\n')
                {
                    continue;
                }

                inComment = false;
                AddComment(anchor, _position - 1);
            }

            if (escaped)
            {
                escaped = false;
                continue;
            }

            if (needSpace)
            {
                // After a closing quote nginx wants a separator; ")" is allowed so that if ($a = "b") works.
                if (IsSpace(ch))
                {
                    needSpace = false;
                    continue;
                }

                if (ch == ';')
                {
                    terminatorPosition = _position - 1;
                    return Terminator.Semicolon;
                }

                if (ch == '{')
                {
                    terminatorPosition = _position - 1;
                    return Terminator.BlockStart;
                }

                needSpace = false;
                if (ch != ')')
                {
                    // Recovery: go on as if a space had been there.
                    ReportOnce($"unexpected \"{ch}\": a quoted argument must be followed by a space, \";\" or \"{{\"", new TextSpan(_position - 1, 1));
                }
            }

            if (!inToken)
            {
                anchor = _position - 1;
                anchorBytes = _bytePosition - Utf8Length(ch);
                if (IsSpace(ch))
                {
                    continue;
                }

                switch (ch)
                {
                    case ';':
                        if (_tokens.Count == 0)
                        {
                            Report("unexpected \";\": a directive name is missing", new TextSpan(_position - 1, 1));
                            continue;
                        }

                        terminatorPosition = _position - 1;
                        return Terminator.Semicolon;

                    case '{':
                        if (_tokens.Count == 0)
                        {
                            Report("unexpected \"{\": a block must follow a directive name", new TextSpan(_position - 1, 1));
                        }

                        terminatorPosition = _position - 1;
                        return Terminator.BlockStart;

                    case '}':
                        if (_tokens.Count != 0)
                        {
                            ReportOnce($"unexpected \"}}\": the \"{_tokens[0].Value}\" directive is not terminated by \";\"", new TextSpan(_position - 1, 1));
                        }

                        terminatorPosition = _position - 1;
                        return Terminator.BlockEnd;

                    case '#':
                        inComment = true;
                        continue;

                    case '\\':
                        escaped = true;
                        break;

                    case '"':
                    case '\'':
                        quote = ch;
                        inToken = true;
                        tokenStart = _position - 1;

                        // nginx's start pointer skips the opening quote.
                        anchor = _position;
                        anchorBytes = _bytePosition;
                        continue;

                    case '$':
                        variable = true;
                        break;
                }

                quote = '\0';
                inToken = true;
                tokenStart = _position - 1;
                continue;
            }

            // "${" does not end a word: it starts a ${name} variable.
            if (ch == '{' && variable)
            {
                continue;
            }

            variable = false;
            if (ch == '\\')
            {
                escaped = true;
                continue;
            }

            if (ch == '$')
            {
                variable = true;
                continue;
            }

            if (quote != '\0')
            {
                if (ch == quote)
                {
                    AddToken(tokenStart, _position, quote == '"' ? NginxArgumentKind.DoubleQuoted : NginxArgumentKind.SingleQuoted);
                    inToken = false;
                    needSpace = true;
                }

                continue;
            }

            if (IsSpace(ch) || ch == ';' || ch == '{')
            {
                AddToken(tokenStart, _position - 1, NginxArgumentKind.Bare);
                inToken = false;
                if (ch == ';')
                {
                    terminatorPosition = _position - 1;
                    return Terminator.Semicolon;
                }

                if (ch == '{')
                {
                    terminatorPosition = _position - 1;
                    return Terminator.BlockStart;
                }
            }
        }

        terminatorPosition = _end;
        if (inComment)
        {
            AddComment(anchor, _end);
        }

        bool pending = inToken || needSpace || _tokens.Count > 0;
        if (inToken)
        {
            // Keep what was read as an argument; the statement is reported below.
            AddToken(tokenStart, _end, quote switch
            {
                '"' => NginxArgumentKind.DoubleQuoted,
                '\'' => NginxArgumentKind.SingleQuoted,
                _ => NginxArgumentKind.Bare,
            }, unterminatedQuote: quote != '\0');
        }

        if (pending)
        {
            var what = quote != '\0' && inToken
                ? $"the quoted string is not closed with {quote}"
                : $"the \"{_tokens[0].Value}\" directive is not terminated";
            ReportOnce($"unexpected end of file, expecting \";\" or \"}}\": {what}", new TextSpan(_end, 0));
        }

        return Terminator.EndOfFile;
    }

    /// <summary>
    /// Reads the Lua body of a <c>*_by_lua_block</c> directive as lua-nginx-module does: braces are counted
    /// outside Lua strings (quoted and long-bracket) and comments; the directive ends at the matching "}".
    /// </summary>
    private NginxDirectiveSyntax ReadLuaBlockDirective(int openBrace)
    {
        var header = _tokens.ToArray();
        int depth = 1;
        int close = -1;
        while (_position < _end && close < 0)
        {
            char c = _text[_position];
            if (c == '-' && _position + 1 < _end && _text[_position + 1] == '-')
            {
                _position += 2;
                int level = LongBracketLevel(_position);
                if (level >= 0)
                {
                    SkipLongBracket(level);
                }
                else
                {
                    while (_position < _end && _text[_position] != '\n')
                    {
                        _position++;
                    }
                }

                continue;
            }

            if (c == '[')
            {
                int level = LongBracketLevel(_position);
                if (level >= 0)
                {
                    SkipLongBracket(level);
                    continue;
                }
            }

            if (c is '"' or '\'')
            {
                _position++;
                while (_position < _end)
                {
                    char s = _text[_position];
                    if (s == '\\')
                    {
                        _position += 2;
                        continue;
                    }

                    if (s == c || s == '\n')
                    {
                        break;
                    }

                    _position++;
                }

                _position = Math.Min(_position + 1, _end);
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                close = _position;
            }

            _position++;
        }

        _position = Math.Min(_position, _end);
        _bytePosition = 0; // only distances within one statement matter, and the next statement starts afresh
        int end = close >= 0 ? close + 1 : _end;
        var contentSpan = TextSpan.FromBounds(openBrace + 1, close >= 0 ? close : _end);
        var body = new NginxArgumentSyntax(_text.Substring(contentSpan.Start, contentSpan.Length), TextSpan.FromBounds(openBrace, end), contentSpan, NginxArgumentKind.LuaBlock);
        if (close < 0)
        {
            Report($"unexpected end of file, expecting \"}}\": the \"{header[0].Value}\" block is not closed", new TextSpan(_end, 0));
        }

        return MakeDirective(header, [body], null, end, isTerminated: close >= 0);
    }

    /// <summary>The level of a Lua long bracket ("[[" is 0, "[==[" is 2) opening at <paramref name="at"/>, or -1.</summary>
    private int LongBracketLevel(int at)
    {
        if (at >= _end || _text[at] != '[')
        {
            return -1;
        }

        int i = at + 1;
        while (i < _end && _text[i] == '=')
        {
            i++;
        }

        return i < _end && _text[i] == '[' ? i - at - 1 : -1;
    }

    private void SkipLongBracket(int level)
    {
        _position += level + 2;
        while (_position < _end)
        {
            if (_text[_position] == ']')
            {
                int i = _position + 1;
                while (i < _end && _text[i] == '=')
                {
                    i++;
                }

                if (i < _end && _text[i] == ']' && i - _position - 1 == level)
                {
                    _position = i + 1;
                    return;
                }
            }

            _position++;
        }
    }

    private void AddToken(int start, int end, NginxArgumentKind kind, bool unterminatedQuote = false)
    {
        var span = TextSpan.FromBounds(start, end);
        var content = kind == NginxArgumentKind.Bare ? span : TextSpan.FromBounds(start + 1, unterminatedQuote ? end : end - 1);
        _tokens.Add(new Token(Unescape(_text, content), span, content, kind));
    }

    private void AddComment(int hash, int lineFeed)
    {
        // nginx ends a comment only at LF; the CR of a CRLF is not part of it for our purposes.
        int end = lineFeed;
        if (end > hash + 1 && _text[end - 1] == '\r')
        {
            end--;
        }

        // Pooled: a comment a repository's generator or template writes is in every file made from it.
        _comments.Add(new NginxCommentSyntax(StringPool.Token(_text.AsSpan(hash + 1, end - hash - 1)), TextSpan.FromBounds(hash, end)));
    }

    /// <summary>Resolves the escapes nginx resolves when it copies a token (the copy loop of ngx_conf_read_token).</summary>
    internal static string Unescape(string text, TextSpan content)
    {
        var raw = text.AsSpan(content.Start, content.Length);
        int backslash = raw.IndexOf('\\');
        if (backslash < 0)
        {
            return StringPool.Token(raw);
        }

        var builder = new StringBuilder(raw.Length);
        builder.Append(raw[..backslash]);
        for (int i = backslash; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                char next = raw[i + 1];
                switch (next)
                {
                    case '"':
                    case '\'':
                    case '\\':
                        builder.Append(next);
                        i++;
                        continue;
                    case 't':
                        builder.Append('\t');
                        i++;
                        continue;
                    case 'r':
                        builder.Append('\r');
                        i++;
                        continue;
                    case 'n':
                        builder.Append('\n');
                        i++;
                        continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int Utf8Length(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;

    private void Advance(char c)
    {
        _position++;
        _bytePosition += Utf8Length(c);
    }

    private void ReportTooLong(int anchor, bool inQuote)
    {
        var span = TextSpan.FromBounds(anchor, _position);
        if (inQuote)
        {
            ReportOnce($"too long parameter, probably missing terminating \"{_text[anchor - 1]}\" character: nginx refuses a quoted string of 4096 bytes or more", span);
            return;
        }

        var prefix = _text.Substring(anchor, Math.Min(10, _position - anchor));
        ReportOnce($"too long parameter \"{prefix}...\" started: nginx refuses a word or comment of 4096 bytes or more", span);
    }

    private void ReportOnce(string message, TextSpan span)
    {
        if (_statementHasError)
        {
            return;
        }

        _statementHasError = true;
        Report(message, span);
    }

    private void Report(string message, TextSpan span)
    {
        _diagnostics.Add(new SyntaxDiagnostic("EA0002", _source.GetLocation(span), message));
    }

    internal readonly record struct ParseResult(NginxBlockSyntax Root, ImmutableArray<SyntaxDiagnostic> Diagnostics, ImmutableArray<NginxCommentSyntax> Comments);

    private readonly record struct Token(string Value, TextSpan Span, TextSpan Content, NginxArgumentKind Kind);

    /// <summary>An open block: the list its directive goes into, where its header tokens are in <see cref="_headers"/>, and its brace.</summary>
    private readonly record struct Frame(List<NginxDirectiveSyntax> Parent, int HeaderStart, int HeaderCount, int OpenBrace);
}
