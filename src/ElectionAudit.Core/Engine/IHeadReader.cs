using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// A file system that can read the start of a file too large to read whole: format detection looks at it to tell whether
/// the file is configuration at all, so that a large binary or archive is skipped as a small one is, and only a large
/// configuration file is reported as not read.
/// </summary>
internal interface IHeadReader
{
    /// <summary>At most the first <paramref name="maxBytes"/> bytes of the file at <paramref name="relativePath"/>, or null when it cannot be read.</summary>
    SourceText? TryReadHead(string relativePath, int maxBytes);
}
