namespace ElectionAudit.Engine;

/// <summary>
/// A file system that can say where a path that goes through a symbolic link leads. Debian's <c>sites-enabled/</c>
/// holds links to the files of <c>sites-available/</c>: the loaders read a site where the main configuration includes
/// it through its link, and do not read the file again under its own name as a fragment, nor the link as another.
/// </summary>
internal interface ILinkProbe
{
    /// <summary>
    /// The scan path (relative to the root, forward slashes) of the file <paramref name="relativePath"/> leads to through
    /// a symbolic link, when that file is inside the root; null for a path that goes through no link.
    /// </summary>
    string? LinkTarget(string relativePath);
}

/// <summary>The loaders' use of <see cref="ILinkProbe"/>.</summary>
internal static class LinkAliases
{
    /// <summary>
    /// Whether <paramref name="path"/> is a link to another file of <paramref name="paths"/>, so that the file is read once,
    /// under its own name (unless a configuration includes it through the link).
    /// </summary>
    public static bool IsLinkToAnother(IScanFileSystem fileSystem, string path, HashSet<string> paths) =>
        fileSystem is ILinkProbe probe && probe.LinkTarget(path) is { } target && target != path && paths.Contains(target);

    /// <summary>Adds to <paramref name="reached"/> the files its links lead to: a file a configuration reaches through a link is reached.</summary>
    public static void AddLinkTargets(IScanFileSystem fileSystem, HashSet<string> reached)
    {
        if (fileSystem is not ILinkProbe probe)
        {
            return;
        }

        List<string>? targets = null;
        foreach (var path in reached)
        {
            if (probe.LinkTarget(path) is { } target && target != path)
            {
                (targets ??= []).Add(target);
            }
        }

        if (targets is not null)
        {
            reached.UnionWith(targets);
        }
    }
}
