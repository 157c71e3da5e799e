using System.Collections.Immutable;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>
/// Parses Bacula configuration files with the grammar of Bacula's own reader (<c>src/lib/lex.c</c> and
/// <c>src/lib/parse_conf.c</c>; Bacula manual, "Customizing the Configuration Files"): a resource is a keyword and a
/// <c>{ }</c> block; inside it, a directive is a keyword, <c>=</c> and a value that ends at the line's end or a <c>;</c>;
/// a few directives hold blocks (<c>Include { … }</c>, <c>RunScript { … }</c>). Keywords are letters, blanks between their
/// words ignored. <c>#</c> starts a comment, <c>"…"</c> a string with backslash escapes (a line break inside one is dropped),
/// and <c>@name</c> includes a file. Never throws on input: errors become EA0002 at the token, and parsing resumes after the line.
/// </summary>
public static class BaculaParser
{
    /// <summary>Deepest nesting of blocks read (Bacula's files nest three: a FileSet, its Include, its Options).</summary>
    internal const int MaxNesting = 64;

    /// <summary>Parses one file.</summary>
    public static BaculaSyntaxTree Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new BaculaSyntaxTree(source, new BaculaFileSyntax(new TextSpan(0, source.Length), []), [], [BinaryContent.Diagnostic(source, nul, InputFormat.Bacula)]);
        }

        var parser = new Parser(source);
        var statements = parser.ParseStatements(null, out _);
        var tree = new BaculaSyntaxTree(source, new BaculaFileSyntax(new TextSpan(0, source.Length), statements), [.. parser.Comments], [.. parser.Diagnostics]);
        return TemplateActions.FirstOnErrorLine(tree) is { } action
            ? new BaculaSyntaxTree(source, new BaculaFileSyntax(new TextSpan(0, source.Length), []), tree.Comments, [TemplateActions.Diagnostic(source, action, "bacula", "a Bacula configuration")])
            : tree;
    }

    private enum Kind
    {
        Identifier,
        Number,
        UnquotedString,
        QuotedString,
        EqualsSign,
        Comma,
        OpenBrace,
        CloseBrace,
        EndOfLine,
        Include,
        EndOfFile,
    }

    // For an include, Text is the file name and ContentStart where it starts (after the "@").
    private readonly record struct Token(Kind Kind, int Start, int End, string Text, int ContentStart = 0, bool Unterminated = false)
    {
        public TextSpan Span => TextSpan.FromBounds(Start, End);
    }

    private sealed class Parser(SourceText source)
    {
        private readonly string _text = source.Text;
        private readonly StringBuilder _buffer = new();
        private int _position = source.Text.StartsWith('\uFEFF') ? 1 : 0;
        private int _depth;
        private Token? _peeked;

        public List<TextSpan> Comments { get; } = [];

        public List<SyntaxDiagnostic> Diagnostics { get; } = [];

        /// <summary>The statements of the file (<paramref name="owner"/> null) or of the block <paramref name="owner"/> opened.</summary>
        public ImmutableArray<BaculaStatementSyntax> ParseStatements(Token? owner, out Token? closer)
        {
            var statements = ImmutableArray.CreateBuilder<BaculaStatementSyntax>();
            while (true)
            {
                var token = Next();
                switch (token.Kind)
                {
                    case Kind.EndOfLine:
                        continue;
                    case Kind.EndOfFile:
                        if (owner is { } open)
                        {
                            Report(open.Span, $"'{open.Text}' is never closed: the file ends before its '}}'");
                        }

                        closer = null;
                        return statements.ToImmutable();
                    case Kind.CloseBrace:
                        if (owner is not null)
                        {
                            closer = token;
                            return statements.ToImmutable();
                        }

                        Report(token.Span, "'}' closes no resource");
                        continue;
                    case Kind.Include:
                        statements.Add(new BaculaIncludeSyntax(token.Text, TextSpan.FromBounds(token.ContentStart, token.End), token.Span));
                        continue;
                    case Kind.Identifier:
                        if (ParseItem(token) is { } item)
                        {
                            statements.Add(item);
                        }

                        continue;
                    default:
                        Report(token.Span, $"expected a keyword, got {Describe(token)}");
                        SkipLine(token);
                        continue;
                }
            }
        }

        private BaculaItemSyntax? ParseItem(Token keyword)
        {
            // Bacula reads the '=' (or a resource's '{') with end-of-line tokens skipped.
            var next = Next();
            while (next.Kind == Kind.EndOfLine)
            {
                next = Next();
            }

            TextSpan? equals = null;
            if (next.Kind == Kind.EqualsSign)
            {
                equals = next.Span;
                if (Peek().Kind != Kind.OpenBrace)
                {
                    return ParseValue(keyword, next);
                }

                next = Next();
            }

            if (next.Kind != Kind.OpenBrace)
            {
                Report(next.Span, $"expected '=' or '{{' after '{keyword.Text}', got {Describe(next)}");
                SkipLine(next);
                return null;
            }

            if (_depth >= MaxNesting)
            {
                Report(next.Span, $"'{{' opens a block nested more than {MaxNesting} levels deep; the rest of the file was not read");
                _position = _text.Length;
                _peeked = null;
                return null;
            }

            _depth++;
            var block = ParseStatements(keyword, out var closer);
            _depth--;
            var end = closer?.End ?? (block.IsEmpty ? next.End : block[^1].Span.End);
            return new BaculaItemSyntax(keyword.Text, keyword.Span, equals, [], next.Span, closer?.Span, block, TextSpan.FromBounds(keyword.Start, end));
        }

        // The value runs to the end of the line or a ';'; a '}' ends it too and is left for the block (Bacula's scan_to_eol).
        private BaculaItemSyntax ParseValue(Token keyword, Token equals)
        {
            var values = ImmutableArray.CreateBuilder<BaculaToken>();
            while (Peek().Kind is not (Kind.EndOfLine or Kind.EndOfFile or Kind.CloseBrace or Kind.Include))
            {
                var token = Next();
                if (token.Kind == Kind.OpenBrace)
                {
                    Report(token.Span, $"'{{' inside the value of '{keyword.Text}'");
                    continue;
                }

                if (token.Unterminated)
                {
                    Report(token.Span, "the quoted string is never closed: the file ends before its closing '\"'");
                }

                values.Add(new BaculaToken(token.Text, token.Span, token.Kind switch
                {
                    Kind.Identifier => BaculaTokenKind.Identifier,
                    Kind.Number => BaculaTokenKind.Number,
                    Kind.QuotedString => BaculaTokenKind.QuotedString,
                    Kind.EqualsSign => BaculaTokenKind.EqualsSign,
                    Kind.Comma => BaculaTokenKind.Comma,
                    _ => BaculaTokenKind.UnquotedString,
                }));
            }

            if (values.Count == 0)
            {
                Report(equals.Span, $"'{keyword.Text} =' has no value on its line");
            }

            var end = values.Count == 0 ? equals.End : values[^1].Span.End;
            return new BaculaItemSyntax(keyword.Text, keyword.Span, equals.Span, values.ToImmutable(), null, null, null, TextSpan.FromBounds(keyword.Start, end));
        }

        private void SkipLine(Token from)
        {
            var token = from;
            while (token.Kind is not (Kind.EndOfLine or Kind.EndOfFile))
            {
                if (Peek().Kind is Kind.CloseBrace or Kind.EndOfFile)
                {
                    return;
                }

                token = Next();
            }
        }

        private static string Describe(Token token) => token.Kind switch
        {
            Kind.EndOfFile => "the end of the file",
            Kind.EndOfLine => "the end of the line",
            Kind.QuotedString => $"\"{token.Text}\"",
            Kind.Include => $"'@{token.Text}'",
            _ => $"'{token.Text}'",
        };

        private void Report(TextSpan span, string message) => Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(span), message));

        private Token Peek() => _peeked ??= Lex();

        private Token Next()
        {
            if (_peeked is { } peeked)
            {
                _peeked = null;
                return peeked;
            }

            return Lex();
        }

        private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

        private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';

        private Token Lex()
        {
            var text = _text;
            while (_position < text.Length && IsBlank(text[_position]))
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                return new Token(Kind.EndOfFile, text.Length, text.Length, string.Empty);
            }

            int start = _position;
            char c = text[start];
            switch (c)
            {
                case '\n' or ';':
                    _position++;
                    return new Token(Kind.EndOfLine, start, start + 1, c.ToString());
                case '#':
                    int lineEnd = text.IndexOf('\n', start);
                    _position = lineEnd < 0 ? text.Length : lineEnd;
                    Comments.Add(TextSpan.FromBounds(start, _position > start && text[_position - 1] == '\r' ? _position - 1 : _position));
                    return Lex();
                case '{':
                    _position++;
                    return new Token(Kind.OpenBrace, start, start + 1, "{");
                case '}':
                    _position++;
                    return new Token(Kind.CloseBrace, start, start + 1, "}");
                case '=':
                    _position++;
                    return new Token(Kind.EqualsSign, start, start + 1, "=");
                case ',':
                    _position++;
                    return new Token(Kind.Comma, start, start + 1, ",");
                case '"':
                    return Quoted(start, start + 1, Kind.QuotedString, string.Empty);
                case '@':
                    return IncludeName(start);
            }

            if (IsLetter(c))
            {
                return Identifier(start);
            }

            if (char.IsAsciiDigit(c))
            {
                int end = start;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                // A number ends at a blank, the line's end, ',' or ';'; any other character makes the word a string.
                if (end >= text.Length || text[end] is ' ' or '\t' or '\r' or '\f' or '\v' or '\n' or ',' or ';')
                {
                    _position = end;
                    return new Token(Kind.Number, start, end, text[start..end]);
                }
            }

            return Unquoted(start, start, string.Empty);
        }

        // Letters; blanks between them are skipped; another character turns the word into a string.
        private Token Identifier(int start)
        {
            var text = _text;
            _buffer.Clear();
            int position = start;
            int lastLetterEnd = start;
            while (position < text.Length)
            {
                char c = text[position];
                if (IsLetter(c))
                {
                    _buffer.Append(c);
                    position++;
                    lastLetterEnd = position;
                    continue;
                }

                if (IsBlank(c))
                {
                    position++;
                    continue;
                }

                if (c is '\n' or '=' or '}' or '{' or ';' or ',' or '"' or '#')
                {
                    break;
                }

                return Unquoted(start, position, _buffer.ToString());
            }

            _position = lastLetterEnd;
            return new Token(Kind.Identifier, start, lastLetterEnd, _buffer.ToString());
        }

        private Token Unquoted(int start, int from, string prefix)
        {
            var text = _text;
            int end = from;
            while (end < text.Length && text[end] is not ('\n' or '=' or '}' or '{' or '\r' or ';' or ',' or '#' or ' ' or '\t' or '\f' or '\v'))
            {
                end++;
            }

            _position = end;
            return new Token(Kind.UnquotedString, start, end, prefix + text[from..end]);
        }

        // From after the opening quote to the closing one; a backslash takes the next character as it is, and a line break
        // inside the string is dropped.
        private Token Quoted(int start, int from, Kind kind, string prefix, int contentStart = 0)
        {
            var text = _text;
            _buffer.Clear().Append(prefix);
            int position = from;
            while (position < text.Length)
            {
                char c = text[position];
                if (c == '\\' && position + 1 < text.Length)
                {
                    if (text[position + 1] != '\n')
                    {
                        _buffer.Append(text[position + 1]);
                    }

                    position += 2;
                    continue;
                }

                if (c == '"')
                {
                    _position = position + 1;
                    return new Token(kind, start, position + 1, _buffer.ToString(), contentStart);
                }

                if (c is not ('\n' or '\r'))
                {
                    _buffer.Append(c);
                }

                position++;
            }

            _position = text.Length;
            return new Token(kind, start, text.Length, _buffer.ToString(), contentStart, Unterminated: true);
        }

        // "@name" or "@"name"" (a command: "@|"…""): the name ends at a blank, a line break, a brace, ';', ',' or '#'.
        private Token IncludeName(int start)
        {
            var text = _text;
            int position = start + 1;
            while (position < text.Length && text[position] is not (' ' or '\t' or '\r' or '\n' or '}' or '{' or ';' or ',' or '"' or '#'))
            {
                position++;
            }

            if (position < text.Length && text[position] == '"')
            {
                var quoted = Quoted(start, position + 1, Kind.Include, text[(start + 1)..position], start + 1);
                if (quoted.Unterminated)
                {
                    Report(quoted.Span, "the quoted include name is never closed");
                }

                return quoted;
            }

            _position = position;
            if (position == start + 1)
            {
                Report(new TextSpan(start, 1), "'@' names no file to include");
            }

            return new Token(Kind.Include, start, position, text[(start + 1)..position], start + 1);
        }
    }
}
