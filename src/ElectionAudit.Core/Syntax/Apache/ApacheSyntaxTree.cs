using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// The syntax of one Apache httpd configuration file (a main configuration, an included file or an <c>.htaccess</c>).
/// Parsing follows httpd 2.4's own reader (<c>server/config.c</c> <c>ap_build_config</c> and <c>util.c</c>
/// <c>ap_cfg_getline</c> / <c>ap_getword_conf</c>): see <see cref="Parse(SourceText)"/>.
/// </summary>
public sealed class ApacheSyntaxTree : SyntaxTree
{
    private ApacheSyntaxTree(SourceText source, ApacheFileSyntax root, ImmutableArray<SyntaxDiagnostic> diagnostics, ImmutableArray<ApacheComment> comments)
        : base(source, root, diagnostics)
    {
        Comments = comments;
    }

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Apache;

    /// <summary>The top-level statements of the file.</summary>
    public new ApacheFileSyntax Root => (ApacheFileSyntax)base.Root;

    /// <summary>Comment lines, in source order (trivia: they are not statements, but inline suppressions read them).</summary>
    public ImmutableArray<ApacheComment> Comments { get; }

    /// <inheritdoc />
    public override ImmutableArray<TextSpan> CommentSpans => [.. Comments.Select(c => c.Span)];

    /// <summary>
    /// Parses a file. Never throws: syntax errors become EA0002 diagnostics at the offending token and parsing goes on.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>One statement per line. A line ending in a backslash (just before the line break) continues on the next line:
    /// the backslash and the line break are removed and the lines join without a space; spans still point into the original text.</item>
    /// <item>Leading and trailing blanks are ignored; a line whose first character is then <c>#</c> is a comment.
    /// A <c>#</c> anywhere else is an ordinary argument character.</item>
    /// <item>Arguments are split as <c>ap_getword_conf</c> does (see <see cref="ApacheArgument"/>).</item>
    /// <item>A first word starting with <c>&lt;</c> opens a section, <c>&lt;/</c> closes one; names compare case-insensitively.</item>
    /// </list>
    /// </remarks>
    public static ApacheSyntaxTree Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = ApacheParser.Parse(source);
        return new ApacheSyntaxTree(source, result.Root, result.Diagnostics, result.Comments);
    }

    /// <summary>Parses text held in memory (for tests and callers that have the text already).</summary>
    public static ApacheSyntaxTree Parse(string path, string text) => Parse(new SourceText(path, text));

    /// <summary>Every directive and section in the file, depth first, in source order.</summary>
    public IEnumerable<ApacheStatementSyntax> DescendantStatements() => Root.DescendantNodesAndSelf().OfType<ApacheStatementSyntax>();
}
