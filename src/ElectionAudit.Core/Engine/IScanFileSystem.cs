using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// The only way parsers and loaders reach files: paths are relative to the scan root with forward slashes. Nothing
/// outside the root is reachable unless <see cref="AllowOutsideRoot"/> says so, and then only through paths that
/// start with <c>../</c>. Used to resolve includes.
/// </summary>
public interface IScanFileSystem
{
    /// <summary>Files matching a glob pattern (<c>*</c>, <c>?</c>, <c>[...]</c> within one path segment), relative to the scan root, in ordinal order.</summary>
    IReadOnlyList<string> Glob(string pattern);

    /// <summary>Whether a file exists at <paramref name="relativePath"/>.</summary>
    bool FileExists(string relativePath);

    /// <summary>Reads a file as a <see cref="SourceText"/>, or returns null when it does not exist or is outside the root.</summary>
    SourceText? TryRead(string relativePath);

    /// <summary>
    /// Whether paths that leave the scan root (normalised paths starting with <c>../</c>, see <see cref="PathUtil.IsInsideRoot"/>)
    /// may be read, as with <c>--allow-outside-root</c>. Include resolvers refuse such a path with EA0003 when this is false.
    /// By default false: a scan reads only what is under its root.
    /// </summary>
    bool AllowOutsideRoot => false;
}
