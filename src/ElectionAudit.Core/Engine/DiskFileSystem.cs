using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// An <see cref="IScanFileSystem"/> over a directory on disk. Paths that leave the root, and symbolic links
/// that point outside it, are not reachable.
/// </summary>
public sealed class DiskFileSystem : IScanFileSystem
{
    private readonly string _root;

    /// <summary>Creates a file system rooted at <paramref name="rootDirectory"/>.</summary>
    public DiskFileSystem(string rootDirectory)
    {
        _root = Path.GetFullPath(rootDirectory);
    }

    /// <summary>The absolute root directory.</summary>
    public string Root => _root;

    /// <summary>Largest file read, in bytes; a larger file reads as absent.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <inheritdoc />
    public bool FileExists(string relativePath) => ToFullPath(relativePath) is { } full && File.Exists(full);

    /// <inheritdoc />
    public IReadOnlyList<string> Glob(string pattern)
    {
        var normalized = PathUtil.Normalize(pattern);
        if (!PathUtil.IsInsideRoot(normalized))
        {
            return [];
        }

        var segments = normalized.Split('/');
        var current = new List<string> { string.Empty };
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                var fullDir = dir.Length == 0 ? _root : Path.Combine(_root, dir);
                if (!Directory.Exists(fullDir))
                {
                    continue;
                }

                if (!GlobPattern.HasWildcards(segments[i]))
                {
                    var candidate = dir.Length == 0 ? segments[i] : dir + "/" + segments[i];
                    if (last ? FileExists(candidate) : Directory.Exists(Path.Combine(_root, candidate)))
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                IEnumerable<string> entries;
                try
                {
                    entries = last ? Directory.EnumerateFiles(fullDir) : Directory.EnumerateDirectories(fullDir);
                    entries = entries.ToList();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (var entry in entries)
                {
                    var name = Path.GetFileName(entry);
                    // glob(3) does not match a leading dot with a wildcard.
                    if (name.StartsWith('.') && !segments[i].StartsWith('.'))
                    {
                        continue;
                    }

                    if (GlobPattern.IsMatch(segments[i], name))
                    {
                        next.Add(dir.Length == 0 ? name : dir + "/" + name);
                    }
                }
            }

            current = next;
        }

        return current.Where(p => ToFullPath(p) is not null).Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public SourceText? TryRead(string relativePath)
    {
        var full = ToFullPath(relativePath);
        if (full is null)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(full);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return null;
            }

            return SourceText.FromBytes(PathUtil.Normalize(relativePath), File.ReadAllBytes(full));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The absolute path of a relative path, or null when it leaves the root (also through a symbolic link).</summary>
    public string? ToFullPath(string relativePath)
    {
        var normalized = PathUtil.Normalize(relativePath);
        if (!PathUtil.IsInsideRoot(normalized))
        {
            return null;
        }

        var full = Path.Combine(_root, normalized);
        try
        {
            var resolved = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            var rootWithSlash = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
            return resolved.StartsWith(rootWithSlash, StringComparison.Ordinal) ? full : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
