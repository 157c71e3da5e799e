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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Extensions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the last segment of <paramref name="path"/> (either separator) ends in such an extension.</summary>
    public static bool IsProgramOrDocument(ReadOnlySpan<char> path)
    {
        var name = path[(path.LastIndexOfAny('/', '\\') + 1)..];
        int dot = name.LastIndexOf('.');
        return dot > 0 && Lookup.Contains(name[(dot + 1)..]);
    }
}
