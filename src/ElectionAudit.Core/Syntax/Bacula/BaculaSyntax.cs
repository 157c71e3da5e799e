using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>What a token of a Bacula directive's value is, as Bacula's lexer (<c>src/lib/lex.c</c>) classifies it.</summary>
public enum BaculaTokenKind
{
    /// <summary>
    /// A word of letters. Bacula's lexer skips blanks inside such a word, so <c>Maximum Concurrent Jobs</c> and
    /// <c>Foo Bar</c> are one token each (<c>MaximumConcurrentJobs</c>, <c>FooBar</c>); a digit or other character after it
    /// turns it into an <see cref="UnquotedString"/>.
    /// </summary>
    Identifier,

    /// <summary>Digits only.</summary>
    Number,

    /// <summary>Any other run of characters up to a blank, <c>=</c>, <c>,</c>, <c>;</c>, <c>{</c>, <c>}</c>, <c>#</c> or the line's end.</summary>
    UnquotedString,

    /// <summary>A string in double quotes, with backslash escapes resolved.</summary>
    QuotedString,

    /// <summary>An <c>=</c> inside a value (as in <c>Run = Level=Full …</c>).</summary>
    EqualsSign,

    /// <summary>A <c>,</c> between the items of a list.</summary>
    Comma,
}

/// <summary>One token of a directive's value.</summary>
/// <param name="Text">The token as Bacula reads it: quotes removed and escapes resolved, blanks inside an identifier dropped.</param>
/// <param name="Span">Where it is written, quotes included.</param>
/// <param name="Kind">What kind of token it is.</param>
public sealed record BaculaToken(string Text, TextSpan Span, BaculaTokenKind Kind)
{
    /// <inheritdoc />
    public override string ToString() => Kind == BaculaTokenKind.QuotedString ? "\"" + Text + "\"" : Text;
}

/// <summary>A statement of a Bacula file: a directive or resource (<see cref="BaculaItemSyntax"/>) or an include (<see cref="BaculaIncludeSyntax"/>).</summary>
public abstract class BaculaStatementSyntax : SyntaxNode
{
    private protected BaculaStatementSyntax()
    {
    }

    // An include has no children; an item with a block gives them by index.
    internal override int IndexedChildCount => 0;
}

/// <summary>The root of a Bacula tree: the file's statements.</summary>
public sealed class BaculaFileSyntax : SyntaxNode
{
    internal BaculaFileSyntax(TextSpan span, ImmutableArray<BaculaStatementSyntax> statements)
    {
        Span = span;
        Statements = statements;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>Top-level statements in source order: resources in a daemon's main file, directives too in a file included inside a resource.</summary>
    public ImmutableArray<BaculaStatementSyntax> Statements { get; }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Statements;

    internal override int IndexedChildCount => Statements.Length;

    internal override SyntaxNode ChildAt(int index) => Statements[index];
}

/// <summary>
/// A keyword with a value (<c>Volume Retention = 30 days</c>) or with a block: a resource (<c>Job { … }</c>) or a block
/// inside one (<c>Include { … }</c>, <c>RunScript { … }</c>). Keywords are matched as Bacula matches them: case-insensitively,
/// blanks inside them ignored (<see cref="Is"/>).
/// </summary>
public sealed class BaculaItemSyntax : BaculaStatementSyntax
{
    internal BaculaItemSyntax(string keyword, TextSpan keywordSpan, TextSpan? equalsSpan, ImmutableArray<BaculaToken> values, TextSpan? openBraceSpan, TextSpan? closeBraceSpan, ImmutableArray<BaculaStatementSyntax>? block, TextSpan span)
    {
        Keyword = keyword;
        KeywordSpan = keywordSpan;
        EqualsSpan = equalsSpan;
        Values = values;
        OpenBraceSpan = openBraceSpan;
        CloseBraceSpan = closeBraceSpan;
        Block = block;
        Span = span;
    }

    /// <summary>The keyword as Bacula reads it: its letters, without the blanks between its words (<c>VolumeRetention</c>).</summary>
    public string Keyword { get; }

    /// <summary>Where the keyword is written.</summary>
    public TextSpan KeywordSpan { get; }

    /// <summary>Where the <c>=</c> after the keyword is; null for a block written without one (<c>Job {</c>).</summary>
    public TextSpan? EqualsSpan { get; }

    /// <summary>The value's tokens up to the end of the line (or <c>;</c>), in order; empty for a block.</summary>
    public ImmutableArray<BaculaToken> Values { get; }

    /// <summary>From the value's first token to its last; null when there is none.</summary>
    public TextSpan? ValueSpan => Values.IsEmpty ? null : TextSpan.FromBounds(Values[0].Span.Start, Values[^1].Span.End);

    /// <summary>Where the block opens, for a resource or a nested block.</summary>
    public TextSpan? OpenBraceSpan { get; }

    /// <summary>Where the block closes; null when it is never closed (reported as EA0002).</summary>
    public TextSpan? CloseBraceSpan { get; }

    /// <summary>The block's statements; null for a directive with a value.</summary>
    public ImmutableArray<BaculaStatementSyntax>? Block { get; }

    /// <summary>From the keyword to the value's last token or the closing brace.</summary>
    public override TextSpan Span { get; }

    /// <summary>The value as a single-valued directive takes it: its first token's text (null when it has none).</summary>
    public string? Text => Values.IsEmpty ? null : Values[0].Text;

    /// <summary>Whether the keyword is <paramref name="keyword"/>, compared as Bacula compares keywords (case-insensitive, blanks ignored).</summary>
    public bool Is(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return KeywordEquals(Keyword, keyword);
    }

    internal static bool KeywordEquals(string keyword, string other) => string.Equals(keyword, NormalizeKeyword(other), StringComparison.OrdinalIgnoreCase);

    /// <summary>A keyword as written in code (<c>Volume Retention</c>) in the form the parser keeps (<c>VolumeRetention</c>).</summary>
    internal static string NormalizeKeyword(string keyword) =>
        keyword.Contains(' ', StringComparison.Ordinal) ? keyword.Replace(" ", string.Empty, StringComparison.Ordinal) : keyword;

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Block is { } block ? block : [];

    internal override int IndexedChildCount => Block?.Length ?? 0;

    internal override SyntaxNode ChildAt(int index) => Block!.Value[index];

    /// <inheritdoc />
    public override string ToString() => Block is null ? Keyword + " = " + string.Join(' ', Values) : Keyword + " { … }";
}

/// <summary>
/// An include: <c>@/etc/bacula/jobs.conf</c> stands for that file's text (Bacula's lexer reads it in place), and
/// <c>@|"command"</c> for what the command prints.
/// </summary>
public sealed class BaculaIncludeSyntax : BaculaStatementSyntax
{
    internal BaculaIncludeSyntax(string path, TextSpan pathSpan, TextSpan span)
    {
        Path = path;
        PathSpan = pathSpan;
        Span = span;
    }

    /// <summary>The file name as Bacula reads it (quotes removed); for a command, <c>|</c> and the command.</summary>
    public string Path { get; }

    /// <summary>Where the name is written (after the <c>@</c>).</summary>
    public TextSpan PathSpan { get; }

    /// <summary>Whether this includes a command's output (<c>@|"…"</c>), which a scan does not run.</summary>
    public bool IsCommand => Path.StartsWith('|');

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <inheritdoc />
    public override string ToString() => "@" + Path;
}

/// <summary>
/// The syntax of one Bacula configuration file (a director's <c>bacula-dir.conf</c>, a file daemon's <c>bacula-fd.conf</c>,
/// or a file one of them includes). An included file is a tree of its own; <see cref="IncludedTrees"/> says which tree each
/// include of this one found.
/// </summary>
public sealed class BaculaSyntaxTree : SyntaxTree
{
    internal BaculaSyntaxTree(SourceText source, BaculaFileSyntax root, ImmutableArray<TextSpan> comments, ImmutableArray<SyntaxDiagnostic> diagnostics)
        : base(source, root, diagnostics)
    {
        Comments = comments;
    }

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Bacula;

    /// <summary>The root node.</summary>
    public new BaculaFileSyntax Root => (BaculaFileSyntax)base.Root;

    /// <summary>The comments (<c>#</c> to the end of the line), in source order.</summary>
    public ImmutableArray<TextSpan> Comments { get; }

    /// <inheritdoc />
    public override ImmutableArray<TextSpan> CommentSpans => Comments;

    /// <summary>The tree each include of this file found, when the loader found it (set once the scan's files are loaded).</summary>
    public IReadOnlyDictionary<BaculaIncludeSyntax, BaculaSyntaxTree> IncludedTrees { get; internal set; } =
        new Dictionary<BaculaIncludeSyntax, BaculaSyntaxTree>(ReferenceEqualityComparer.Instance);

    /// <summary>Whether another file of the scan includes this one (then it is read as part of that file, not on its own).</summary>
    public bool IsIncluded { get; internal set; }

    // The configuration the loader read to check it, kept so that the model does not read it again.
    internal Model.Backup.BaculaConfiguration? Configuration { get; set; }
}
