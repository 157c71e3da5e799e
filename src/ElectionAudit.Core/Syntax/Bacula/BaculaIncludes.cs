using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>
/// Follows Bacula's <c>@</c> includes. Bacula's lexer reads the named file in place of the include, wherever it stands
/// (Bacula manual, "Including other Configuration Files"), so an include inside a resource adds directives to it.
/// </summary>
/// <remarks>
/// An absolute name is the deployed machine's path (<c>/etc/bacula/jobs.conf</c>): it is mapped into the scan by its
/// trailing segments, under the including file's folder or a folder above it, the longest trailing part first, as
/// named.conf's and borgmatic's absolute includes are. A relative name is looked for beside the including file (Bacula
/// opens it from the daemon's working directory, which a scan does not know). A name no file of the scan matches, a
/// cycle, nesting past <see cref="ScanLimits.MaxIncludeDepth"/>, and a command's output (<c>@|"…"</c>, which a scan does
/// not run) are EA0003 at the name, and that include is not followed.
/// </remarks>
internal static class BaculaIncludes
{
    /// <summary>
    /// Follows the includes of <paramref name="trees"/> (the detected Bacula files), setting each including tree's
    /// <see cref="BaculaSyntaxTree.IncludedTrees"/>. Returns the files read only because something includes them, and the EA0003s.
    /// </summary>
    public static (List<SyntaxTree> Included, List<SyntaxDiagnostic> Diagnostics) Resolve(IEnumerable<SyntaxTree> trees, IScanFileSystem fileSystem, LoadOptions options)
    {
        var byPath = new Dictionary<string, BaculaSyntaxTree>(StringComparer.Ordinal);
        foreach (var tree in trees.OfType<BaculaSyntaxTree>())
        {
            byPath.TryAdd(tree.Source.Path, tree);
        }

        var visited = new HashSet<BaculaSyntaxTree>(ReferenceEqualityComparer.Instance);
        var included = new List<SyntaxTree>();
        var diagnostics = new List<SyntaxDiagnostic>();
        foreach (var tree in byPath.Values.OrderBy(t => t.Source.Path, StringComparer.Ordinal).ToList())
        {
            Visit(tree, [tree.Source.Path]);
        }

        return (included, diagnostics);

        void Visit(BaculaSyntaxTree tree, List<string> stack)
        {
            if (!visited.Add(tree))
            {
                return;
            }

            Dictionary<BaculaIncludeSyntax, BaculaSyntaxTree>? found = null;
            foreach (var include in Includes(tree.Root.Statements))
            {
                if (include.IsCommand)
                {
                    Report(tree, include, $"include '@{include.Path}' reads what a command prints, which a scan does not run; the resources it adds were not read (list the files with '@' includes instead to have them audited)");
                    continue;
                }

                if (Find(fileSystem, tree.Source.Path, include.Path, out var problem) is not { } path)
                {
                    Report(tree, include, problem!);
                    continue;
                }

                if (stack.Contains(path, StringComparer.Ordinal))
                {
                    Report(tree, include, $"include '@{include.Path}' includes '{path}' again while it is being read (an include cycle)");
                    continue;
                }

                if (stack.Count > options.Limits.MaxIncludeDepth)
                {
                    Report(tree, include, $"include '@{include.Path}' nests deeper than {options.Limits.MaxIncludeDepth} includes (limits.max-include-depth); it was not followed");
                    continue;
                }

                if (!byPath.TryGetValue(path, out var target))
                {
                    if (fileSystem.TryRead(path) is not { } source)
                    {
                        Report(tree, include, $"include '@{include.Path}' names '{path}', which could not be read");
                        continue;
                    }

                    target = BaculaParser.Parse(source);
                    byPath.Add(path, target);
                    included.Add(target);
                }

                target.IsIncluded = true;
                (found ??= new(ReferenceEqualityComparer.Instance))[include] = target;
                stack.Add(path);
                Visit(target, stack);
                stack.RemoveAt(stack.Count - 1);
            }

            if (found is not null)
            {
                tree.IncludedTrees = found;
            }
        }

        void Report(BaculaSyntaxTree tree, BaculaIncludeSyntax include, string message) =>
            diagnostics.Add(new SyntaxDiagnostic("EA0003", tree.Source.GetLocation(include.PathSpan), message));
    }

    /// <summary>The includes among <paramref name="statements"/> and inside their blocks, in file order.</summary>
    internal static IEnumerable<BaculaIncludeSyntax> Includes(IEnumerable<BaculaStatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is BaculaIncludeSyntax include)
            {
                yield return include;
            }
            else if (statement is BaculaItemSyntax { Block: { } block })
            {
                foreach (var inner in Includes(block))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string? Find(IScanFileSystem fileSystem, string includingPath, string value, out string? problem) =>
        PathUtil.FindIncludedFile(
            fileSystem,
            includingPath,
            value,
            "@" + value,
            candidate => $"include '@{value}' was not found beside the including file, as '{candidate}' (Bacula opens a relative name from the folder the daemon runs in, which the scan does not know)",
            out problem);
}
