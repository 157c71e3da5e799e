using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax;

/// <summary>The syntax of one file in one input format, with the problems found while parsing it.</summary>
public abstract class SyntaxTree
{
    /// <summary>Creates a tree and attaches every node under <paramref name="root"/> to it.</summary>
    protected SyntaxTree(SourceText source, SyntaxNode root, ImmutableArray<SyntaxDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(root);
        Source = source;
        Root = root;
        Diagnostics = diagnostics.IsDefault ? [] : diagnostics;
        SyntaxNode.Walk(root, (node, _) =>
        {
            node.Tree = this;
            return true;
        });
    }

    /// <summary>The file.</summary>
    public SourceText Source { get; }

    /// <summary>The format this tree was parsed as.</summary>
    public abstract InputFormat Format { get; }

    /// <summary>The root node.</summary>
    public SyntaxNode Root { get; }

    /// <summary>Parse errors (EA0002), unresolved includes (EA0003) and invalid keys (EA0004) found while parsing.</summary>
    public ImmutableArray<SyntaxDiagnostic> Diagnostics { get; }

    /// <summary>
    /// The spans of the file's comments, markers included, in source order: the format-neutral view of comment trivia
    /// that inline suppressions are read from. Formats without comments return none.
    /// </summary>
    public virtual ImmutableArray<TextSpan> CommentSpans => [];
}
