using ElectionAudit.Text;

namespace ElectionAudit.Syntax;

/// <summary>A node of a format's syntax tree. Every node knows its span in the file of its tree.</summary>
public abstract class SyntaxNode
{
    /// <summary>The text this node covers, in the file of <see cref="Tree"/>.</summary>
    public abstract TextSpan Span { get; }

    /// <summary>The tree (and so the file) this node belongs to. Set by the tree when it is built.</summary>
    public SyntaxTree Tree { get; internal set; } = null!;

    /// <summary>Direct children, in source order.</summary>
    public virtual IEnumerable<SyntaxNode> ChildNodes() => [];

    /// <summary>This node and all its descendants, depth first, in source order.</summary>
    public IEnumerable<SyntaxNode> DescendantNodesAndSelf()
    {
        var stack = new Stack<SyntaxNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            // Children are pushed last first so they come out in source order; most nodes hold them in a list already,
            // and copying each node's children into a new list was a large part of walking a big tree.
            var childNodes = node.ChildNodes();
            var children = childNodes as IReadOnlyList<SyntaxNode> ?? childNodes.ToList();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>The location of this node.</summary>
    public Location GetLocation() => Tree.Source.GetLocation(Span);
}
