using System.Collections.Immutable;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// An nginx configuration as nginx reads it: the main file, every file reached through <c>include</c>, the include
/// graph, and the problems found (EA0002 syntax errors of every tree, EA0003 unresolved includes).
/// Built by <see cref="NginxConfigurationLoader"/>.
/// </summary>
public sealed class NginxConfiguration
{
    private readonly Dictionary<NginxDirectiveSyntax, NginxInclude> _includesByDirective;
    private readonly Dictionary<string, NginxSyntaxTree> _treesByPath;

    internal NginxConfiguration(NginxSyntaxTree mainTree, ImmutableArray<NginxSyntaxTree> trees, ImmutableArray<NginxInclude> includes, ImmutableArray<SyntaxDiagnostic> diagnostics)
    {
        MainTree = mainTree;
        Trees = trees;
        Includes = includes;
        Diagnostics = diagnostics;
        _includesByDirective = includes.ToDictionary(include => include.Directive);
        _treesByPath = trees.ToDictionary(tree => tree.Path, StringComparer.Ordinal);
    }

    /// <summary>The main configuration file (for a dump, the first file in it).</summary>
    public NginxSyntaxTree MainTree { get; }

    /// <summary>Every tree reached, the main one first, then in the order nginx first reads each file.</summary>
    public ImmutableArray<NginxSyntaxTree> Trees { get; }

    /// <summary>Every <c>include</c> directive reached (each once, even when its file is included several times), in the order they were resolved.</summary>
    public ImmutableArray<NginxInclude> Includes { get; }

    /// <summary>All problems: each tree's EA0002 diagnostics and the loader's EA0003 ones, grouped by tree in <see cref="Trees"/> order and by position within a tree.</summary>
    public ImmutableArray<SyntaxDiagnostic> Diagnostics { get; }

    /// <summary>The tree of a file by its <see cref="NginxSyntaxTree.Path"/>, or null when the file was not reached.</summary>
    public NginxSyntaxTree? GetTree(string path) => _treesByPath.GetValueOrDefault(path);

    /// <summary>What an <c>include</c> directive brought in, or null for a directive that is not a resolved include.</summary>
    public NginxInclude? GetInclude(NginxDirectiveSyntax directive) => _includesByDirective.GetValueOrDefault(directive);

    /// <summary>
    /// The directives of <paramref name="block"/> as nginx sees them: every <c>include</c> is replaced, in place, by
    /// the top-level directives of the files it brought in (recursively). Each directive keeps its own tree, file
    /// and span. Blocks are not entered: call this again on a directive's <see cref="NginxDirectiveSyntax.Block"/>.
    /// </summary>
    public IEnumerable<NginxDirectiveSyntax> GetEffectiveDirectives(NginxBlockSyntax block)
    {
        ArgumentNullException.ThrowIfNull(block);

        // The include graph has no cycles (the loader drops the edge that would close one), so this terminates.
        var stack = new Stack<IEnumerator<NginxDirectiveSyntax>>();
        stack.Push(((IEnumerable<NginxDirectiveSyntax>)block.Directives).GetEnumerator());
        while (stack.Count > 0)
        {
            var enumerator = stack.Peek();
            if (!enumerator.MoveNext())
            {
                enumerator.Dispose();
                stack.Pop();
                continue;
            }

            var directive = enumerator.Current;
            if (directive.IsInclude && GetInclude(directive) is { } include)
            {
                for (int i = include.Trees.Length - 1; i >= 0; i--)
                {
                    stack.Push(((IEnumerable<NginxDirectiveSyntax>)include.Trees[i].Root.Directives).GetEnumerator());
                }

                continue;
            }

            if (!directive.IsInclude)
            {
                yield return directive;
            }
        }
    }

    /// <summary>
    /// <see cref="GetEffectiveDirectives"/> as a list: the binder takes every level's directives as one, and most blocks
    /// hold no <c>include</c>, so their directives are copied as they are, without the iterator, its stack and an
    /// enumerator per file.
    /// </summary>
    internal List<NginxDirectiveSyntax> GetEffectiveDirectiveList(NginxBlockSyntax block)
    {
        ArgumentNullException.ThrowIfNull(block);
        foreach (var directive in block.Directives)
        {
            if (directive.IsInclude)
            {
                return [.. GetEffectiveDirectives(block)];
            }
        }

        var list = new List<NginxDirectiveSyntax>(block.Directives.Length);
        list.AddRange(block.Directives);
        return list;
    }

    /// <summary>
    /// Every directive of the configuration in the order nginx reads it: depth first from the main file, blocks
    /// entered, includes expanded in place (<c>include</c> directives themselves are not returned).
    /// </summary>
    public IEnumerable<NginxDirectiveSyntax> GetAllEffectiveDirectives()
    {
        var stack = new Stack<IEnumerator<NginxDirectiveSyntax>>();
        stack.Push(GetEffectiveDirectives(MainTree.Root).GetEnumerator());
        while (stack.Count > 0)
        {
            var enumerator = stack.Peek();
            if (!enumerator.MoveNext())
            {
                enumerator.Dispose();
                stack.Pop();
                continue;
            }

            var directive = enumerator.Current;
            yield return directive;
            if (directive.Block is not null)
            {
                stack.Push(GetEffectiveDirectives(directive.Block).GetEnumerator());
            }
        }
    }
}
