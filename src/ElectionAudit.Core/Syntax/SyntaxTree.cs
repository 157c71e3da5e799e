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
        // The classes of the tree's nodes are noted on the same walk, so that a rule asking for one kind of node need not
        // walk the trees that hold none (the one built-in syntax-node rule asks for named.conf roots; walking every zone
        // record and nginx directive for them was a few per cent of a corpus scan).
        // The walk also notes the deepest node's depth, so that the nesting check walks again only a tree that may be too deep.
        var types = new List<Type>(8);
        Type? last = null;
        int height = 0;
        SyntaxNode.Walk(root, (node, depth) =>
        {
            node.Tree = this;
            height = Math.Max(height, depth);
            var type = node.GetType();
            if (type != last)
            {
                last = type;
                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }

            return true;
        });
        _nodeTypes = NodeTypeSets.Share(types);
        Height = height;
    }

    /// <summary>The depth of the deepest node below the root (0 for a root alone).</summary>
    internal int Height { get; }

    // Shared between trees: the trees of a format hold the same few node classes.
    private readonly Type[] _nodeTypes;

    /// <summary>Whether some node of this tree is a <paramref name="nodeType"/> (or derives from it).</summary>
    internal bool MayContain(Type nodeType)
    {
        foreach (var type in _nodeTypes)
        {
            if (nodeType.IsAssignableFrom(type))
            {
                return true;
            }
        }

        return false;
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

    /// <summary>
    /// The files merged over this one, in the order the tool merges them (resticprofile's <c>includes</c>: what comes later
    /// overrides what comes earlier); empty for a file that merges none.
    /// </summary>
    internal IReadOnlyList<SyntaxTree> MergedFiles { get; set; } = [];

    /// <summary>Whether another file merges this one (<see cref="MergedFiles"/>), so that it is read only as part of that file.</summary>
    internal bool IsMerged { get; set; }
}

/// <summary>The distinct sets of node classes trees hold, each kept once (a scan of 16,000 files has a handful).</summary>
internal static class NodeTypeSets
{
    private static readonly Lock Gate = new();
    private static readonly List<Type[]> Sets = [];

    /// <summary>The kept set with the same classes as <paramref name="types"/>, in any order; kept first if there is none.</summary>
    public static Type[] Share(List<Type> types)
    {
        lock (Gate)
        {
            foreach (var set in Sets)
            {
                if (SameClasses(set, types))
                {
                    return set;
                }
            }

            // Bounded, in case a plug-in format makes many node classes: past it a tree keeps its own set.
            var made = types.ToArray();
            if (Sets.Count < 256)
            {
                Sets.Add(made);
            }

            return made;
        }
    }

    private static bool SameClasses(Type[] set, List<Type> types)
    {
        if (set.Length != types.Count)
        {
            return false;
        }

        foreach (var type in types)
        {
            if (Array.IndexOf(set, type) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
