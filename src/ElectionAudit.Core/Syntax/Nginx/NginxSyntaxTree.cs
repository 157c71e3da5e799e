using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// The syntax of one nginx configuration file, parsed with nginx's own grammar (the tokenizer of
/// <c>src/core/ngx_conf_file.c</c>): bare words, single- and double-quoted strings with backslash escapes,
/// <c>#</c> comments, <c>;</c>-terminated directives and <c>{ }</c> blocks. Syntax errors become EA0002
/// diagnostics and parsing goes on with the next statement. A file whose errors come from template actions
/// (<c>{{ … }}</c>, <c>{% … %}</c> on a line with an error) is a template: it gets one EA0002 at its first such
/// action and an empty tree.
/// </summary>
/// <remarks>
/// A tree normally covers a whole file. A tree cut from an <c>nginx -T</c> dump covers only its file's
/// <see cref="Region"/> of the dump: its <see cref="SyntaxTree.Source"/> is the dump itself, so every span and
/// location points into the dump file, while <see cref="Path"/> names the configuration file the dump says it holds.
/// </remarks>
public sealed class NginxSyntaxTree : SyntaxTree
{
    private NginxSyntaxTree(SourceText source, NginxBlockSyntax root, ImmutableArray<SyntaxDiagnostic> diagnostics, ImmutableArray<NginxCommentSyntax> comments, string path, TextSpan region)
        : base(source, root, diagnostics)
    {
        Comments = comments;
        Path = path;
        Region = region;
        foreach (var comment in comments)
        {
            comment.Tree = this;
        }
    }

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Nginx;

    /// <summary>The main context of the file.</summary>
    public new NginxBlockSyntax Root => (NginxBlockSyntax)base.Root;

    /// <summary>The comments, in source order.</summary>
    public ImmutableArray<NginxCommentSyntax> Comments { get; }

    /// <inheritdoc />
    public override ImmutableArray<TextSpan> CommentSpans => [.. Comments.Select(c => c.Span)];

    /// <summary>
    /// The configuration file this tree holds: <see cref="SourceText.Path"/> for a file of the scan, or the path
    /// an <c>nginx -T</c> dump gives in its <c># configuration file PATH:</c> line (absolute, as nginx printed it).
    /// </summary>
    public string Path { get; }

    /// <summary>The part of <see cref="SyntaxTree.Source"/> this tree was parsed from: the whole text, or one file's part of a dump.</summary>
    public TextSpan Region { get; }

    /// <summary>Whether this tree was cut from an <c>nginx -T</c> dump rather than read from its own file.</summary>
    public bool IsFromDump => !string.Equals(Path, Source.Path, StringComparison.Ordinal) || Region.Length != Source.Length;

    /// <summary>Parses a whole file. Never throws on any content.</summary>
    public static NginxSyntaxTree Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(source, new TextSpan(0, source.Length), source.Path);
    }

    /// <summary>
    /// Parses the part <paramref name="region"/> of <paramref name="source"/> as one configuration file named
    /// <paramref name="path"/> (used for the files inside an <c>nginx -T</c> dump). Spans stay offsets into
    /// <paramref name="source"/>. Never throws on any content.
    /// </summary>
    public static NginxSyntaxTree Parse(SourceText source, TextSpan region, string path) => ParseAsWritten(source, region, path).OrTemplate();

    /// <summary>
    /// The parser's tree of <paramref name="region"/>, also for a template (format detection classifies a template by the
    /// directives it holds, so that the file is claimed and its one diagnostic reported).
    /// </summary>
    internal static NginxSyntaxTree ParseAsWritten(SourceText source, TextSpan region, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(region.End, source.Length);
        if (BinaryContent.FirstNul(source, region) is >= 0 and var nul)
        {
            return new NginxSyntaxTree(source, new NginxBlockSyntax([], region, isClosed: true), [BinaryContent.Diagnostic(source, nul, InputFormat.Nginx)], [], path, region);
        }

        var result = new NginxParser(source, region).Parse();
        return new NginxSyntaxTree(source, result.Root, result.Diagnostics, result.Comments, path, region);
    }

    /// <summary>This tree, or, when its syntax errors come from template actions, the tree <see cref="Parse(SourceText, TextSpan, string)"/> gives a template.</summary>
    internal NginxSyntaxTree OrTemplate()
    {
        if (TemplateActions.FirstOnErrorLine(this, Region) is not { } action)
        {
            return this;
        }

        // A template (Jinja2, Go) gives one diagnostic at its first action instead of the cascade its braces make (11
        // errors for cloud-gov/pages-proxy's nginx.conf), and it is not read: nginx refuses it, so no rule judges the
        // half-read configuration.
        return new NginxSyntaxTree(
            Source,
            new NginxBlockSyntax([], Region, isClosed: true),
            [TemplateActions.Diagnostic(Source, action, "nginx", "nginx configuration")],
            Comments,
            Path,
            Region);
    }
}
