using ElectionAudit.Syntax;

namespace ElectionAudit.Engine;

/// <summary>Enforces <see cref="ScanLimits.MaxBlockNesting"/> over parsed trees, without recursion (the tree being measured may be the hostile one).</summary>
internal static class BlockNesting
{
    /// <summary>The EA0002 for <paramref name="tree"/> when its nodes nest deeper than <paramref name="maxDepth"/>, at the first node too deep in source order; null otherwise.</summary>
    public static SyntaxDiagnostic? Check(SyntaxTree tree, int maxDepth)
    {
        // Syntax nodes of a block alternate with their block node (a directive holds a block holding directives),
        // so a block nesting level is up to two node levels; the node depth allowed is set accordingly.
        int maxNodeDepth = (2 * maxDepth) + 2;
        if (tree.Height <= maxNodeDepth)
        {
            return null;
        }

        SyntaxNode? tooDeep = null;
        SyntaxNode.Walk(tree.Root, (node, depth) =>
        {
            if (depth > maxNodeDepth)
            {
                tooDeep = node;
                return false;
            }

            return true;
        });

        return tooDeep is null
            ? null
            : new SyntaxDiagnostic(
                "EA0002",
                tooDeep.GetLocation(),
                $"Blocks nest more than limits.max-block-nesting ({maxDepth}) levels deep here; no real configuration does, so the file is treated as hostile and its nesting as a parse error.",
                "limit|max-block-nesting");
    }
}
