namespace ElectionAudit.Engine;

/// <summary>
/// How the web server loaders choose the configurations they load on their own. Each candidate is tried in the order
/// given (likely main files first, then shallow paths), except a file that a configuration loaded earlier reaches through
/// its includes, and a link to another file of the scan (read where a configuration includes it, else once under the
/// file's own name). A configuration kept earlier that a later one reaches was a fragment after all and is dropped.
/// </summary>
internal static class MainConfigurations
{
    /// <summary>
    /// The configurations kept, ordered by main file. <paramref name="load"/> gives null for a file that cannot be
    /// loaded; <paramref name="reachedFiles"/> lists the files a configuration reads besides its main file.
    /// </summary>
    public static List<T> Select<T>(
        IReadOnlyList<string> ordered,
        HashSet<string> all,
        IScanFileSystem fileSystem,
        Func<string, T?> load,
        Func<T, string> mainPath,
        Func<T, IEnumerable<string>> reachedFiles)
        where T : class
    {
        var kept = new List<T>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in ordered)
        {
            if (covered.Contains(path) || LinkAliases.IsLinkToAnother(fileSystem, path, all) || load(path) is not { } configuration)
            {
                continue;
            }

            var reached = reachedFiles(configuration).Where(p => p != path).ToHashSet(StringComparer.Ordinal);
            LinkAliases.AddLinkTargets(fileSystem, reached);

            // Skipped for a file that includes nothing, the common fragment: going through every kept configuration for
            // each of thousands of fragments was quadratic.
            if (reached.Count > 0)
            {
                kept.RemoveAll(k => reached.Contains(mainPath(k)));
            }

            kept.Add(configuration);
            covered.UnionWith(reached);
        }

        kept.Sort((a, b) => string.CompareOrdinal(mainPath(a), mainPath(b)));
        return kept;
    }
}
