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
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new ApacheSyntaxTree(source, new ApacheFileSyntax([], source.Length), [BinaryContent.Diagnostic(source, nul, InputFormat.Apache)], []);
        }

        var result = ApacheParser.Parse(source);
        if (FirstTemplateAction(source, result.Root) is { } action)
        {
            // A template (an Ansible role's templates/site.conf.j2) gives one diagnostic and is not read, as an nginx one is.
            // httpd's reader has no syntax for templates to break, so they are found by their words instead of errors.
            return new ApacheSyntaxTree(source, new ApacheFileSyntax([], source.Length), [TemplateActions.Diagnostic(source, action, "httpd", "Apache configuration")], result.Comments);
        }

        return new ApacheSyntaxTree(source, result.Root, result.Diagnostics, result.Comments);
    }

    /// <summary>
    /// The first template action that stands as a statement's words: a directive name that starts one (httpd refuses
    /// <c>{% if ssl %}</c> as an invalid command), or an unquoted argument that does (<c>ErrorLog {{ log }}</c>: three
    /// words, where the directive takes one). An action inside a quoted argument is text, as httpd reads it.
    /// </summary>
    private static TextSpan? FirstTemplateAction(SourceText source, ApacheFileSyntax root)
    {
        // The parser has made the file's string already; most files hold no "{{" or "{%" and need no walk.
        var text = source.Text;
        if (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var statement in root.DescendantNodesAndSelf().OfType<ApacheStatementSyntax>())
        {
            int? at = StartsAction(statement.Name)
                ? statement.NameSpan.Start
                : statement.Arguments.FirstOrDefault(argument => !argument.IsQuoted && StartsAction(argument.Value))?.Span.Start;
            if (at is { } start)
            {
                var (line, column) = source.GetLineAndColumn(start);
                var lineSpan = source.GetLineSpan(line);
                if (TemplateActions.FirstInLine(source.ToString(lineSpan), column - 1) is { } found)
                {
                    return new TextSpan(lineSpan.Start + found.Start, found.Length);
                }
            }
        }

        return null;

        static bool StartsAction(string word) => word.StartsWith("{{", StringComparison.Ordinal) || word.StartsWith("{%", StringComparison.Ordinal);
    }

    /// <summary>Parses text held in memory (for tests and callers that have the text already).</summary>
    public static ApacheSyntaxTree Parse(string path, string text) => Parse(new SourceText(path, text));

    /// <summary>Every directive and section in the file, depth first, in source order.</summary>
    public IEnumerable<ApacheStatementSyntax> DescendantStatements() => Root.DescendantNodesAndSelf().OfType<ApacheStatementSyntax>();
}
