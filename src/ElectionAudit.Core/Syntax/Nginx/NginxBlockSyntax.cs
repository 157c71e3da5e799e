using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// A list of directives: the main context of a file (the tree's root), or the body of a block directive
/// between <c>{</c> and <c>}</c>.
/// </summary>
public sealed class NginxBlockSyntax : SyntaxNode
{
    internal NginxBlockSyntax(ImmutableArray<NginxDirectiveSyntax> directives, TextSpan span, bool isClosed)
    {
        Directives = directives;
        Span = span;
        IsClosed = isClosed;
        foreach (var directive in directives)
        {
            directive.ParentBlock = this;
        }
    }

    /// <summary>The directives in source order.</summary>
    public ImmutableArray<NginxDirectiveSyntax> Directives { get; }

    /// <summary>For a block, from <c>{</c> to <c>}</c> inclusive (to the end of the file when unclosed); for the main context, the whole file.</summary>
    public override TextSpan Span { get; }

    /// <summary>False for a block whose closing <c>}</c> is missing (a syntax error); true for the main context.</summary>
    public bool IsClosed { get; }

    /// <summary>The directive that owns this block, or null for the main context.</summary>
    public NginxDirectiveSyntax? ParentDirective { get; internal set; }

    /// <summary>Whether this is the main context of a file.</summary>
    public bool IsMainContext => ParentDirective is null;

    /// <summary>The directives of this block with the given name, in order (includes are not expanded; see <see cref="NginxConfiguration"/>).</summary>
    public IEnumerable<NginxDirectiveSyntax> DirectivesNamed(string name) => Directives.Where(d => d.Is(name));

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Directives;

    /// <inheritdoc />
    internal override int IndexedChildCount => Directives.Length;

    /// <inheritdoc />
    internal override SyntaxNode ChildAt(int index) => Directives[index];
}
