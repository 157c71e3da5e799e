using System.Collections.Immutable;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>
/// Parses BIND 9 named.conf files with BIND's generic statement grammar (BIND 9 ARM, "Configuration File Grammar"):
/// a statement is words and quoted strings, an optional <c>{ }</c> block of statements, and <c>;</c>. Comments are
/// <c>//</c>, <c>#</c> to the end of the line and <c>/* */</c>. Never throws on input: errors become EA0002 at the token,
/// and parsing resumes with the next statement.
/// </summary>
public static class NamedConfParser
{
    /// <summary>Parses one file.</summary>
    public static NamedConfSyntaxTree Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var whole = new TextSpan(0, source.Length);
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new NamedConfSyntaxTree(source, new NamedConfFileSyntax(whole, []), [], [BinaryContent.Diagnostic(source, nul, InputFormat.NamedConf)]);
        }

        var parser = new Parser(source);
        var statements = parser.ParseStatements(topLevel: true, container: null, out _);
        var tree = new NamedConfSyntaxTree(source, new NamedConfFileSyntax(whole, statements), [.. parser.Comments], [.. parser.Diagnostics]);

        // A template gives one diagnostic at its first action and no statements, as an nginx or zone template does.
        return TemplateActions.FirstOnErrorLine(tree) is { } action
            ? new NamedConfSyntaxTree(source, new NamedConfFileSyntax(whole, []), tree.Comments, [TemplateActions.Diagnostic(source, action, "named", "a named.conf file")])
            : tree;
    }

    private enum TokenKind
    {
        Word,
        String,
        Bang,
        OpenBrace,
        CloseBrace,
        Semicolon,
        EndOfFile,
    }

    private readonly record struct Token(TokenKind Kind, int Start, int End, string Text);

    /// <summary>
    /// Deepest nesting of braces read. BIND's grammar nests a handful of levels (a view holding a zone holding an
    /// allow-transfer list); the cap only keeps a hostile file from exhausting the parser's stack, since blocks are
    /// parsed recursively.
    /// </summary>
    internal const int MaxNesting = 128;

    private sealed class Parser(SourceText source)
    {
        private readonly string _text = source.Text;
        private int _position;
        private int _depth;
        private Token? _peeked;

        public List<NamedConfComment> Comments { get; } = [];

        public List<SyntaxDiagnostic> Diagnostics { get; } = [];

        /// <summary>The statements of the file (<paramref name="container"/> null) or of the block of a statement with that keyword.</summary>
        public ImmutableArray<NamedConfStatementSyntax> ParseStatements(bool topLevel, string? container, out Token closer)
        {
            var statements = ImmutableArray.CreateBuilder<NamedConfStatementSyntax>();
            while (true)
            {
                var token = Peek();
                if (token.Kind == TokenKind.EndOfFile)
                {
                    closer = token;
                    return statements.ToImmutable();
                }

                if (token.Kind == TokenKind.CloseBrace)
                {
                    if (!topLevel)
                    {
                        closer = Next();
                        return statements.ToImmutable();
                    }

                    Next();
                    Report(token, "'}' without a matching '{'");
                    continue;
                }

                if (token.Kind == TokenKind.Semicolon)
                {
                    // An empty statement; BIND accepts a stray ';' only after a block, so say so but go on.
                    Next();
                    Report(token, "';' without a statement before it");
                    continue;
                }

                statements.Add(ParseStatement(container));
            }
        }

        private NamedConfStatementSyntax ParseStatement(string? container)
        {
            var values = ImmutableArray.CreateBuilder<NamedConfValue>();
            int start = Peek().Start;
            int lastEnd = start;
            while (Peek().Kind is TokenKind.Word or TokenKind.String or TokenKind.Bang)
            {
                var token = Next();
                values.Add(new NamedConfValue(token.Text, TextSpan.FromBounds(token.Start, token.End), token.Kind == TokenKind.String));
                lastEnd = token.End;
            }

            TextSpan? open = null, close = null, semicolon = null;
            ImmutableArray<NamedConfStatementSyntax>? block = null;
            if (Peek().Kind == TokenKind.OpenBrace)
            {
                var openToken = Next();
                open = TextSpan.FromBounds(openToken.Start, openToken.End);
                if (_depth >= MaxNesting)
                {
                    // Nothing after this point can be attributed to the right block, so the rest of the file is not read.
                    Report(openToken, $"'{{' opens a block nested more than {MaxNesting} levels deep; the rest of the file was not read");
                    _position = _text.Length;
                    _peeked = null;
                    return new NamedConfStatementSyntax(TextSpan.FromBounds(start, _text.Length), values.ToImmutable(), open, null, [], null);
                }

                // A block needs a statement name before it, except as a nested address match list ("{ 10/8; };" inside
                // allow-transfer); in the file or directly in options, a view or a zone, BIND stops with "syntax error".
                if (values.Count == 0 && IsStatementBlock(container))
                {
                    Report(openToken, "'{' without a statement name before it");
                }

                _depth++;
                block = ParseStatements(topLevel: false, values.Count > 0 ? values[0].Text.ToLowerInvariant() : string.Empty, out var closer);
                _depth--;
                if (closer.Kind == TokenKind.CloseBrace)
                {
                    close = TextSpan.FromBounds(closer.Start, closer.End);
                    lastEnd = closer.End;
                }
                else
                {
                    Report(openToken, "'{' is never closed");
                    lastEnd = _text.Length;
                }
            }

            // "! !" parses (named-checkconf accepts it and prints "!!"), but named refuses to load the list: it takes one "!"
            // off an element, and what is left is not an element it knows (lib/isccfg/aclconf.c).
            if (values.Count > 1 && values[0].Text == "!" && !values[0].IsQuoted && values[1].Text == "!" && !values[1].IsQuoted)
            {
                Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(values[1].Span),
                    "a second '!': named refuses to load an address match list with a doubly negated element (\"address match list contains unsupported element type\"), although named-checkconf accepts it"));
            }

            // The options the rules read take one value; a second one is the next option with the ';' before it
            // forgotten ("type primary file "db";"), which BIND refuses as "missing ';' before 'file'".
            if (block is null && values.Count > 2 && container is ("options" or "view" or "zone") && SingleValued.Contains(values[0].Text))
            {
                Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(values[1].Span), $"missing ';' after '{source.ToString(values[1].Span)}' ({values[0].Text} takes one value)"));
            }

            var next = Peek();
            if (next.Kind == TokenKind.Semicolon)
            {
                Next();
                semicolon = TextSpan.FromBounds(next.Start, next.End);
                lastEnd = next.End;
            }
            else if (!(block is not null && close is null))
            {
                // Point at the token that should have been followed by ';' — BIND reports "missing ';' before" the next one.
                var at = close ?? (values.Count > 0 ? values[^1].Span : TextSpan.FromBounds(next.Start, next.End));
                Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(at), $"missing ';' after '{source.ToString(at)}'"));
            }

            return new NamedConfStatementSyntax(TextSpan.FromBounds(start, Math.Max(start, lastEnd)), values.ToImmutable(), open, close, block, semicolon);
        }

        // The file itself (null), and the blocks whose statements are options, not list elements.
        private static bool IsStatementBlock(string? container) => container is null or "options" or "view" or "zone";

        // Options of options, view and zone blocks that take exactly one value (BIND 9 ARM, "options Statement Grammar"
        // and "zone Statement Grammar"): those the model reads.
        private static readonly HashSet<string> SingleValued = new(StringComparer.OrdinalIgnoreCase)
        {
            "type", "file", "directory", "key-directory", "dnssec-policy", "inline-signing", "auto-dnssec",
        };

        private void Report(Token token, string message) =>
            Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(TextSpan.FromBounds(token.Start, token.End)), message));

        private Token Peek() => _peeked ??= Lex();

        private Token Next()
        {
            var token = Peek();
            _peeked = null;
            return token;
        }

        private Token Lex()
        {
            var text = _text;
            while (true)
            {
                while (_position < text.Length && char.IsWhiteSpace(text[_position]))
                {
                    _position++;
                }

                if (_position >= text.Length)
                {
                    return new Token(TokenKind.EndOfFile, text.Length, text.Length, string.Empty);
                }

                int start = _position;
                char c = text[start];
                if (c == '#' || (c == '/' && start + 1 < text.Length && text[start + 1] == '/'))
                {
                    while (_position < text.Length && text[_position] is not ('\n' or '\r'))
                    {
                        _position++;
                    }

                    Comments.Add(new NamedConfComment(TextSpan.FromBounds(start, _position), text[start.._position]));
                    continue;
                }

                if (c == '/' && start + 1 < text.Length && text[start + 1] == '*')
                {
                    int end = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(start, 2)), "'/*' comment is never closed"));
                        _position = text.Length;
                        continue;
                    }

                    _position = end + 2;
                    Comments.Add(new NamedConfComment(TextSpan.FromBounds(start, _position), text[start.._position]));
                    continue;
                }

                switch (c)
                {
                    case '{':
                        _position++;
                        return new Token(TokenKind.OpenBrace, start, _position, "{");
                    case '}':
                        _position++;
                        return new Token(TokenKind.CloseBrace, start, _position, "}");
                    case ';':
                        _position++;
                        return new Token(TokenKind.Semicolon, start, _position, ";");
                    case '!':
                        _position++;
                        return new Token(TokenKind.Bang, start, _position, "!");
                    case '"':
                        return LexString(start);
                }

                while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] is not ('{' or '}' or ';' or '"' or '!' or '#')
                    && !(text[_position] == '/' && _position + 1 < text.Length && text[_position + 1] is '/' or '*'))
                {
                    _position++;
                }

                return new Token(TokenKind.Word, start, _position, text[start.._position]);
            }
        }

        private Token LexString(int start)
        {
            var builder = new StringBuilder();
            int i = start + 1;
            while (i < _text.Length)
            {
                char c = _text[i];
                if (c == '\\' && i + 1 < _text.Length)
                {
                    builder.Append(_text[i + 1]);
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    _position = i + 1;
                    return new Token(TokenKind.String, start, _position, builder.ToString());
                }

                builder.Append(c);
                i++;
            }

            Diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(start, 1)), "quoted string is never closed"));
            _position = _text.Length;
            return new Token(TokenKind.String, start, _position, builder.ToString());
        }
    }
}
