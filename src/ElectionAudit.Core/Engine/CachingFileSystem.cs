using System.Collections.Concurrent;
using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>Reads each file once per scan, and remembers every file read so reporters can show source lines.</summary>
internal sealed class CachingFileSystem(IScanFileSystem inner) : IScanFileSystem
{
    private readonly ConcurrentDictionary<string, SourceText?> _cache = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SourceText> ReadFiles =>
        _cache.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    public bool FileExists(string relativePath) => inner.FileExists(relativePath);

    public IReadOnlyList<string> Glob(string pattern) => inner.Glob(pattern);

    public SourceText? TryRead(string relativePath) => _cache.GetOrAdd(PathUtil.Normalize(relativePath), inner.TryRead);
}
