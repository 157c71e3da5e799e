namespace ElectionAudit.Engine;

/// <summary>
/// A file system that can say cheaply whether a folder exists. Callers that try many candidate folders (where a served
/// document root is in the scan) ask this first and glob only the folders that exist; a file system without it is globbed
/// directly, which gives the same answers more slowly.
/// </summary>
internal interface IDirectoryProbe
{
    /// <summary>Whether a folder exists at <paramref name="relativePath"/> (relative to the scan root, forward slashes).</summary>
    bool DirectoryExists(string relativePath);
}
