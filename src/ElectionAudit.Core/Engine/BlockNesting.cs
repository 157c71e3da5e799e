using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Engine;

/// <summary>Enforces <see cref="ScanLimits.MaxBlockNesting"/> over parsed trees, without recursion (the tree being measured may be the hostile one).</summary>
internal static class BlockNesting
{
    /// <summary>
    /// One EA0002 per tree whose nodes nest deeper than <paramref name="maxDepth"/>, at the first node too deep, in the
    /// order of <paramref name="trees"/>. The trees are walked on up to <paramref name="parallelism"/> workers: the walk
    /// visits every node of every tree, and it ran alone between loading and binding.
    /// </summary>
    public static ImmutableArray<SyntaxDiagnostic> Check(IReadOnlyList<SyntaxTree> trees, int maxDepth, int parallelism = 1)
    {
        var found = new SyntaxDiagnostic?[trees.Count];
        Parallel.For(0, trees.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i => found[i] = Check(trees[i], maxDepth));
        return [.. found.OfType<SyntaxDiagnostic>()];
    }

    private static SyntaxDiagnostic? Check(SyntaxTree tree, int maxDepth)
    {
        // Syntax nodes of a block alternate with their block node (a directive holds a block holding directives),
        // so a block nesting level is up to two node levels; the node depth allowed is set accordingly.
        int maxNodeDepth = (2 * maxDepth) + 2;
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((tree.Root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > maxNodeDepth)
            {
                return new SyntaxDiagnostic(
                    "EA0002",
                    node.GetLocation(),
                    $"Blocks nest more than limits.max-block-nesting ({maxDepth}) levels deep here; no real configuration does, so the file is treated as hostile and its nesting as a parse error.",
                    "limit|max-block-nesting");
            }

            foreach (var child in node.ChildNodes())
            {
                pending.Push((child, depth + 1));
            }
        }

        return null;
    }
}
