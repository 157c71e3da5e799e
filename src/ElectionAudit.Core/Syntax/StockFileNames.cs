namespace ElectionAudit.Syntax;

/// <summary>
/// The names of files a server package installs in its configuration folder and that configurations include by name
/// (<see cref="Nginx.NginxStockFiles"/>, <see cref="NamedConf.BindStockFiles"/>): an include names one where the package
/// puts it when it is the bare name, or an absolute path in one of the package's folders.
/// </summary>
internal sealed class StockFileNames(string[] names, string[] folderEnds)
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="argument"/> (as written in the include) names one of the files where the package puts it.</summary>
    public bool IsStockInclude(string argument)
    {
        int slash = argument.LastIndexOf('/');
        if (!_names.Contains(argument[(slash + 1)..]))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var folder = argument.AsSpan(0, slash).TrimEnd('/');
        if (!argument.StartsWith('/'))
        {
            return false;
        }

        foreach (var end in folderEnds)
        {
            if (folder.EndsWith(end, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
