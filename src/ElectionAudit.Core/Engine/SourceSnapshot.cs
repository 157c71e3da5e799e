using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// Files already read, served again as the same <see cref="SourceText"/> objects: a loader that reads some of a scan's
/// files a second time (a zone reloaded under another origin) gets the text the scan holds, not a copy of it.
/// </summary>
internal sealed class SourceSnapshot : IScanFileSystem
{
    private readonly SortedDictionary<string, SourceText> _files = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="sources"/> under their paths; the first of several with one path wins.</summary>
    public SourceSnapshot(IEnumerable<SourceText> sources)
    {
        foreach (var source in sources)
        {
            _files.TryAdd(PathUtil.Normalize(source.Path), source);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

    /// <inheritdoc />
    public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

    /// <inheritdoc />
    public SourceText? TryRead(string relativePath) => _files.GetValueOrDefault(PathUtil.Normalize(relativePath));
}
