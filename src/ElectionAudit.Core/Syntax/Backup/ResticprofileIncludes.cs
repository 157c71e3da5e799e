using ElectionAudit.Engine;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Backup;

/// <summary>
/// Follows resticprofile's <c>includes</c> (resticprofile documentation, "Includes", since v0.18.0): the main configuration
/// names files or glob patterns, relative to its own folder; resticprofile loads the main file, then each name in declaration
/// order, a glob's matches in alphabetical order, and merges each over what it has, so that what comes later overrides
/// what came earlier, sections merge key by key, and a list replaces a list. A file that another names is read only as part
/// of that file: the <c>includes</c> of an included file have no effect, and the main file is never merged into itself.
/// </summary>
/// <remarks>
/// resticprofile takes a name that is a file, else a glob, and skips a name that matches nothing without a word. A scan
/// reports a plain name (no wildcard) that it cannot find as EA0003, since the profiles that file would add or change go
/// unaudited; a relative glob that matches nothing is what resticprofile accepts, and is not reported. An absolute name is
/// the deployed machine's path: it is mapped into the scan by its trailing segments under the main file's folder or a
/// folder above it, as borgmatic's and Bacula's are, and an absolute glob none of whose trailing forms matches is EA0003.
/// resticprofile refuses to merge an HCL file into a YAML or TOML one (and the reverse), so such a name is EA0003 too.
/// </remarks>
internal static class ResticprofileIncludes
{
    /// <summary>The top-level key that names the files to merge.</summary>
    public const string Key = "includes";

    /// <summary>
    /// Sets <see cref="SyntaxTree.MergedFiles"/> of each main configuration among <paramref name="trees"/> (the detected
    /// resticprofile files, in path order) and <see cref="SyntaxTree.IsMerged"/> of the files they merge. Returns the files
    /// read only because a main configuration names them, and the EA0003s.
    /// </summary>
    public static (List<SyntaxTree> Included, List<SyntaxDiagnostic> Diagnostics) Resolve(IReadOnlyList<SyntaxTree> trees, IScanFileSystem fileSystem, LoadOptions options)
    {
        var byPath = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            byPath.TryAdd(tree.Source.Path, tree);
        }

        var included = new List<SyntaxTree>();
        var diagnostics = new List<SyntaxDiagnostic>();
        var merged = new HashSet<SyntaxTree>(ReferenceEqualityComparer.Instance);
        foreach (var tree in trees)
        {
            // A file that an earlier main configuration merges is part of it; its own includes have no effect.
            if (merged.Contains(tree) || RootOf(tree)?.Find(Key) is not { } entry)
            {
                continue;
            }

            var files = new List<SyntaxTree>();
            foreach (var name in Names(entry.Value))
            {
                foreach (var path in Find(fileSystem, tree.Source.Path, name, diagnostics))
                {
                    if (string.Equals(path, tree.Source.Path, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (IsHcl(path) != IsHcl(tree.Source.Path))
                    {
                        diagnostics.Add(Diagnostic(name, $"include '{name.Value}' names '{path}': resticprofile does not merge an HCL file with a YAML or TOML one (it stops with an error), so the file was not merged"));
                        continue;
                    }

                    if (!byPath.TryGetValue(path, out var target))
                    {
                        if (fileSystem.TryRead(path) is not { } source)
                        {
                            diagnostics.Add(Diagnostic(name, $"include '{name.Value}' names '{path}', which could not be read"));
                            continue;
                        }

                        target = ResticprofileLoader.Parse(source, options.YamlLimits);
                        byPath.Add(path, target);
                        included.Add(target);
                    }

                    files.Add(target);
                }
            }

            foreach (var file in files)
            {
                merged.Add(file);
                file.IsMerged = true;
                file.MergedFiles = [];
            }

            tree.MergedFiles = files;
        }

        return (included, diagnostics);
    }

    /// <summary>The top-level mapping of a resticprofile file, YAML or TOML; null when none could be read.</summary>
    internal static YamlMappingSyntax? RootOf(SyntaxTree tree) => tree switch
    {
        YamlSyntaxTree yaml => yaml.RootMapping,
        TomlSyntaxTree toml => toml.RootMapping,
        _ => null,
    };

    // One name or a list of them: resticprofile reads the key as a list of strings, and a single string as a list of one.
    private static IEnumerable<YamlScalarSyntax> Names(YamlNodeSyntax value) => value switch
    {
        YamlScalarSyntax { IsNull: false } scalar => [scalar],
        YamlSequenceSyntax sequence => sequence.Items.OfType<YamlScalarSyntax>().Where(s => !s.IsNull),
        _ => [],
    };

    private static IReadOnlyList<string> Find(IScanFileSystem fileSystem, string mainPath, YamlScalarSyntax name, List<SyntaxDiagnostic> diagnostics)
    {
        var value = name.Value.Trim();
        bool glob = GlobPattern.HasWildcards(value);
        var folder = PathUtil.GetDirectory(mainPath);
        if (!glob)
        {
            if (PathUtil.FindIncludedFile(fileSystem, mainPath, value, value, NotFound, out var problem) is { } path)
            {
                return [path];
            }

            diagnostics.Add(Diagnostic(name, problem!));
            return [];
        }

        if (!value.StartsWith('/'))
        {
            var pattern = PathUtil.Combine(folder, value);
            if (PathUtil.IsReachable(fileSystem, pattern))
            {
                return fileSystem.Glob(pattern);
            }

            diagnostics.Add(Diagnostic(name, $"include '{value}' resolves to {PathUtil.OutsideRootRefusal(pattern)}"));
            return [];
        }

        // An absolute glob: its trailing segments, the longest first, under the main file's folder and the folders above it,
        // keeping at least the folder that holds its first wildcard.
        if (PathUtil.GlobByTrailingSegments(fileSystem, value, PathUtil.FolderAndAncestors(folder)) is { Count: > 0 } found)
        {
            return found;
        }

        diagnostics.Add(Diagnostic(name, $"include '{value}' is an absolute path outside the scan, and no file {(folder.Length == 0 ? "of the scan" : $"under '{folder}' or a folder above it")} matches its trailing path segments"));
        return [];

        string NotFound(string candidate) =>
            $"include '{value}' was not found: resticprofile looks for it beside the main configuration, as '{candidate}', and skips a name that matches no file without a word, so the profiles it would add or change are not audited";
    }

    private static bool IsHcl(string path) => path.EndsWith(".hcl", StringComparison.OrdinalIgnoreCase);

    private static SyntaxDiagnostic Diagnostic(YamlScalarSyntax name, string message) =>
        new("EA0003", name.Tree.Source.GetLocation(name.Span), message);
}
