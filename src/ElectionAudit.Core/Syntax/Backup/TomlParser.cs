using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;
using Tomlyn.Parsing;
using TomlSyntax = Tomlyn.Syntax;

namespace ElectionAudit.Syntax.Backup;

/// <summary>
/// A TOML file read into the same mapping / sequence / scalar nodes as YAML (<see cref="YamlMappingSyntax"/> and friends), so a
/// format that may be written in either (resticprofile) is read by one reader. Tables become mappings, arrays become sequences,
/// values become scalars (strings keep <see cref="YamlScalarSyntax.IsPlain"/> false, so a TOML string "null" is never null).
/// </summary>
public sealed class TomlSyntaxTree : SyntaxTree
{
    internal TomlSyntaxTree(SourceText source, InputFormat format, YamlDocumentSyntax root, ImmutableArray<SyntaxDiagnostic> diagnostics, ImmutableArray<TextSpan> commentSpans)
        : base(source, root, diagnostics)
    {
        Format = format;
        CommentSpans = commentSpans;
    }

    /// <inheritdoc />
    public override InputFormat Format { get; }

    /// <inheritdoc />
    /// <remarks>Taken from the comment trivia of Tomlyn's lossless tree, so a <c>#</c> inside a string is no comment.</remarks>
    public override ImmutableArray<TextSpan> CommentSpans { get; }

    /// <summary>The document: its root is the top-level table as a mapping (null when nothing could be read).</summary>
    public YamlDocumentSyntax Document => (YamlDocumentSyntax)Root;

    /// <summary>The top-level table.</summary>
    public YamlMappingSyntax? RootMapping => Document.Root as YamlMappingSyntax;
}

/// <summary>Parses TOML with Tomlyn's lossless syntax parser and converts it, spans kept, to <see cref="TomlSyntaxTree"/>. Never throws.</summary>
public static class TomlParser
{
    /// <summary>Parses <paramref name="source"/> as a TOML file of the given format.</summary>
    public static TomlSyntaxTree Parse(SourceText source, InputFormat format)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new TomlSyntaxTree(source, format, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), [BinaryContent.Diagnostic(source, nul, format)], []);
        }

        var diagnostics = ImmutableArray.CreateBuilder<SyntaxDiagnostic>();
        YamlMappingSyntax? root = null;
        var comments = ImmutableArray<TextSpan>.Empty;
        try
        {
            var document = SyntaxParser.Parse(source.Text, source.Path, false);
            comments = Comments(source, document);
            foreach (var message in document.Diagnostics)
            {
                if (message.Kind == TomlSyntax.DiagnosticMessageKind.Error)
                {
                    var span = Clamp(source, message.Span.Start.Offset, message.Span.End.Offset + 1);
                    diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(span), "TOML syntax error: " + message.Message, "toml-syntax"));
                }
            }

            root = new Converter(source, diagnostics).Convert(document);
        }
        catch (Tomlyn.TomlException ex) when (ex.Message.Contains("maximum depth", StringComparison.Ordinal))
        {
            // Tomlyn's own text tells a programmer to raise TomlSerializerOptions.MaxDepth (64), which a user cannot.
            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(0, 0)), "TOML could not be read: arrays and inline tables nest deeper than 64 levels, the most the TOML reader accepts; the file was not read.", "toml-depth"));
            root = null;
        }
#pragma warning disable CA1031 // A parser must never throw (preamble); whatever the TOML library throws becomes EA0002.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(new TextSpan(0, 0)), "TOML could not be read: " + ex.Message, "toml-failure"));
            root = null;
        }

        return new TomlSyntaxTree(source, format, new YamlDocumentSyntax(root, new TextSpan(0, source.Length)), diagnostics.ToImmutable(), comments);
    }

    /// <summary>The spans of the document's comments, <c>#</c> included, in source order.</summary>
    private static ImmutableArray<TextSpan> Comments(SourceText source, TomlSyntax.DocumentSyntax document)
    {
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        foreach (var item in TomlSyntax.SyntaxNodeExtensions.Tokens(document, includeCommentsAndWhitespaces: true))
        {
            if (item is TomlSyntax.SyntaxTrivia { Kind: TomlSyntax.TokenKind.Comment } comment)
            {
                // Tomlyn's span ends at the comment's last character (inclusive), as its diagnostics' spans do.
                spans.Add(Clamp(source, comment.Span.Start.Offset, comment.Span.End.Offset + 1));
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return spans.ToImmutable();
    }

    private static TextSpan Clamp(SourceText source, int start, int end)
    {
        int s = Math.Clamp(start, 0, source.Length);
        int e = Math.Clamp(end, s, source.Length);
        return TextSpan.FromBounds(s, e);
    }

    /// <summary>A table being assembled: TOML lets <c>[a.b]</c> add to <c>a</c> after <c>[a]</c>, so mappings stay open until the end.</summary>
    private sealed class Table(TextSpan span)
    {
        public TextSpan Span { get; set; } = span;

        public List<(string Key, TextSpan KeySpan, object Value)> Entries { get; } = [];

        public object? Find(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;
    }

    private sealed class Converter(SourceText source, ImmutableArray<SyntaxDiagnostic>.Builder diagnostics)
    {
        public YamlMappingSyntax Convert(TomlSyntax.DocumentSyntax document)
        {
            var top = new Table(new TextSpan(0, source.Length));
            foreach (var keyValue in document.KeyValues)
            {
                AddKeyValue(top, keyValue);
            }

            foreach (var table in document.Tables)
            {
                if (table.Name is null)
                {
                    continue;
                }

                var segments = Segments(table.Name);
                if (segments.Count == 0)
                {
                    continue;
                }

                var headerSpan = SpanOf(table);
                var parent = Descend(top, segments.Take(segments.Count - 1), headerSpan);
                if (parent is null)
                {
                    continue;
                }

                var (name, nameSpan) = segments[^1];
                Table target;
                if (table is TomlSyntax.TableArraySyntax)
                {
                    var list = parent.Find(name) as List<object>;
                    if (list is null)
                    {
                        list = [];
                        parent.Entries.Add((name, nameSpan, list));
                    }

                    target = new Table(headerSpan);
                    list.Add(target);
                }
                else if (parent.Find(name) is Table existing)
                {
                    target = existing;
                    target.Span = Cover(target.Span, headerSpan);
                }
                else
                {
                    target = new Table(headerSpan);
                    parent.Entries.Add((name, nameSpan, target));
                }

                foreach (var keyValue in table.Items)
                {
                    AddKeyValue(target, keyValue);
                }
            }

            return (YamlMappingSyntax)Freeze(top);
        }

        private Table? Descend(Table from, IEnumerable<(string Key, TextSpan Span)> path, TextSpan span)
        {
            var current = from;
            foreach (var (key, keySpan) in path)
            {
                switch (current.Find(key))
                {
                    case Table table:
                        current = table;
                        break;
                    case List<object> { Count: > 0 } list when list[^1] is Table last:
                        current = last;
                        break;
                    case null:
                        var created = new Table(span);
                        current.Entries.Add((key, keySpan, created));
                        current = created;
                        break;
                    default:
                        diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(keySpan), $"TOML key '{key}' is already a value; it cannot also be a table.", "toml-redefined"));
                        return null;
                }
            }

            return current;
        }

        private void AddKeyValue(Table table, TomlSyntax.KeyValueSyntax keyValue)
        {
            if (keyValue.Key is null || keyValue.Value is null)
            {
                return;
            }

            var segments = Segments(keyValue.Key);
            if (segments.Count == 0)
            {
                return;
            }

            var parent = Descend(table, segments.Take(segments.Count - 1), SpanOf(keyValue));
            if (parent is null)
            {
                return;
            }

            var (name, nameSpan) = segments[^1];
            if (parent.Find(name) is not null)
            {
                diagnostics.Add(new SyntaxDiagnostic("EA0002", source.GetLocation(nameSpan), $"TOML key '{name}' is defined twice; the first definition is used.", "toml-duplicate"));
                return;
            }

            parent.Entries.Add((name, nameSpan, ConvertValue(keyValue.Value)));
        }

        private object ConvertValue(TomlSyntax.ValueSyntax value)
        {
            var span = SpanOf(value);
            switch (value)
            {
                case TomlSyntax.StringValueSyntax text:
                    return new YamlScalarSyntax(text.Value ?? string.Empty, isPlain: false, span);
                case TomlSyntax.BooleanValueSyntax boolean:
                    return new YamlScalarSyntax(boolean.Value ? "true" : "false", isPlain: true, span);
                case TomlSyntax.IntegerValueSyntax integer:
                    return new YamlScalarSyntax(integer.Value.ToString(CultureInfo.InvariantCulture), isPlain: true, span);
                case TomlSyntax.ArraySyntax array:
                    var items = new List<object>();
                    foreach (var item in array.Items)
                    {
                        if (item.Value is { } itemValue)
                        {
                            items.Add(ConvertValue(itemValue));
                        }
                    }

                    return new Sequence(items, span);
                case TomlSyntax.InlineTableSyntax inline:
                    var table = new Table(span);
                    foreach (var item in inline.Items)
                    {
                        if (item.KeyValue is { } keyValue)
                        {
                            AddKeyValue(table, keyValue);
                        }
                    }

                    return table;
                default:
                    // Floats and dates: kept as their source text.
                    return new YamlScalarSyntax(source.ToString(span), isPlain: true, span);
            }
        }

        private YamlNodeSyntax Freeze(object value) => value switch
        {
            Table table => new YamlMappingSyntax(
                [.. table.Entries.Select(e => new YamlEntrySyntax(new YamlScalarSyntax(e.Key, isPlain: false, e.KeySpan), Freeze(e.Value)))],
                table.Span),
            Sequence sequence => new YamlSequenceSyntax([.. sequence.Items.Select(Freeze)], sequence.Span),
            List<object> tables => new YamlSequenceSyntax([.. tables.Select(Freeze)], tables.Count == 0 ? default : tables.Cast<Table>().Select(t => t.Span).Aggregate(Cover)),
            YamlNodeSyntax node => node,
            _ => throw new InvalidOperationException("Unexpected TOML value."),
        };

        private List<(string Key, TextSpan Span)> Segments(TomlSyntax.KeySyntax key)
        {
            var segments = new List<(string, TextSpan)>();
            if (key.Key is { } first)
            {
                segments.Add((KeyText(first), SpanOf(first)));
            }

            foreach (var dotted in key.DotKeys)
            {
                if (dotted.Key is { } part)
                {
                    segments.Add((KeyText(part), SpanOf(part)));
                }
            }

            return segments;
        }

        private string KeyText(TomlSyntax.SyntaxNode key) => key switch
        {
            TomlSyntax.BareKeySyntax bare => bare.Key?.Text ?? source.ToString(SpanOf(bare)),
            TomlSyntax.StringValueSyntax quoted => quoted.Value ?? string.Empty,
            _ => source.ToString(SpanOf(key)),
        };

        private TextSpan SpanOf(TomlSyntax.SyntaxNodeBase node) => Clamp(source, node.Span.Start.Offset, node.Span.End.Offset + 1);

        private static TextSpan Cover(TextSpan a, TextSpan b) => TextSpan.FromBounds(Math.Min(a.Start, b.Start), Math.Max(a.End, b.End));
    }

    private sealed record Sequence(List<object> Items, TextSpan Span);
}
