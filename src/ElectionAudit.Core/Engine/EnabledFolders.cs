namespace ElectionAudit.Engine;

/// <summary>
/// Debian's pairs of folders for web server configuration: <c>sites-available</c>/<c>sites-enabled</c> (nginx and
/// Apache), <c>conf-available</c>/<c>conf-enabled</c> and <c>mods-available</c>/<c>mods-enabled</c> (Apache). The server
/// reads a file of an <c>-available</c> folder only through the <c>-enabled</c> folder beside it, where a2ensite (or the
/// administrator) puts a link to it. When the scan holds that <c>-enabled</c> folder with files in it, the scan records
/// which files are enabled, and an available file that none of them is or links to is disabled: the server never reads
/// it. Without such a folder in the scan (a repository whose deployment makes the links) nothing is known to be disabled.
/// </summary>
internal sealed class EnabledFolders(IScanFileSystem fileSystem, IReadOnlyCollection<string> paths)
{
    private const string Available = "-available";

    private static readonly string[] Kinds = ["sites", "conf", "mods"];

    // The files each -enabled folder holds, and the files they link to; null when the scan holds no file there.
    private readonly Dictionary<string, HashSet<string>?> _enabled = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="path"/> (normalised, relative to the scan root) is a disabled file, as above.</summary>
    public bool IsDisabled(string path)
    {
        int slash = path.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        var folder = path[..slash];
        int nameStart = folder.LastIndexOf('/') + 1;
        var folderName = folder.AsSpan(nameStart);
        if (!folderName.EndsWith(Available, StringComparison.Ordinal))
        {
            return false;
        }

        var kind = folderName[..^Available.Length].ToString();
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return false;
        }

        var enabledFolder = folder[..nameStart] + kind + "-enabled";
        if (!_enabled.TryGetValue(enabledFolder, out var enabled))
        {
            _enabled.Add(enabledFolder, enabled = EnabledIn(enabledFolder));
        }

        return enabled is not null && !enabled.Contains(path);
    }

    private HashSet<string>? EnabledIn(string folder)
    {
        HashSet<string>? enabled = null;
        var probe = fileSystem as ILinkProbe;
        foreach (var path in paths)
        {
            if (path.Length > folder.Length + 1 && path.StartsWith(folder, StringComparison.Ordinal) && path[folder.Length] == '/'
                && path.IndexOf('/', folder.Length + 1) < 0)
            {
                enabled ??= new HashSet<string>(StringComparer.Ordinal);
                enabled.Add(path);
                if (probe?.LinkTarget(path) is { } target)
                {
                    enabled.Add(target);
                }
            }
        }

        return enabled;
    }
}
