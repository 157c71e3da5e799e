using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
/// Parses YAML with YamlDotNet's parser and turns its events into <see cref="YamlNodeSyntax"/> nodes with spans, as
/// YamlDotNet's representation model has them (the model itself decides only the rare mappings it may reject).
/// A YAML error becomes EA0002 at the position YamlDotNet reports; the parser never throws.
/// </summary>
public static class YamlParser
{
    /// <summary>Parses <paramref name="source"/> as the given YAML-based format.</summary>
    public static YamlSyntaxTree Parse(SourceText source, InputFormat format, YamlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= YamlLimits.Default;
        return TryParseStreamed(source, format, limits) ?? ParseRecorded(source, format, limits);
    }

    /// <summary>
    /// The tree of <paramref name="source"/> built while its events are read (<see cref="Stream"/>), or null when the
    /// file needs <see cref="ParseRecorded"/>, which gives the same tree for every file this one reads.
    /// </summary>
    internal static YamlSyntaxTree? TryParseStreamed(SourceText source, InputFormat format, YamlLimits limits)
    {
        if (BinaryContent.FirstNul(source) >= 0)
        {
            return null;
        }

        var scanner = ScannerFor(source, out var comments);
        return Stream(source, format, limits, scanner, comments);
    }

    /// <summary>Parses <paramref name="source"/> through its recorded events, as every file was read before the streamed build.</summary>
    internal static YamlSyntaxTree ParseRecorded(SourceText source, InputFormat format, YamlLimits limits)
    {
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new YamlSyntaxTree(source, format, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), [BinaryContent.Diagnostic(source, nul, format)]);
        }

        // A reading that collects comments gives null when it did not read the stream to its end (a syntax error, an alias
        // refused, a reader that stopped advancing); the file is then read as before, with the scanner that skips
        // comments, so that every diagnostic stays what it was; its comments are then found when asked for, by
        // ScanComments. A reading without a collector always gives a tree.
        var scanner = ScannerFor(source, out var comments);
        return Read(source, format, limits, scanner, comments) ?? Read(source, format, limits, new Scanner(ReaderFor(source)), comments: null)!;
    }

    /// <summary>
    /// The scanner both readings read <paramref name="source"/> with. A file without a '#' has no comment: YamlDotNet's own
    /// scanner, which skips comments, reads it, and the tree knows it has none (no scan for them later). Otherwise one
    /// scanner pass gives the events and the comments both (<paramref name="comments"/>, which is then the scanner); the
    /// comment scan used to be a second pass over the whole file (a quarter of what reading a large descriptor allocated).
    /// </summary>
    private static IScanner ScannerFor(SourceText source, out CommentCollector? comments)
    {
        comments = source.IndexOf('#') < 0 ? null : new CommentCollector(source);
        return comments ?? (IScanner)new Scanner(ReaderFor(source));
    }

    /// <summary>
    /// Builds the tree while the events of <paramref name="scanner"/> are read, without keeping them, for the usual file:
    /// one document, every mapping key a scalar given once, no alias, within the limits, read to its end without an
    /// error. Returns null for any other file, which is then read again through the recorded events (<see cref="Read"/>),
    /// so its tree and diagnostics are that reading's. Recording a large descriptor's events kept hundreds of thousands
    /// of objects alive through the whole read: every young collection on the way copied them, and the collector's
    /// work was about a third of the read.
    /// </summary>
    private static YamlSyntaxTree? Stream(SourceText source, InputFormat format, YamlLimits limits, IScanner scanner, CommentCollector? comments)
    {
        var builder = new Builder(source, limits, ImmutableArray.CreateBuilder<SyntaxDiagnostic>());
        YamlNodeSyntax? root;
        try
        {
            if (!builder.TryBuildStreamed(new Parser(scanner), MaxEvents(source), out root))
            {
                return null;
            }
        }
#pragma warning disable CA1031 // Any failure only sends the file to the recorded reading, which reports it as it always did.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        var document = new YamlDocumentSyntax(root, new TextSpan(0, source.Length));
        return new YamlSyntaxTree(source, format, document, [], comments?.Spans ?? NoComments(source))
        {
            Tags = root is null ? null : builder.Tags,
        };
    }

    /// <summary>
    /// Reads the events from <paramref name="scanner"/> and builds the tree. With a <paramref name="comments"/> collector
    /// (which is then the scanner) the tree gets the comments collected, and null is returned instead of a tree when the
    /// event stream was not read to its end; without one, the tree is always returned.
    /// </summary>
    private static YamlSyntaxTree? Read(SourceText source, InputFormat format, YamlLimits limits, IScanner scanner, CommentCollector? comments)
    {
        var diagnostics = ImmutableArray.CreateBuilder<SyntaxDiagnostic>();
        YamlNodeSyntax? root = null;
        Builder? builder = null;

        // The events are read once, checked, and built into the tree: a second reader over the text scanned and parsed
        // it all again (a fifth of a large descriptor's cost).
        var recorded = new List<YamlDotNet.Core.Events.ParsingEvent>();
        var anchors = new AnchorTracker();
        if (ReadEvents(source, new Parser(scanner), recorded, anchors, limits.MaxDepth, comments is not null) is { } problem)
        {
            if (comments is not null)
            {
                return null;
            }

            diagnostics.Add(problem);
            return new YamlSyntaxTree(source, format, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), diagnostics.ToImmutable(), NoComments(source));
        }

        try
        {
            builder = new Builder(source, limits, diagnostics);
            Mark? second = null;
            if (Builder.CanBuildFromEvents(recorded, anchors.AliasTargets, out int firstRoot, out int secondRoot))
            {
                // The usual file: every mapping key a scalar and no key twice in a mapping. The tree is built from the
                // events as the representation model would have it (an alias is the node it refers to), without
                // building the model first (a sixth of what reading a large descriptor allocated).
                root = firstRoot < 0 ? null : builder.Build(recorded, anchors.AliasTargets, firstRoot, 0, out _);
                second = secondRoot < 0 ? null : recorded[secondRoot].Start;
            }
            else
            {
                // A key that is not a scalar, or a key that may repeat: the representation model decides (a duplicate
                // key is its error) and the tree is converted from it.
                var stream = new YamlStream();
                stream.Load(new ReplayParser(recorded));
                root = stream.Documents.Count > 0 ? builder.Convert(stream.Documents[0].RootNode, 0) : null;
                second = stream.Documents.Count > 1 ? stream.Documents[1].RootNode.Start : null;
            }

            if (second is { } start)
            {
                var span = SpanAt(source, start, start);
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
        return new YamlSyntaxTree(source, format, document, diagnostics.ToImmutable(), comments?.Spans ?? NoComments(source))
        {
            Tags = root is null ? null : builder?.Tags,
        };
    }

    // A tree read without collecting comments knows it has none only when there is no '#'; otherwise (default) they are
    // scanned for when asked.
    private static ImmutableArray<TextSpan> NoComments(SourceText source) => source.IndexOf('#') < 0 ? [] : default;

    /// <summary>
    /// Reads the whole event stream into <paramref name="recorded"/>, checking aliases with <paramref name="anchors"/> as
    /// it goes. Returns null when the stream was read to its end, else the one diagnostic that ends the parse. When
    /// <paramref name="anyFailure"/> is set every failure, expected or not, only makes the result non-null (the caller then
    /// reads the file again the usual way).
    /// </summary>
    private static SyntaxDiagnostic? ReadEvents(SourceText source, Parser events, List<YamlDotNet.Core.Events.ParsingEvent> recorded, AnchorTracker anchors, int maxDepth, bool anyFailure)
    {
        // Read the event stream first: YamlDotNet's scanner and parser report syntax errors with exact marks, while the
        // representation model can fail on the same input with a bare InvalidOperationException.
        YamlDotNet.Core.Events.ParsingEvent? last = null;
        try
        {
            long budget = MaxEvents(source);

            // Nesting of the first document's collections, as the events open and close them. YamlDotNet's scanner does
            // work per open flow collection for every token, so "{{{{…" took time quadratic in its length (100,000
            // braces: 84 s); the builder's depth limit came only after the whole stream was read.
            int depth = 0, documents = 0;
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

                switch (last)
                {
                    case YamlDotNet.Core.Events.DocumentStart:
                        documents++;
                        break;
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when documents <= 1:
                        // The root collection is depth 0 to the builder: a collection opened past maxDepth + 1 puts its
                        // nodes past the builder's limit, so the verdict is the one the builder would give.
                        if (++depth > maxDepth + 1)
                        {
                            return new SyntaxDiagnostic("EA0002", source.GetLocation(SpanAt(source, last.Start, last.End)), $"The YAML document nests deeper than {maxDepth} levels; it was not read further.", "yaml-limit");
                        }

                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd when documents <= 1:
                        depth--;
                        break;
                }

                if (last is not null && anchors.Problem(last, recorded.Count - 1) is { } problem)
                {
                    return new SyntaxDiagnostic("EA0002", source.GetLocation(SpanAt(source, last.Start, last.End)), problem, "yaml-alias");
                }
            }

            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way at the end of an unclosed flow collection; the last event read
            // (typically the '[' or '{' left open) is the best place to point at.
            var span = last is null ? new TextSpan(0, 0) : SpanAt(source, last.Start, last.End);
            return new SyntaxDiagnostic("EA0002", source.GetLocation(span), "YAML syntax error: the document could not be read past this point (an unclosed bracket, brace or quote?).", "yaml-syntax");
        }
        catch (YamlException ex)
        {
            var span = SpanAt(source, ex.Start, ex.End);
            return new SyntaxDiagnostic("EA0002", source.GetLocation(span), "YAML syntax error: " + CleanMessage(ex), "yaml-syntax");
        }
        catch (ArgumentException ex)
        {
            return new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(0, 0)), "YAML error: " + ex.Message, "yaml-structure");
        }
#pragma warning disable CA1031 // Only with anyFailure: the caller reads the file again without comments, and that reading throws as it always did.
        catch (Exception) when (anyFailure)
#pragma warning restore CA1031
        {
            return new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(0, 0)), "YAML error.", "yaml-structure");
        }
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
        // Each anchor defined so far in the document, with the index of the event of its latest node.
        private readonly Dictionary<string, int> _defined = new(StringComparer.Ordinal);
        private readonly Stack<string?> _open = new();

        /// <summary>
        /// For each alias event's index, the index of the event of the node it refers to: the latest node with its anchor
        /// before it, as the representation model resolves it (a node's anchor counts from the node's first event).
        /// </summary>
        public Dictionary<int, int>? AliasTargets { get; private set; }

        public string? Problem(YamlDotNet.Core.Events.ParsingEvent parsingEvent, int index)
        {
            switch (parsingEvent)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (!_defined.TryGetValue(name, out int target))
                    {
                        return $"YAML alias *{name} refers to no anchor &{name} before it; an alias must follow its anchor (YAML 1.2, section 7.1).";
                    }

                    if (_open.Contains(name))
                    {
                        return $"YAML alias *{name} refers to a node that contains it; a structure that contains itself cannot be read.";
                    }

                    (AliasTargets ??= [])[index] = target;
                    return null;
                case YamlDotNet.Core.Events.DocumentStart:
                    // Anchors are local to their document.
                    _defined.Clear();
                    return null;
                case YamlDotNet.Core.Events.NodeEvent node:
                    var anchor = node.Anchor.IsEmpty ? null : node.Anchor.Value;
                    if (anchor is not null)
                    {
                        _defined[anchor] = index;
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
    /// YamlDotNet's scanner with comments on, as the parser's scanner: it takes the comment tokens out of the stream as
    /// they pass (the parser never sees them) and keeps their spans. The parser therefore reads the same tokens as over
    /// the scanner that skips comments, and gives the same events. (YamlDotNet's parser, given the comment tokens itself,
    /// turns them into comment events but also fails on valid YAML, e.g. a comment line after a flow collection ending a
    /// block mapping.)
    /// </summary>
    private sealed class CommentCollector(SourceText source) : IScanner
    {
        private readonly Scanner _scanner = new(ReaderFor(source), skipComments: false);
        private readonly ImmutableArray<TextSpan>.Builder _spans = ImmutableArray.CreateBuilder<TextSpan>();

        // Each comment takes at least its '#': more comment tokens than characters means the scanner stopped advancing
        // (ScanComments guards the same way), and the read fails over to the usual one.
        private long _budget = source.Length + 1L;

        /// <summary>The spans of the comments read so far, in source order.</summary>
        public ImmutableArray<TextSpan> Spans => _spans.ToImmutable();

        public Mark CurrentPosition => _scanner.CurrentPosition;

        public YamlDotNet.Core.Tokens.Token? Current => _scanner.Current;

        public bool MoveNext()
        {
            if (_scanner.Current is not null)
            {
                _scanner.ConsumeCurrent();
            }

            return MoveNextWithoutConsuming();
        }

        public bool MoveNextWithoutConsuming()
        {
            while (_scanner.MoveNextWithoutConsuming())
            {
                if (_scanner.Current is not YamlDotNet.Core.Tokens.Comment comment)
                {
                    return true;
                }

                if (--_budget < 0)
                {
                    throw new InvalidOperationException("The YAML scanner stopped advancing.");
                }

                _spans.Add(CommentSpan(source, comment));

                // Consumed as a reader of the token stream consumes it (ScanComments, YamlDotNet's parser with comments on):
                // the scanner counts consumed tokens to place simple keys.
                _scanner.ConsumeCurrent();
            }

            return false;
        }

        public void ConsumeCurrent() => _scanner.ConsumeCurrent();
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

            // Past the bound (MaxEvents, which counts tokens here) the scan stops with the comments found so far.
            long budget = MaxEvents(source);

            // As in ReadEvents, the scan stops where flow collections nest past the default depth limit: the scanner's
            // work per token grows with that nesting, and such a file is not read past there anyway.
            int flowDepth = 0;
            while (scanner.MoveNext() && --budget > 0)
            {
                switch (scanner.Current)
                {
                    case YamlDotNet.Core.Tokens.Comment comment:
                        spans.Add(CommentSpan(source, comment));
                        break;
                    case YamlDotNet.Core.Tokens.FlowMappingStart or YamlDotNet.Core.Tokens.FlowSequenceStart when ++flowDepth > YamlLimits.Default.MaxDepth + 1:
                        return spans.ToImmutable();
                    case YamlDotNet.Core.Tokens.FlowMappingEnd or YamlDotNet.Core.Tokens.FlowSequenceEnd:
                        flowDepth--;
                        break;
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

    // The token's start mark is the '#'; its end is the end of the comment text (line break excluded).
    private static TextSpan CommentSpan(SourceText source, YamlDotNet.Core.Tokens.Comment comment)
    {
        int start = ClampIndex(source, comment.Start);
        int end = Math.Max(start, ClampIndex(source, comment.End));
        return TextSpan.FromBounds(start, end);
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
    private static SourceReader ReaderFor(SourceText source)
    {
        int lastLine = source.Length;
        while (lastLine > 0 && source[lastLine - 1] is not ('\n' or '\r' or '\u0085' or '\u2028' or '\u2029')) // YamlDotNet's line breaks
        {
            lastLine--;
        }

        return new SourceReader(source, appendLineBreak: lastLine < source.Length && source[lastLine] == '%');
    }

    /// <summary>
    /// Reads a <see cref="SourceText"/> character by character, as YamlDotNet reads its input: an ASCII file kept as
    /// bytes is read without making its string (a large descriptor's text, as a string, was made again for each pass).
    /// </summary>
    private sealed class SourceReader(SourceText source, bool appendLineBreak) : TextReader
    {
        private readonly int _length = source.Length + (appendLineBreak ? 1 : 0);
        private int _next;

        public override int Peek() => _next < _length ? At(_next) : -1;

        public override int Read() => _next < _length ? At(_next++) : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int count = Math.Min(buffer.Length, _length - _next);
            for (int i = 0; i < count; i++)
            {
                buffer[i] = At(_next + i);
            }

            _next += count;
            return count;
        }

        private char At(int index) => index < source.Length ? source[index] : '\n';
    }

    // YamlDotNet's scanner and parser, driven on their own, can keep producing tokens or events without advancing on some
    // malformed inputs (found by the malformed-input suite: the scan never ended). A real stream has at most a few per
    // character, so every reader stops past this bound.
    private static long MaxEvents(SourceText source) => (4L * source.Length) + 64;

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

    /// <summary>
    /// Builds the syntax tree, from the events (as they are read, or recorded) or from YamlDotNet's representation model,
    /// counting every node (each use of an alias again) against <see cref="YamlLimits"/>.
    /// </summary>
    private sealed class Builder(SourceText source, YamlLimits limits, ImmutableArray<SyntaxDiagnostic>.Builder diagnostics)
    {
        private readonly List<YamlNodeSyntax> _items = [];
        private readonly List<YamlEntrySyntax> _entries = [];
        private int _nodes;

        /// <summary>The explicit tags (<c>!include</c>, <c>!!str</c>) of the nodes built, null while no node has one: few files have any.</summary>
        public Dictionary<YamlNodeSyntax, string>? Tags { get; private set; }

        /// <summary>
        /// Whether <see cref="Build"/> gives the tree the representation model would: every mapping key a scalar (an alias
        /// to one included) and no scalar key's value twice in a mapping, in every document (the model's duplicate key is
        /// an error even in a document that is not read), and the documents as YamlDotNet's parser gives them (one node
        /// each). Keys with the same value and different tags are left to the model too, though it keeps both.
        /// </summary>
        /// <param name="events">The event stream, read to its end.</param>
        /// <param name="aliasTargets">The node each alias refers to (<see cref="AnchorTracker.AliasTargets"/>).</param>
        /// <param name="firstRoot">The first document's node event, or -1 without a document.</param>
        /// <param name="secondRoot">The second document's node event, or -1 without one.</param>
        public static bool CanBuildFromEvents(List<YamlDotNet.Core.Events.ParsingEvent> events, Dictionary<int, int>? aliasTargets, out int firstRoot, out int secondRoot)
        {
            firstRoot = -1;
            secondRoot = -1;
            int documents = 0;
            var open = new List<OpenCollection>();
            var keys = new List<string>();
            for (int i = 0; i < events.Count; i++)
            {
                var current = events[i];
                switch (current)
                {
                    case YamlDotNet.Core.Events.StreamStart or YamlDotNet.Core.Events.StreamEnd or YamlDotNet.Core.Events.DocumentEnd:
                        continue;
                    case YamlDotNet.Core.Events.DocumentStart:
                        if (open.Count > 0 || i + 1 >= events.Count || events[i + 1] is not (YamlDotNet.Core.Events.NodeEvent or YamlDotNet.Core.Events.AnchorAlias))
                        {
                            return false;
                        }

                        documents++;
                        if (documents == 1)
                        {
                            firstRoot = i + 1;
                        }
                        else if (documents == 2)
                        {
                            secondRoot = i + 1;
                        }

                        continue;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        if (open.Count == 0 || open[^1].IsMapping != (current is YamlDotNet.Core.Events.MappingEnd) || !open[^1].AtKey)
                        {
                            return false;
                        }

                        keys.RemoveRange(open[^1].FirstKey, keys.Count - open[^1].FirstKey);
                        open.RemoveAt(open.Count - 1);
                        continue;
                    case YamlDotNet.Core.Events.NodeEvent or YamlDotNet.Core.Events.AnchorAlias:
                        break;
                    default:
                        return false;
                }

                if (open.Count > 0 && open[^1].IsMapping)
                {
                    var parent = open[^1];
                    if (parent.AtKey)
                    {
                        var key = current is YamlDotNet.Core.Events.AnchorAlias ? events[aliasTargets![i]] : current;
                        if (key is not YamlDotNet.Core.Events.Scalar scalar || !parent.AddKey(keys, scalar.Value))
                        {
                            return false;
                        }
                    }

                    parent.AtKey = !parent.AtKey;
                    open[^1] = parent;
                }
                else if (open.Count == 0 && events[i - 1] is not YamlDotNet.Core.Events.DocumentStart)
                {
                    // A second node in a document.
                    return false;
                }

                if (current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart)
                {
                    open.Add(new OpenCollection(current is YamlDotNet.Core.Events.MappingStart, keys.Count));
                }
            }

            return open.Count == 0;
        }

        /// <summary>
        /// Builds the first document's node from <paramref name="events"/> as they are read, giving the tree
        /// <see cref="Build"/> gives from the recorded events of the same file. False as soon as the file is not one
        /// <see cref="CanBuildFromEvents"/> accepts without aliases and with one document, or it reads more than
        /// <paramref name="budget"/> events; a limit exceeded or a reading error throws.
        /// </summary>
        public bool TryBuildStreamed(Parser events, long budget, out YamlNodeSyntax? root)
        {
            root = null;
            var open = new List<StreamedCollection>();
            var keys = new List<string>();
            int documents = 0;
            bool documentHasNode = false;
            while (events.MoveNext())
            {
                if (--budget == 0)
                {
                    return false;
                }

                YamlNodeSyntax built;
                string? key = null;
                switch (events.Current)
                {
                    case YamlDotNet.Core.Events.StreamStart or YamlDotNet.Core.Events.StreamEnd:
                        continue;
                    case YamlDotNet.Core.Events.DocumentStart:
                        if (++documents > 1)
                        {
                            return false;
                        }

                        continue;
                    case YamlDotNet.Core.Events.DocumentEnd:
                        if (!documentHasNode || open.Count > 0)
                        {
                            return false;
                        }

                        continue;
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        var start = (YamlDotNet.Core.Events.NodeEvent)events.Current;
                        if (open.Count > 0 ? open[^1].Keys.IsMapping && open[^1].Keys.AtKey : documentHasNode)
                        {
                            // A collection as a mapping key, or a second node in the document.
                            return false;
                        }

                        documentHasNode |= open.Count == 0;
                        bool isMapping = start is YamlDotNet.Core.Events.MappingStart;
                        var span = Counted(Trim(SpanAt(source, start.Start, start.End)), open.Count);
                        open.Add(new StreamedCollection(new OpenCollection(isMapping, keys.Count), span, isMapping ? _entries.Count : _items.Count, start.Tag.IsEmpty ? null : start.Tag.Value));
                        continue;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        if (open.Count == 0 || open[^1].Keys.IsMapping != (events.Current is YamlDotNet.Core.Events.MappingEnd) || !open[^1].Keys.AtKey)
                        {
                            return false;
                        }

                        var closed = open[^1];
                        open.RemoveAt(open.Count - 1);
                        keys.RemoveRange(closed.Keys.FirstKey, keys.Count - closed.Keys.FirstKey);
                        built = closed.Keys.IsMapping ? Mapping(closed.Span, closed.FirstChild) : Sequence(closed.Span, closed.FirstChild);
                        NoteTag(built, closed.Tag);

                        break;
                    case YamlDotNet.Core.Events.Scalar scalar:
                        if (open.Count == 0 && documentHasNode)
                        {
                            return false;
                        }

                        documentHasNode = true;
                        built = Scalar(scalar.Value, scalar.Style, Counted(Trim(SpanAt(source, scalar.Start, scalar.End)), open.Count));
                        NoteTag(built, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);

                        key = scalar.Value;
                        break;
                    default:
                        // An alias (built again from its anchor's events, which are not kept here) or an event the
                        // recorded reading decides.
                        return false;
                }

                if (open.Count == 0)
                {
                    root = built;
                    continue;
                }

                var parent = open[^1];
                if (parent.Keys.IsMapping)
                {
                    if (parent.Keys.AtKey)
                    {
                        // Only a scalar gets here at a key (a collection there was refused at its start).
                        if (!parent.Keys.AddKey(keys, key!))
                        {
                            return false;
                        }

                        parent.PendingKey = (YamlScalarSyntax)built;
                    }
                    else
                    {
                        _entries.Add(new YamlEntrySyntax(parent.PendingKey!, built));
                    }

                    parent.Keys.AtKey = !parent.Keys.AtKey;
                    open[^1] = parent;
                }
                else
                {
                    _items.Add(built);
                }
            }

            return documents <= 1 && open.Count == 0;
        }

        /// <summary>The node whose event is at <paramref name="index"/>, as <see cref="Convert"/> converts the model's node.</summary>
        /// <param name="events">The event stream.</param>
        /// <param name="aliasTargets">The node each alias refers to.</param>
        /// <param name="index">The node's first event.</param>
        /// <param name="depth">Its nesting depth.</param>
        /// <param name="next">The event after the node's last.</param>
        public YamlNodeSyntax Build(List<YamlDotNet.Core.Events.ParsingEvent> events, Dictionary<int, int>? aliasTargets, int index, int depth, out int next)
        {
            if (events[index] is YamlDotNet.Core.Events.AnchorAlias)
            {
                // The node it refers to, converted again at this depth (and counted again), as the model has it.
                next = index + 1;
                return Build(events, aliasTargets, aliasTargets![index], depth, out _);
            }

            var node = events[index];
            next = index;
            var built = BuildNode(events, aliasTargets, node, depth, ref next);
            NoteTag(built, node is YamlDotNet.Core.Events.NodeEvent { Tag.IsEmpty: false } tagged ? tagged.Tag.Value : null);

            return built;
        }

        private YamlNodeSyntax BuildNode(List<YamlDotNet.Core.Events.ParsingEvent> events, Dictionary<int, int>? aliasTargets, YamlDotNet.Core.Events.ParsingEvent node, int depth, ref int next)
        {
            var span = Counted(Trim(SpanAt(source, node.Start, node.End)), depth);
            next++;
            switch (node)
            {
                case YamlDotNet.Core.Events.SequenceStart:
                    int firstItem = _items.Count;
                    while (events[next] is not YamlDotNet.Core.Events.SequenceEnd)
                    {
                        _items.Add(Build(events, aliasTargets, next, depth + 1, out next));
                    }

                    next++;
                    return Sequence(span, firstItem);
                case YamlDotNet.Core.Events.MappingStart:
                    int firstEntry = _entries.Count;
                    while (events[next] is not YamlDotNet.Core.Events.MappingEnd)
                    {
                        var key = (YamlScalarSyntax)Build(events, aliasTargets, next, depth + 1, out next);
                        _entries.Add(new YamlEntrySyntax(key, Build(events, aliasTargets, next, depth + 1, out next)));
                    }

                    next++;
                    return Mapping(span, firstEntry);
                case YamlDotNet.Core.Events.Scalar scalar:
                    return Scalar(scalar.Value, scalar.Style, span);
                default:
                    // CanBuildFromEvents lets no other event through.
                    throw new InvalidOperationException("Not a node event: " + node);
            }
        }

        /// <summary>Converts a node of YamlDotNet's representation model.</summary>
        public YamlNodeSyntax Convert(YamlNode node, int depth)
        {
            var converted = ConvertNode(node, depth);
            NoteTag(converted, node.Tag.IsEmpty ? null : node.Tag.Value);

            return converted;
        }

        private YamlNodeSyntax ConvertNode(YamlNode node, int depth)
        {
            var span = Counted(Trim(SpanAt(source, node.Start, node.End)), depth);
            switch (node)
            {
                case YamlScalarNode scalar:
                    return Scalar(scalar.Value, scalar.Style, span);
                case YamlSequenceNode sequence:
                    var items = sequence.Children.Select(c => Convert(c, depth + 1)).ToImmutableArray();
                    return new YamlSequenceSyntax(items, Cover(span, items.AsSpan()));
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
                    return new YamlMappingSyntax(built, Cover(span, built.AsSpan()));
                default:
                    return new YamlScalarSyntax(string.Empty, isPlain: true, span);
            }
        }

        // A collection whose children were built into the shared lists from `first` on, taken off them as its own.
        private YamlSequenceSyntax Sequence(TextSpan span, int first)
        {
            var items = TakeFrom(_items, first);
            return new YamlSequenceSyntax(ImmutableCollectionsMarshal.AsImmutableArray(items), Cover<YamlNodeSyntax>(span, items));
        }

        private YamlMappingSyntax Mapping(TextSpan span, int first)
        {
            var entries = TakeFrom(_entries, first);
            return new YamlMappingSyntax(ImmutableCollectionsMarshal.AsImmutableArray(entries), Cover<YamlEntrySyntax>(span, entries));
        }

        // Keeps a node's explicit tag, if it has one; the table is made for the first.
        private void NoteTag(YamlNodeSyntax node, string? tag)
        {
            if (tag is not null)
            {
                (Tags ??= new(ReferenceEqualityComparer.Instance))[node] = tag;
            }
        }

        // Counts a node at this depth against the limits.
        private TextSpan Counted(TextSpan span, int depth)
        {
            if (++_nodes > limits.MaxNodes)
            {
                throw new LimitExceededException($"The YAML document expands to more than {limits.MaxNodes} nodes (aliases included); it was not read further.", span);
            }

            if (depth > limits.MaxDepth)
            {
                throw new LimitExceededException($"The YAML document nests deeper than {limits.MaxDepth} levels; it was not read further.", span);
            }

            return span;
        }

        // YamlDotNet's end mark of a block collection is where the next token starts, which can lie before or
        // after the last child; a collection's span is therefore taken to end where its last child ends.
        // (Every way of building a tree, from the events as read or as recorded and from the model, takes its
        // collections' spans from here.)
        private static TextSpan Cover<T>(TextSpan own, ReadOnlySpan<T> children)
            where T : SyntaxNode
        {
            int end = own.Start;
            foreach (var child in children)
            {
                end = Math.Max(end, child.Span.End);
            }

            return children.IsEmpty ? own : TextSpan.FromBounds(own.Start, end);
        }

        // A scalar node, from the events or from the model. Its value is pooled: a descriptor writes the same keys and
        // values ("hosts", "role", "true", a provider's name) in every entry, and the trees live to the end of the scan.
        private static YamlScalarSyntax Scalar(string? value, ScalarStyle style, TextSpan span) =>
            new(value is null ? string.Empty : StringPool.Token(value), style is ScalarStyle.Plain or ScalarStyle.Any, span);

        // The children a collection added to the shared list from `first` on, taken off it as the collection's array.
        private static T[] TakeFrom<T>(List<T> list, int first)
        {
            var taken = new T[list.Count - first];
            list.CopyTo(first, taken, 0, taken.Length);
            list.RemoveRange(first, taken.Length);
            return taken;
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

    /// <summary>A collection open in <see cref="Builder.TryBuildStreamed"/>: its keys so far, its span, where its children start in the builder's shared list, its tag, and the key waiting for its value.</summary>
    private struct StreamedCollection(OpenCollection keys, TextSpan span, int firstChild, string? tag)
    {
        public OpenCollection Keys = keys;
        public readonly TextSpan Span = span;
        public readonly int FirstChild = firstChild;
        public readonly string? Tag = tag;
        public YamlScalarSyntax? PendingKey;
    }

    /// <summary>
    /// A collection open in <see cref="Builder.CanBuildFromEvents"/>. A mapping's keys so far are those of the list shared
    /// by all open mappings from <see cref="FirstKey"/> on (and, past a few, in a set of its own).
    /// </summary>
    private struct OpenCollection(bool isMapping, int firstKey)
    {
        // Up to this many keys, a mapping's keys are compared one by one; past it they go into a set.
        private const int KeysComparedOneByOne = 16;

        public readonly bool IsMapping = isMapping;
        public readonly int FirstKey = firstKey;
        public bool AtKey = true;
        private HashSet<string>? _set;

        /// <summary>Adds a key's value; false when the mapping has it already.</summary>
        public bool AddKey(List<string> keys, string key)
        {
            int count = keys.Count - FirstKey;
            if (_set is null && count < KeysComparedOneByOne)
            {
                for (int i = FirstKey; i < keys.Count; i++)
                {
                    if (string.Equals(keys[i], key, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }
            else
            {
                _set ??= new HashSet<string>(keys.GetRange(FirstKey, count), StringComparer.Ordinal);
                if (!_set.Add(key))
                {
                    return false;
                }
            }

            keys.Add(key);
            return true;
        }
    }
}
