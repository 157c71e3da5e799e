using System.Runtime.CompilerServices;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// Hands the tree that format detection parsed for a file on to the loader, so a scan parses each nginx file once
/// rather than twice (detection was about a fifth of a 4,000-file scan). Keyed by the scan's snapshot of the file, so
/// only the very same text is reused; a tree is handed out once, and later parses of the file build their own tree as before.
/// </summary>
internal static class NginxDetectionTrees
{
    private static readonly ConditionalWeakTable<SourceText, NginxSyntaxTree> Trees = [];

    /// <summary>Keeps <paramref name="tree"/> (a whole-file parse of its own source) for the loader.</summary>
    public static void Remember(NginxSyntaxTree tree) => Trees.AddOrUpdate(tree.Source, tree);

    /// <summary>The tree detection parsed for <paramref name="source"/>, taken out of the table, or a fresh parse.</summary>
    public static NginxSyntaxTree TakeOrParse(SourceText source) => TryTake(source, out var tree) ? tree : NginxSyntaxTree.Parse(source);

    /// <summary>Takes the tree detection kept for <paramref name="source"/>, if any; a second call finds none.</summary>
    public static bool TryTake(SourceText source, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NginxSyntaxTree? tree) =>
        Trees.TryGetValue(source, out tree) && Trees.Remove(source);
}
