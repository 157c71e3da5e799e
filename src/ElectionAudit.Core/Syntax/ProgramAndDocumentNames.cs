namespace ElectionAudit.Syntax;

/// <summary>
/// File names that say a file is a program's source or a document: C, Perl, awk and the like are full of braces,
/// semicolons and words such as <c>if</c>, <c>return</c>, <c>map</c> and <c>index</c>, which nginx has too, and a README
/// quotes configuration in its examples. Neither nginx nor httpd reads such a file as its configuration, so their
/// content tests never claim one; a name that claims a file on its own (<c>nginx.conf</c>, <c>.htaccess</c>) still does.
/// Not used for zone files, whose names are domain names (<c>example.pl</c>, <c>example.sh</c>).
/// </summary>
internal static class ProgramAndDocumentNames
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        // Programs.
        "c", "h", "cc", "cpp", "cxx", "hpp", "cs", "java", "kt", "scala", "go", "rs", "swift", "js", "mjs", "cjs", "ts",
        "py", "pl", "pm", "rb", "php", "awk", "sed", "sh", "bash", "zsh", "lua", "tcl", "sql",
        // Documents, style sheets and changes.
        "md", "markdown", "rst", "adoc", "tex", "html", "htm", "css", "scss", "patch", "diff",
    };

    // The documents a source package or a Debian package carries by name, whatever follows the first dot (README.Debian,
    // NEWS.md): the GNU Coding Standards' "Releases" list (README, NEWS, INSTALL, COPYING, ChangeLog) and the names the
    // same role takes elsewhere. git's README.Debian quotes a <VirtualHost> in its prose.
    private static readonly HashSet<string> DocumentNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "README", "NEWS", "INSTALL", "COPYING", "ChangeLog", "CHANGES", "LICENSE", "AUTHORS", "THANKS", "TODO", "HACKING",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Extensions.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DocumentLookup = DocumentNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Whether the last segment of <paramref name="path"/> (either separator) ends in such an extension, or is named as a
    /// package's document (<c>README</c>, <c>README.Debian</c>, <c>NEWS.md</c>).
    /// </summary>
    public static bool IsProgramOrDocument(ReadOnlySpan<char> path)
    {
        var name = path[(path.LastIndexOfAny('/', '\\') + 1)..];
        int dot = name.LastIndexOf('.');
        if (dot > 0 && Lookup.Contains(name[(dot + 1)..]))
        {
            return true;
        }

        int firstDot = name.IndexOf('.');
        return DocumentLookup.Contains(firstDot < 0 ? name : name[..firstDot]);
    }

    /// <summary>
    /// Whether the last segment of <paramref name="path"/> ends in a compressor's extension (<c>.gz</c>, <c>.bz2</c>, <c>.xz</c>,
    /// <c>.zst</c>, <c>.lz</c>, <c>.lzma</c>, <c>.Z</c>): no server this tool reads configuration for decompresses it, so a name
    /// such as <c>named.conf.5.gz</c> (a manual page) claims nothing.
    /// </summary>
    public static bool IsCompressed(ReadOnlySpan<char> path)
    {
        var name = path[(path.LastIndexOfAny('/', '\\') + 1)..];
        int dot = name.LastIndexOf('.');
        return dot > 0 && name[(dot + 1)..] is "gz" or "bz2" or "xz" or "zst" or "lz" or "lzma" or "Z";
    }
}
