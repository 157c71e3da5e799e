using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>An <see cref="IScanFileSystem"/> over files held in memory: for tests and for callers that already have the text.</summary>
public sealed class InMemoryFileSystem : IScanFileSystem, IDirectoryProbe
{
    // Each file's SourceText, made once: a scan that reads a file twice (a zone reloaded under another origin) gets the
    // same object, and one built from a scan's own sources serves them without a copy of their text.
    private readonly SortedDictionary<string, SourceText> _files = new(StringComparer.Ordinal);

    /// <summary>Creates a file system holding <paramref name="files"/> (relative path → content).</summary>
    public InMemoryFileSystem(IEnumerable<KeyValuePair<string, string>>? files = null)
    {
        foreach (var (path, text) in files ?? [])
        {
            Add(path, text);
        }
    }

    /// <summary>Serves files already read under their paths, as the same objects; the first of several with one path wins.</summary>
    internal InMemoryFileSystem(IEnumerable<SourceText> sources)
    {
        foreach (var source in sources)
        {
            _files.TryAdd(PathUtil.Normalize(source.Path), source);
        }
    }

    /// <summary>Adds or replaces a file.</summary>
    public InMemoryFileSystem Add(string relativePath, string text)
    {
        var path = PathUtil.Normalize(relativePath);
        _files[path] = new SourceText(path, text);
        return this;
    }

    /// <summary>All paths, in ordinal order.</summary>
    public IReadOnlyCollection<string> Paths => _files.Keys;

    /// <inheritdoc />
    public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

    /// <inheritdoc />
    public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

    /// <inheritdoc />
    public SourceText? TryRead(string relativePath) => _files.GetValueOrDefault(PathUtil.Normalize(relativePath));

    // A folder exists when a file is under it: memory holds no empty folder (as git keeps none).
    bool IDirectoryProbe.DirectoryExists(string relativePath)
    {
        var path = PathUtil.Normalize(relativePath);
        if (path.Length == 0)
        {
            return true;
        }

        var prefix = path + "/";
        return _files.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }
}
