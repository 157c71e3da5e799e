using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>An <see cref="IScanFileSystem"/> over files held in memory: for tests and for callers that already have the text.</summary>
public sealed class InMemoryFileSystem : IScanFileSystem
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Creates a file system holding <paramref name="files"/> (relative path → content).</summary>
    public InMemoryFileSystem(IEnumerable<KeyValuePair<string, string>>? files = null)
    {
        foreach (var (path, text) in files ?? [])
        {
            Add(path, text);
        }
    }

    /// <summary>Adds or replaces a file.</summary>
    public InMemoryFileSystem Add(string relativePath, string text)
    {
        _files[PathUtil.Normalize(relativePath)] = text;
        return this;
    }

    /// <summary>All paths, in ordinal order.</summary>
    public IReadOnlyCollection<string> Paths => _files.Keys;

    /// <inheritdoc />
    public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

    /// <inheritdoc />
    public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

    /// <inheritdoc />
    public SourceText? TryRead(string relativePath)
    {
        var path = PathUtil.Normalize(relativePath);
        return _files.TryGetValue(path, out var text) ? new SourceText(path, text) : null;
    }
}
