using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// The only way parsers and loaders reach files: paths are relative to the scan root with forward slashes,
/// and nothing outside the root is reachable. Used to resolve includes.
/// </summary>
public interface IScanFileSystem
{
    /// <summary>Files matching a glob pattern (<c>*</c>, <c>?</c>, <c>[...]</c> within one path segment), relative to the scan root, in ordinal order.</summary>
    IReadOnlyList<string> Glob(string pattern);

    /// <summary>Whether a file exists at <paramref name="relativePath"/>.</summary>
    bool FileExists(string relativePath);

    /// <summary>Reads a file as a <see cref="SourceText"/>, or returns null when it does not exist or is outside the root.</summary>
    SourceText? TryRead(string relativePath);
}
