using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>An in-memory scan file system holding raw bytes, decoded the way <see cref="DiskFileSystem"/> decodes a file, so byte-level damage reaches the parsers as it would from disk.</summary>
internal sealed class ByteFileSystem : IScanFileSystem
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public ByteFileSystem Add(string relativePath, byte[] bytes)
    {
        _files[PathUtil.Normalize(relativePath)] = bytes;
        return this;
    }

    public IReadOnlyList<string> Paths => [.. _files.Keys];

    public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

    public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

    public SourceText? TryRead(string relativePath)
    {
        var path = PathUtil.Normalize(relativePath);
        return _files.TryGetValue(path, out var bytes) ? SourceText.FromBytes(path, bytes) : null;
    }
}
