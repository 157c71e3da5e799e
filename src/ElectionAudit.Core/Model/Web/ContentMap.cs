using System.Collections.Concurrent;
using ElectionAudit.Engine;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Finds the folders a web server configuration serves (Apache <c>DocumentRoot</c> and <c>Alias</c> targets, nginx
/// <c>root</c> and <c>alias</c>) in the scan, the way <see cref="ApacheSiteBinder.Resolve"/> finds the files it names:
/// an absolute path by its trailing segments (at least two, or the whole path when shorter, so that a bare <c>html</c>
/// folder somewhere does not pass for <c>/var/www/html</c>) under the main file's folder or a folder above it; a
/// relative path (nginx resolves <c>root html</c> against its prefix, the folder of nginx.conf) whole, under the same
/// folders. A folder counts as found when it holds a file at most two levels down. A path with a variable (Apache
/// <c>${VAR}</c>, nginx <c>$host</c>) is never found: its value depends on the environment or the request. Results are
/// cached; rules may ask from several threads.
/// </summary>
internal sealed class ContentMap(string mainPath, IScanFileSystem? fileSystem)
{
    private const int DeepestContentLevel = 3;

    private readonly ConcurrentDictionary<string, string?> _folders = new(StringComparer.Ordinal);

    /// <summary>The scan path of <paramref name="filePath"/> (an absolute path under <paramref name="root"/>) when the file is in the scan, else null.</summary>
    public string? FileInScan(string root, string filePath)
    {
        if (fileSystem is null || Folder(root) is not { } folder)
        {
            return null;
        }

        var relative = filePath.Length > root.TrimEnd('/').Length ? filePath[(root.TrimEnd('/').Length + 1)..] : string.Empty;
        if (relative.Length == 0 || relative.EndsWith('/'))
        {
            return null;
        }

        var candidate = PathUtil.Combine(folder, relative);
        return PathUtil.IsInsideRoot(candidate) && fileSystem.FileExists(candidate) ? candidate : null;
    }

    /// <summary>The request paths (under <paramref name="urlPrefix"/>) of files under <paramref name="root"/> in the scan whose name matches <paramref name="fileNamePattern"/>, up to three folders deep.</summary>
    public IReadOnlyList<string> FindFiles(string root, string urlPrefix, string fileNamePattern)
    {
        if (fileSystem is null || Folder(root) is not { } folder)
        {
            return [];
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        var levels = string.Empty;
        for (int depth = 0; depth <= DeepestContentLevel; depth++, levels += "*/")
        {
            foreach (var path in fileSystem.Glob(PathUtil.Combine(folder, levels + fileNamePattern)))
            {
                found.Add(urlPrefix.TrimEnd('/') + "/" + path[(folder.Length == 0 ? 0 : folder.Length + 1)..]);
            }
        }

        return [.. found];
    }

    /// <summary>The scan folder that holds <paramref name="root"/>'s files, or null when it is not in the scan.</summary>
    public string? Folder(string root) => _folders.GetOrAdd(root, Find);

    private string? Find(string root)
    {
        if (fileSystem is null || root.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var segments = PathUtil.Normalize(root.Replace('\\', '/')).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var directories = PathUtil.FolderAndAncestors(PathUtil.GetDirectory(mainPath));

        bool absolute = root.StartsWith('/');
        int lastSkip = absolute ? Math.Max(0, segments.Length - 2) : 0;
        for (int skip = 0; skip <= lastSkip && skip < segments.Length; skip++)
        {
            var suffix = string.Join('/', segments[skip..]);
            foreach (var directory in directories)
            {
                var candidate = PathUtil.Combine(directory, suffix);
                if (candidate.Length > 0 && PathUtil.IsInsideRoot(candidate)
                    && (fileSystem is not IDirectoryProbe probe || probe.DirectoryExists(candidate))
                    && (fileSystem.Glob(candidate + "/*").Count > 0 || fileSystem.Glob(candidate + "/*/*").Count > 0 || fileSystem.Glob(candidate + "/*/*/*").Count > 0))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
