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

    /// <summary>
    /// The number of direct children a tree walk can take one by one through <see cref="ChildAt"/>, or -1 when the node
    /// only gives them through <see cref="ChildNodes"/>. Every node class of the built-in formats gives them by index
    /// (a leaf says 0): <see cref="ChildNodes"/> has to build an array for an nginx directive's arguments and block (12.7 MB
    /// at 4,000 generated files, for the tree walks of a scan: setting each node's tree, format detection, include
    /// lookup), makes an object for a YAML entry's key and value, and gives the others through an interface.
    /// </summary>
    internal virtual int IndexedChildCount => -1;

    /// <summary>The direct child at <paramref name="index"/>, in source order, for a node whose <see cref="IndexedChildCount"/> is not -1.</summary>
    internal virtual SyntaxNode ChildAt(int index) => throw new NotSupportedException();

    /// <summary>This node and all its descendants, depth first, in source order.</summary>
    public IEnumerable<SyntaxNode> DescendantNodesAndSelf()
    {
        var walk = new LevelWalk(this);
        while (walk.TryNext(out var node, out _))
        {
            yield return node;
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
        var walk = new LevelWalk(root);
        while (walk.TryNext(out var node, out int depth) && visit(node, depth))
        {
        }
    }

    /// <summary>
    /// A depth-first walk in source order that keeps one entry per level (a node's children and the next to give), not one
    /// per pending node: a zone file's root has a child per record, and pushing every one of them made a stack as long as
    /// the file.
    /// </summary>
    private sealed class LevelWalk(SyntaxNode root)
    {
        // A level is the node whose children are being given when it gives them by index, else its children as a list (no
        // node is itself such a list), and the next to give. Eight levels cover the trees of the formats read here.
        private readonly List<(object Source, int Next)> _levels = new(8);
        private SyntaxNode? _root = root;

        public bool TryNext([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SyntaxNode? node, out int depth)
        {
            if (_root is not null)
            {
                node = _root;
                depth = 0;
                _root = null;
                Descend(node);
                return true;
            }

            while (_levels.Count > 0)
            {
                var (source, next) = _levels[^1];
                var parent = source as SyntaxNode;
                var children = parent is null ? (IReadOnlyList<SyntaxNode>)source : null;
                if (next == (parent is null ? children!.Count : parent.IndexedChildCount))
                {
                    _levels.RemoveAt(_levels.Count - 1);
                    continue;
                }

                _levels[^1] = (source, next + 1);
                node = parent is null ? children![next] : parent.ChildAt(next);
                depth = _levels.Count;
                Descend(node);
                return true;
            }

            node = null;
            depth = 0;
            return false;
        }

        // The built-in nodes give their children by index; a node that gives them only through ChildNodes (a plug-in
        // format's class) is read through the list ChildNodes gives, or through a copy when what it gives is not a list.
        private void Descend(SyntaxNode node)
        {
            int indexed = node.IndexedChildCount;
            if (indexed >= 0)
            {
                if (indexed > 0)
                {
                    _levels.Add((node, 0));
                }

                return;
            }

            var childNodes = node.ChildNodes();
            var children = childNodes as IReadOnlyList<SyntaxNode> ?? [.. childNodes];
            if (children.Count > 0)
            {
                _levels.Add((children, 0));
            }
        }
    }
}
