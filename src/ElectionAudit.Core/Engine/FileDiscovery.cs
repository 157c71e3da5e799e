using ElectionAudit.Configuration;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ElectionAudit.Engine;

/// <summary>Finds the files to scan under the scan root with the configuration's include and exclude globs.</summary>
public static class FileDiscovery
{
    /// <summary>
    /// The files to scan, relative to <paramref name="root"/> with forward slashes, in ordinal order.
    /// <paramref name="paths"/> are files or directories (absolute or relative to the root); a file named explicitly is scanned even when the globs would skip it.
    /// </summary>
    public static IReadOnlyList<string> Discover(string root, IReadOnlyList<string> paths, AuditConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(configuration);
        var fullRoot = Path.GetFullPath(root);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(configuration.Include);
        matcher.AddExcludePatterns(configuration.Exclude);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        List<string>? rootMatches = null;
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            var full = Path.GetFullPath(Path.Combine(fullRoot, path));
            var relative = Path.GetRelativePath(fullRoot, full).Replace('\\', '/');
            if (!PathUtil.IsInsideRoot(relative))
            {
                throw new ConfigurationException($"'{path}' is outside the scan root '{fullRoot}'; pass --root to scan it.");
            }

            if (File.Exists(full))
            {
                found.Add(relative);
            }
            else if (Directory.Exists(full))
            {
                // Globs are relative to the scan root, so match from the root and keep what lies under the directory given.
                rootMatches ??= [.. matcher.GetResultsInFullPath(fullRoot).Select(f => Path.GetRelativePath(fullRoot, f).Replace('\\', '/'))];
                var prefix = relative == "." ? string.Empty : relative + "/";
                found.UnionWith(rootMatches.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)));
            }
            else
            {
                throw new ConfigurationException($"'{path}' does not exist.");
            }
        }

        return [.. found];
    }
}
