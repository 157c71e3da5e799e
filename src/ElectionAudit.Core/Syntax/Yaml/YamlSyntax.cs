using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Yaml;

/// <summary>A node of a YAML document with its exact span. Aliases appear as the anchored node they refer to.</summary>
public abstract class YamlNodeSyntax : SyntaxNode
{
    private protected YamlNodeSyntax(TextSpan span)
    {
        Span = span;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>A short name of the node kind for messages: mapping, sequence, scalar.</summary>
    public abstract string KindName { get; }

    // A scalar has no children; mappings and sequences give theirs by index.
    internal override int IndexedChildCount => 0;
}

/// <summary>A scalar. <see cref="Value"/> is the scalar's content after YAML unescaping.</summary>
public sealed class YamlScalarSyntax : YamlNodeSyntax
{
    internal YamlScalarSyntax(string value, bool isPlain, TextSpan span)
        : base(span)
    {
        Value = value;
        IsPlain = isPlain;
    }

    /// <summary>The content.</summary>
    public string Value { get; }

    /// <summary>Whether the scalar was written without quotes or block style (so <c>null</c>, <c>~</c> and empty mean null).</summary>
    public bool IsPlain { get; }

    /// <summary>Whether this is YAML's null (a plain <c>null</c>, <c>Null</c>, <c>NULL</c>, <c>~</c> or nothing).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string KindName => "scalar";
}

/// <summary>One <c>key: value</c> pair of a mapping.</summary>
public sealed class YamlEntrySyntax : SyntaxNode
{
    internal YamlEntrySyntax(YamlScalarSyntax key, YamlNodeSyntax value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key (keys that are not scalars are reported as EA0002 and left out).</summary>
    public YamlScalarSyntax Key { get; }

    /// <summary>The value.</summary>
    public YamlNodeSyntax Value { get; }

    /// <inheritdoc />
    public override TextSpan Span => TextSpan.FromBounds(Key.Span.Start, Math.Max(Key.Span.End, Value.Span.End));

    /// <inheritdoc />
    /// <remarks>One small object per call: every walk over a tree asks each entry for its children, and the two-element
    /// array with its read-only wrapper that a collection expression makes was two.</remarks>
    public override IEnumerable<SyntaxNode> ChildNodes() => new KeyAndValue(this);

    // The scan's own walks take the two by index, with no object at all.
    internal override int IndexedChildCount => 2;

    internal override SyntaxNode ChildAt(int index) => index == 0 ? Key : Value;

    /// <summary>An entry's key and value as a list.</summary>
    private sealed class KeyAndValue(YamlEntrySyntax entry) : IReadOnlyList<SyntaxNode>
    {
        public int Count => 2;

        public SyntaxNode this[int index] => index switch
        {
            0 => entry.Key,
            1 => entry.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<SyntaxNode> GetEnumerator()
        {
            yield return entry.Key;
            yield return entry.Value;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>A mapping, keys in document order.</summary>
public sealed class YamlMappingSyntax : YamlNodeSyntax
{
    internal YamlMappingSyntax(ImmutableArray<YamlEntrySyntax> entries, TextSpan span)
        : base(span)
    {
        Entries = entries;
    }

    /// <summary>The entries.</summary>
    public ImmutableArray<YamlEntrySyntax> Entries { get; }

    /// <summary>The entry with key <paramref name="key"/> (the first, when a key repeats), or null.</summary>
    public YamlEntrySyntax? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string KindName => "mapping";

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Entries;

    internal override int IndexedChildCount => Entries.Length;

    internal override SyntaxNode ChildAt(int index) => Entries[index];
}

/// <summary>A sequence.</summary>
public sealed class YamlSequenceSyntax : YamlNodeSyntax
{
    internal YamlSequenceSyntax(ImmutableArray<YamlNodeSyntax> items, TextSpan span)
        : base(span)
    {
        Items = items;
    }

    /// <summary>The items.</summary>
    public ImmutableArray<YamlNodeSyntax> Items { get; }

    /// <inheritdoc />
    public override string KindName => "sequence";

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Items;

    internal override int IndexedChildCount => Items.Length;

    internal override SyntaxNode ChildAt(int index) => Items[index];
}

/// <summary>The root of a YAML file: the first document's root node, or nothing for an empty file.</summary>
public sealed class YamlDocumentSyntax : SyntaxNode
{
    internal YamlDocumentSyntax(YamlNodeSyntax? root, TextSpan span)
    {
        Root = root;
        Span = span;
    }

    /// <summary>The document's root node; null for an empty document or when it could not be parsed.</summary>
    public YamlNodeSyntax? Root { get; }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Root is null ? [] : [Root];

    internal override int IndexedChildCount => Root is null ? 0 : 1;

    internal override SyntaxNode ChildAt(int index) => Root!;
}

/// <summary>A YAML file parsed for one of the YAML-based formats (descriptor, configuration, borgmatic ...).</summary>
public sealed class YamlSyntaxTree : SyntaxTree
{
    /// <param name="source">The file.</param>
    /// <param name="format">The format it was read as.</param>
    /// <param name="root">The document.</param>
    /// <param name="diagnostics">The problems found reading it.</param>
    /// <param name="commentSpans">The comments when the parser found them while reading; default to scan for them when first asked.</param>
    internal YamlSyntaxTree(SourceText source, InputFormat format, YamlDocumentSyntax root, ImmutableArray<SyntaxDiagnostic> diagnostics, ImmutableArray<TextSpan> commentSpans = default)
        : base(source, root, diagnostics)
    {
        Format = format;
        _commentSpans = commentSpans;
    }

    /// <inheritdoc />
    public override InputFormat Format { get; }

    /// <summary>The document.</summary>
    public YamlDocumentSyntax Document => (YamlDocumentSyntax)Root;

    /// <summary>A tree with the same nodes (moved to the new tree) and more diagnostics, for schema validation after parsing.</summary>
    public YamlSyntaxTree WithDiagnostics(IEnumerable<SyntaxDiagnostic> more) =>
        new(Source, Format, Document, Diagnostics.AddRange(more), _commentSpans) { Tags = Tags, IncludedTrees = IncludedTrees };

    /// <summary>
    /// The explicit tag written on <paramref name="node"/> (a local tag as written, <c>!include</c>; a standard one in
    /// full, <c>tag:yaml.org,2002:str</c> for <c>!!str</c>), or null when it has none. A node an alias repeats has its anchor's tag.
    /// </summary>
    public string? GetTag(YamlNodeSyntax node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Tags is not null && Tags.TryGetValue(node, out var tag) ? tag : null;
    }

    /// <summary>
    /// The files this file's <c>!include</c> tags name, by the scalar that names each, as the loader found them (borgmatic
    /// includes, whose targets are read as borgmatic YAML). Empty for other formats, and without the includes that could not be found.
    /// </summary>
    public IReadOnlyDictionary<YamlScalarSyntax, YamlSyntaxTree> IncludedTrees { get; internal set; } = NoIncludes;

    // Tags are rare: most trees have none and keep no table.
    internal Dictionary<YamlNodeSyntax, string>? Tags { get; init; }

    private static readonly IReadOnlyDictionary<YamlScalarSyntax, YamlSyntaxTree> NoIncludes = new Dictionary<YamlScalarSyntax, YamlSyntaxTree>();

    /// <summary>The document's root mapping, or null when the document is empty or not a mapping.</summary>
    public YamlMappingSyntax? RootMapping => Document.Root as YamlMappingSyntax;

    /// <inheritdoc />
    /// <remarks>
    /// YamlDotNet's representation model drops comments, so they are found with its scanner: while the file is parsed,
    /// or, when that parse could not collect them (a file with a syntax error), by a scan on first use.
    /// </remarks>
    public override ImmutableArray<TextSpan> CommentSpans
    {
        get
        {
            if (_commentSpans.IsDefault)
            {
                _commentSpans = YamlParser.ScanComments(Source);
            }

            return _commentSpans;
        }
    }

    private ImmutableArray<TextSpan> _commentSpans;
}
