using System.Collections.Immutable;
using ElectionAudit.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElectionAudit.Syntax.Yaml;

/// <summary>Limits that keep hostile YAML (alias bombs, deep nesting) from exhausting the machine.</summary>
/// <param name="MaxNodes">Most nodes the document may expand to, counting every alias use.</param>
/// <param name="MaxDepth">Deepest nesting of mappings and sequences.</param>
public sealed record YamlLimits(int MaxNodes = 200_000, int MaxDepth = 64)
{
    /// <summary>The defaults.</summary>
    public static YamlLimits Default { get; } = new();
}

/// <summary>
/// Parses YAML with YamlDotNet's representation model and turns it into <see cref="YamlNodeSyntax"/> nodes with spans.
/// A YAML error becomes EA0002 at the position YamlDotNet reports; the parser never throws.
/// </summary>
public static class YamlParser
{
    /// <summary>Parses <paramref name="source"/> as the given YAML-based format.</summary>
    public static YamlSyntaxTree Parse(SourceText source, InputFormat format, YamlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= YamlLimits.Default;
        var diagnostics = ImmutableArray.CreateBuilder<SyntaxDiagnostic>();
        YamlNodeSyntax? root = null;

        // The events are read once, checked, and replayed into the representation model: a second reader over the text
        // scanned and parsed it all again (a fifth of a large descriptor's cost).
        var recorded = new List<YamlDotNet.Core.Events.ParsingEvent>();
        try
        {
            // Read the event stream first: YamlDotNet's scanner and parser report syntax errors with exact marks,
            // while the representation model can fail on the same input with a bare InvalidOperationException.
            using (var reader = ReaderFor(source))
            {
                var events = new Parser(reader);
                YamlDotNet.Core.Events.ParsingEvent? last = null;
                var anchors = new AnchorTracker();
                try
                {
                    // The same bound as in ScanComments: the event stream cannot be longer than a few events per character.
                    long budget = (4L * source.Length) + 64;
                    while (events.MoveNext())
                    {
                        if (--budget == 0)
                        {
                            throw new InvalidOperationException("The YAML reader stopped advancing.");
                        }

                        last = events.Current;
                        if (last is not null)
                        {
                            recorded.Add(last);
                        }

                        if (last is not null && anchors.Problem(last) is { } problem)
                        {
                            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(SpanAt(source, last.Start, last.End)), problem, "yaml-alias"));
                            return new YamlSyntaxTree(source, format, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), diagnostics.ToImmutable());
                        }
                    }
                }
                catch (InvalidOperationException)
                {
                    // YamlDotNet's scanner can fail this way at the end of an unclosed flow collection; the last event read
                    // (typically the '[' or '{' left open) is the best place to point at.
                    var span = last is null ? new TextSpan(0, 0) : SpanAt(source, last.Start, last.End);
                    diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(span), "YAML syntax error: the document could not be read past this point (an unclosed bracket, brace or quote?).", "yaml-syntax"));
                    return new YamlSyntaxTree(source, format, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), diagnostics.ToImmutable());
                }
            }

            var stream = new YamlStream();
            stream.Load(new ReplayParser(recorded));

            if (stream.Documents.Count > 0)
            {
                var builder = new Builder(source, limits, diagnostics);
                root = builder.Convert(stream.Documents[0].RootNode, 0);
            }

            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                var span = SpanAt(source, second, second);
                diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(span), "Only the first YAML document of the file is read; this file has more than one.", "multiple-documents"));
            }
        }
        catch (YamlException ex)
        {
            var span = SpanAt(source, ex.Start, ex.End);
            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(span), "YAML syntax error: " + CleanMessage(ex), "yaml-syntax"));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports some structural problems (a duplicate key) as these.
            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(0, 0)), "YAML error: " + ex.Message, "yaml-structure"));
            root = null;
        }
        catch (LimitExceededException ex)
        {
            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(ex.Span), ex.Message, "yaml-limit"));
            root = null;
        }

        var document = new YamlDocumentSyntax(root, new TextSpan(0, source.Length));
        return new YamlSyntaxTree(source, format, document, diagnostics.ToImmutable());
    }

    /// <summary>Gives back events already read, so that the representation model is built without reading the text again.</summary>
    private sealed class ReplayParser(List<YamlDotNet.Core.Events.ParsingEvent> events) : IParser
    {
        private int _next;

        public YamlDotNet.Core.Events.ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= events.Count)
            {
                Current = null;
                return false;
            }

            Current = events[_next++];
            return true;
        }
    }

    /// <summary>
    /// Checks each alias against the anchors read before it, as YAML 1.2 requires (section 7.1: an alias must refer to
    /// an anchor that occurs earlier in the document). YamlDotNet's representation model instead resolves forward aliases
    /// after the document, and an alias used as a mapping key that way recursed without end (a stack overflow, which no
    /// catch can stop; found by the descriptor fuzzing harness). An alias to a node that is still open (a structure
    /// containing itself) is refused too: nothing in the formats read here needs one.
    /// </summary>
    private sealed class AnchorTracker
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
        private readonly Stack<string?> _open = new();

        public string? Problem(YamlDotNet.Core.Events.ParsingEvent parsingEvent)
        {
            switch (parsingEvent)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (!_defined.Contains(name))
                    {
                        return $"YAML alias *{name} refers to no anchor &{name} before it; an alias must follow its anchor (YAML 1.2, section 7.1).";
                    }

                    return _open.Contains(name)
                        ? $"YAML alias *{name} refers to a node that contains it; a structure that contains itself cannot be read."
                        : null;
                case YamlDotNet.Core.Events.DocumentStart:
                    // Anchors are local to their document.
                    _defined.Clear();
                    return null;
                case YamlDotNet.Core.Events.NodeEvent node:
                    var anchor = node.Anchor.IsEmpty ? null : node.Anchor.Value;
                    if (anchor is not null)
                    {
                        _defined.Add(anchor);
                    }

                    if (node is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart)
                    {
                        _open.Push(anchor);
                    }

                    return null;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    _open.TryPop(out _);
                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The comments of a YAML file, from <c>#</c> to the end of the line, found with YamlDotNet's scanner (which knows
    /// where a <c>#</c> is inside a quoted or block scalar and so is not a comment). On a syntax error the comments
    /// read before it are returned; never throws.
    /// </summary>
    internal static ImmutableArray<TextSpan> ScanComments(SourceText source)
    {
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        try
        {
            using var reader = ReaderFor(source);
            var scanner = new Scanner(reader, skipComments: false);

            // YamlDotNet's scanner, driven on its own, can keep producing tokens without advancing on some malformed
            // inputs (found by the malformed-input suite: the scan never ended). A real token stream has at most a few
            // tokens per character, so past that bound the scan stops with the comments found so far.
            long budget = (4L * source.Length) + 64;
            while (scanner.MoveNext() && --budget > 0)
            {
                if (scanner.Current is YamlDotNet.Core.Tokens.Comment comment)
                {
                    // The token's start mark is the '#'; its end is the end of the comment text (line break excluded).
                    int start = ClampIndex(source, comment.Start);
                    int end = Math.Max(start, ClampIndex(source, comment.End));
                    spans.Add(TextSpan.FromBounds(start, end));
                }
            }
        }
#pragma warning disable CA1031 // Malformed YAML is reported by Parse as EA0002; here only the comments before the error matter.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return spans.ToImmutable();
    }

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: n, Col: m, Idx: i) - (Line: ...): "; our location says that already.
        var message = ex.Message;
        int marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
    }

    /// <summary>
    /// The text as YamlDotNet reads it. YamlDotNet's scanner loops for ever on a reserved directive (<c>%foo</c>) on the
    /// last line when no line break follows it and the input is a multiple of its 1,024-character look-ahead buffer
    /// long (found by fuzzing the descriptor harness: the scan never ended). Such a line gets a line break here; a
    /// directive ends no valid document, so nothing is read differently, and every position is unchanged.
    /// </summary>
    private static StringReader ReaderFor(SourceText source)
    {
        var text = source.Text;
        int lastLine = text.AsSpan().LastIndexOfAny("\n\r\u0085\u2028\u2029") + 1; // YamlDotNet's line breaks
        return new StringReader(lastLine < text.Length && text[lastLine] == '%' ? text + "\n" : text);
    }

    private static TextSpan SpanAt(SourceText source, Mark start, Mark end)
    {
        int s = ClampIndex(source, start);
        int e = Math.Max(s, ClampIndex(source, end));
        return TextSpan.FromBounds(s, e);
    }

    private static int ClampIndex(SourceText source, Mark mark)
    {
        // Mark.Index counts characters from the start of the reader, which is SourceText.Text.
        long index = mark.Index;
        if (index < 0 || index > source.Length)
        {
            int line = (int)Math.Clamp(mark.Line, 1, source.LineCount);
            return Math.Min(source.Length, source.GetLineStart(line) + (int)Math.Max(0, mark.Column - 1));
        }

        return (int)index;
    }

    private sealed class LimitExceededException(string message, TextSpan span) : Exception(message)
    {
        public TextSpan Span { get; } = span;
    }

    private sealed class Builder(SourceText source, YamlLimits limits, ImmutableArray<SyntaxDiagnostic>.Builder diagnostics)
    {
        private int _nodes;

        public YamlNodeSyntax Convert(YamlNode node, int depth)
        {
            var span = Trim(SpanAt(source, node.Start, node.End));
            if (++_nodes > limits.MaxNodes)
            {
                throw new LimitExceededException($"The YAML document expands to more than {limits.MaxNodes} nodes (aliases included); it was not read further.", span);
            }

            if (depth > limits.MaxDepth)
            {
                throw new LimitExceededException($"The YAML document nests deeper than {limits.MaxDepth} levels; it was not read further.", span);
            }

            switch (node)
            {
                case YamlScalarNode scalar:
                    return new YamlScalarSyntax(scalar.Value ?? string.Empty, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any, span);
                case YamlSequenceNode sequence:
                    var items = sequence.Children.Select(c => Convert(c, depth + 1)).ToImmutableArray();
                    return new YamlSequenceSyntax(items, Cover(span, items.Select(i => i.Span)));
                case YamlMappingNode mapping:
                    var entries = ImmutableArray.CreateBuilder<YamlEntrySyntax>();
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (Convert(key, depth + 1) is YamlScalarSyntax scalarKey)
                        {
                            entries.Add(new YamlEntrySyntax(scalarKey, Convert(value, depth + 1)));
                        }
                        else
                        {
                            var keySpan = Trim(SpanAt(source, key.Start, key.End));
                            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(keySpan), "A mapping key must be a scalar; this entry was ignored.", "complex-key"));
                        }
                    }

                    var built = entries.ToImmutable();
                    return new YamlMappingSyntax(built, Cover(span, built.Select(e => e.Span)));
                default:
                    return new YamlScalarSyntax(string.Empty, isPlain: true, span);
            }
        }

        // YamlDotNet's end mark of a block collection is where the next token starts, which can lie before or
        // after the last child; a collection's span is therefore taken to end where its last child ends.
        private static TextSpan Cover(TextSpan own, IEnumerable<TextSpan> children)
        {
            int end = own.Start;
            bool any = false;
            foreach (var child in children)
            {
                end = Math.Max(end, child.End);
                any = true;
            }

            return any ? TextSpan.FromBounds(own.Start, end) : own;
        }

        private TextSpan Trim(TextSpan span)
        {
            int end = span.End;
            while (end > span.Start && char.IsWhiteSpace(source[end - 1]))
            {
                end--;
            }

            return TextSpan.FromBounds(span.Start, end);
        }
    }
}
