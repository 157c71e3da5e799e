using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>One word, quoted string or <c>!</c> of a named.conf statement.</summary>
/// <param name="Text">The value with quotes removed (escapes resolved).</param>
/// <param name="Span">Where it is written, quotes included.</param>
/// <param name="IsQuoted">Whether it was a quoted string.</param>
public sealed record NamedConfValue(string Text, TextSpan Span, bool IsQuoted)
{
    /// <inheritdoc />
    public override string ToString() => IsQuoted ? "\"" + Text + "\"" : Text;
}

/// <summary>The root of a named.conf tree: its top-level statements.</summary>
public sealed class NamedConfFileSyntax : SyntaxNode
{
    internal NamedConfFileSyntax(TextSpan span, ImmutableArray<NamedConfStatementSyntax> statements)
    {
        Span = span;
        Statements = statements;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>Top-level statements in source order.</summary>
    public ImmutableArray<NamedConfStatementSyntax> Statements { get; }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Statements;

    internal override int IndexedChildCount => Statements.Length;

    internal override SyntaxNode ChildAt(int index) => Statements[index];
}

/// <summary>
/// A statement in BIND's generic grammar: values (words and strings), an optional <c>{ ... }</c> block of statements,
/// and a terminating <c>;</c>. Address-match-list elements are statements too (<c>key "x";</c>, <c>! 10.0.0.1;</c>,
/// <c>{ ... };</c>).
/// </summary>
public sealed class NamedConfStatementSyntax : SyntaxNode
{
    internal NamedConfStatementSyntax(TextSpan span, ImmutableArray<NamedConfValue> values, TextSpan? openBraceSpan, TextSpan? closeBraceSpan, ImmutableArray<NamedConfStatementSyntax>? block, TextSpan? semicolonSpan)
    {
        Span = span;
        Values = values;
        OpenBraceSpan = openBraceSpan;
        CloseBraceSpan = closeBraceSpan;
        Block = block;
        SemicolonSpan = semicolonSpan;
    }

    /// <summary>From the first value (or brace) to the <c>;</c> (or the last token when the <c>;</c> is missing).</summary>
    public override TextSpan Span { get; }

    /// <summary>The values before the block, in order.</summary>
    public ImmutableArray<NamedConfValue> Values { get; }

    /// <summary>The first value, lower-cased: the statement's keyword (empty for a nested list).</summary>
    public string Keyword => Values.IsEmpty ? string.Empty : Values[0].Text.ToLowerInvariant();

    /// <summary>Where the block opens, when there is one.</summary>
    public TextSpan? OpenBraceSpan { get; }

    /// <summary>Where the block closes; null when it is never closed.</summary>
    public TextSpan? CloseBraceSpan { get; }

    /// <summary>The statements inside the block; null when the statement has no block.</summary>
    public ImmutableArray<NamedConfStatementSyntax>? Block { get; }

    /// <summary>Where the <c>;</c> is; null when it is missing (reported as EA0002).</summary>
    public TextSpan? SemicolonSpan { get; }

    /// <summary>The first statement in the block with this keyword (case-insensitive), if any.</summary>
    public NamedConfStatementSyntax? Find(string keyword) => Block?.FirstOrDefault(statement => statement.Keyword.Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Block is { } block ? block : [];

    internal override int IndexedChildCount => Block?.Length ?? 0;

    internal override SyntaxNode ChildAt(int index) => Block!.Value[index];

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Values) + (Block is null ? ";" : " { ... };");
}

/// <summary>A comment (<c>//</c>, <c>#</c> or <c>/* */</c>), kept as trivia for inline suppressions.</summary>
/// <param name="Span">The whole comment.</param>
/// <param name="Text">The comment text including its markers.</param>
public sealed record NamedConfComment(TextSpan Span, string Text);

/// <summary>The syntax tree of one named.conf file (includes are separate trees, see <see cref="NamedConfLoader"/>).</summary>
public sealed class NamedConfSyntaxTree : SyntaxTree
{
    internal NamedConfSyntaxTree(SourceText source, NamedConfFileSyntax root, ImmutableArray<NamedConfComment> comments, ImmutableArray<SyntaxDiagnostic> diagnostics)
        : base(source, root, diagnostics)
    {
        Comments = comments;
    }

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.NamedConf;

    /// <summary>The root node.</summary>
    public new NamedConfFileSyntax Root => (NamedConfFileSyntax)base.Root;

    /// <summary>Comments in source order.</summary>
    public ImmutableArray<NamedConfComment> Comments { get; }

    /// <inheritdoc />
    public override ImmutableArray<TextSpan> CommentSpans => [.. Comments.Select(c => c.Span)];

    /// <summary>The <c>zone</c> statements at top level and inside <c>view</c> blocks, with typed accessors.</summary>
    public IEnumerable<NamedConfZone> Zones =>
        Root.Statements.SelectMany(statement => statement.Keyword == "view" && statement.Block is { } block ? block : [statement])
            .Where(statement => statement.Keyword == "zone")
            .Select(statement => new NamedConfZone(statement));
}
