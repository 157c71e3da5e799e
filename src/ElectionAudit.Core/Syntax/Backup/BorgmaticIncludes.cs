using ElectionAudit.Engine;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Backup;

/// <summary>
/// Follows borgmatic's <c>!include</c> tags (borgmatic documentation, reference "Includes"). A tagged scalar names a file
/// whose YAML stands for the value, or, under the merge key <c>&lt;&lt;</c>, is deep merged into the mapping; a tagged
/// sequence names several files (borgmatic 1.8.1). Each file found becomes <see cref="YamlSyntaxTree.IncludedTrees"/> of the
/// file naming it, and is read itself as borgmatic YAML, its own includes followed in turn.
/// </summary>
/// <remarks>
/// borgmatic looks for a relative name in its working directory and then beside the including file. A scan knows only the
/// second. An absolute name is the deployed machine's path (<c>/etc/borgmatic/common.yaml</c>): it is mapped into the scan
/// by its trailing segments, under the including file's folder or a folder above it, the longest trailing part first, as
/// named.conf's absolute includes are. A name no file of the scan matches, a file already being included (a cycle) and
/// nesting past <see cref="ScanLimits.MaxIncludeDepth"/> are EA0003 at the name, and that include is not followed.
/// </remarks>
internal static class BorgmaticIncludes
{
    /// <summary>The tag borgmatic gives its includes.</summary>
    public const string IncludeTag = "!include";

    /// <summary>
    /// Follows the includes of <paramref name="trees"/> (the detected borgmatic files), setting each including tree's
    /// <see cref="YamlSyntaxTree.IncludedTrees"/>. Returns the files read only because something includes them, and the EA0003s.
    /// </summary>
    public static (List<SyntaxTree> Included, List<SyntaxDiagnostic> Diagnostics) Resolve(IEnumerable<SyntaxTree> trees, IScanFileSystem fileSystem, LoadOptions options)
    {
        var byPath = new Dictionary<string, YamlSyntaxTree>(StringComparer.Ordinal);
        foreach (var tree in trees.OfType<YamlSyntaxTree>())
        {
            byPath.TryAdd(tree.Source.Path, tree);
        }

        var visited = new HashSet<YamlSyntaxTree>(ReferenceEqualityComparer.Instance);
        var included = new List<SyntaxTree>();
        var diagnostics = new List<SyntaxDiagnostic>();
        foreach (var tree in byPath.Values.OrderBy(t => t.Source.Path, StringComparer.Ordinal).ToList())
        {
            Visit(tree, [tree.Source.Path]);
        }

        return (included, diagnostics);

        void Visit(YamlSyntaxTree tree, List<string> stack)
        {
            if (!visited.Add(tree) || tree.Tags is null)
            {
                return;
            }

            Dictionary<YamlScalarSyntax, YamlSyntaxTree>? found = null;
            foreach (var name in IncludeNames(tree))
            {
                if (Find(fileSystem, tree.Source.Path, name.Value.Trim(), out var problem) is not { } path)
                {
                    Report(tree, name, problem!);
                    continue;
                }

                if (stack.Contains(path, StringComparer.Ordinal))
                {
                    Report(tree, name, $"include '{name.Value}' includes '{path}' again while it is being read (an include cycle)");
                    continue;
                }

                if (stack.Count > options.Limits.MaxIncludeDepth)
                {
                    Report(tree, name, $"include '{name.Value}' nests deeper than {options.Limits.MaxIncludeDepth} includes (limits.max-include-depth); it was not followed");
                    continue;
                }

                if (!byPath.TryGetValue(path, out var target))
                {
                    if (fileSystem.TryRead(path) is not { } source || BorgmaticLoader.Parse(source, options.YamlLimits) is not YamlSyntaxTree parsed)
                    {
                        Report(tree, name, $"include '{name.Value}' names '{path}', which could not be read");
                        continue;
                    }

                    target = parsed;
                    byPath.Add(path, target);
                    included.Add(target);
                }

                (found ??= new(ReferenceEqualityComparer.Instance))[name] = target;
                stack.Add(path);
                Visit(target, stack);
                stack.RemoveAt(stack.Count - 1);
            }

            if (found is not null)
            {
                tree.IncludedTrees = found;
            }
        }

        // At the file name: a tagged scalar's span starts at its tag ("!include common.yaml").
        void Report(YamlSyntaxTree tree, YamlScalarSyntax name, string message)
        {
            var text = tree.Source.ToString(name.Span).AsSpan();
            int skip = 0;
            while (skip < text.Length && text[skip] is '!' or '&')
            {
                while (skip < text.Length && !char.IsWhiteSpace(text[skip]))
                {
                    skip++;
                }

                while (skip < text.Length && char.IsWhiteSpace(text[skip]))
                {
                    skip++;
                }
            }

            var span = skip < text.Length ? new TextSpan(name.Span.Start + skip, name.Span.Length - skip) : name.Span;
            diagnostics.Add(new SyntaxDiagnostic("EA0003", tree.Source.GetLocation(span), message));
        }
    }

    // The scalars naming files: each "!include" scalar, and each scalar item of an "!include" sequence, in file order.
    private static List<YamlScalarSyntax> IncludeNames(YamlSyntaxTree tree) =>
        tree.Tags!
            .Where(t => t.Value == IncludeTag)
            .SelectMany(t => t.Key switch
            {
                YamlScalarSyntax scalar => [scalar],
                YamlSequenceSyntax sequence => sequence.Items.OfType<YamlScalarSyntax>(),
                _ => [],
            })
            .Where(name => !name.IsNull)
            .DistinctBy(name => name, ReferenceEqualityComparer.Instance)
            .OrderBy(name => name.Span.Start)
            .ToList();

    // "~/x" is the home folder of the user borgmatic runs as, which the scan does not know: its trailing segments decide, as
    // an absolute path's do.
    private static string? Find(IScanFileSystem fileSystem, string includingPath, string value, out string? problem) =>
        PathUtil.FindIncludedFile(
            fileSystem,
            includingPath,
            value.StartsWith('~') ? "/" + value.TrimStart('~').TrimStart('/') : value,
            value,
            candidate => $"include '{value}' was not found: borgmatic looks for it beside the including file, as '{candidate}' (or in the folder it runs in, which the scan does not know)",
            out problem);
}
