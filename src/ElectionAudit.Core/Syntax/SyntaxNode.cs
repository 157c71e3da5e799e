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
        yield return this;
        // One entry per level (a node's children and the next to give), not one per pending node: a zone file's root has
        // a child per record, and pushing every one of them made a stack as long as the file.
        var levels = new Stack<(IReadOnlyList<SyntaxNode> Children, int Next)>();
        levels.Push((ChildrenOf(this), 0));
        while (levels.TryPop(out var level))
        {
            if (level.Next == level.Children.Count)
            {
                continue;
            }

            var node = level.Children[level.Next];
            levels.Push((level.Children, level.Next + 1));
            yield return node;
            levels.Push((ChildrenOf(node), 0));
        }
    }

    /// <summary>The location of this node.</summary>
    public Location GetLocation() => Tree.Source.GetLocation(Span);

    /// <summary>
    /// Calls <paramref name="visit"/> with <paramref name="root"/> and each of its descendants, depth first in source order,
    /// and the node's depth below <paramref name="root"/> (0 for the root itself), until it returns false. Without recursion
    /// (the tree may be a hostile one) and without an enumerator per node.
    /// </summary>
    internal static void Walk(SyntaxNode root, Func<SyntaxNode, int, bool> visit)
    {
        if (!visit(root, 0))
        {
            return;
        }

        var levels = new List<(IReadOnlyList<SyntaxNode> Children, int Next)> { (ChildrenOf(root), 0) };
        while (levels.Count > 0)
        {
            var (children, next) = levels[^1];
            if (next == children.Count)
            {
                levels.RemoveAt(levels.Count - 1);
                continue;
            }

            levels[^1] = (children, next + 1);
            var node = children[next];
            if (!visit(node, levels.Count))
            {
                return;
            }

            var grandchildren = ChildrenOf(node);
            if (grandchildren.Count > 0)
            {
                levels.Add((grandchildren, 0));
            }
        }
    }

    // Most nodes hold their children in a list already (an immutable array boxes to one); the others are copied into one.
    private static IReadOnlyList<SyntaxNode> ChildrenOf(SyntaxNode node)
    {
        var children = node.ChildNodes();
        return children as IReadOnlyList<SyntaxNode> ?? [.. children];
    }
}
