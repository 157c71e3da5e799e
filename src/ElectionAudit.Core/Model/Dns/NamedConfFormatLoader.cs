using System.Collections.Concurrent;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>
/// Loads BIND named.conf files for the engine, following <c>include</c>. A file that another detected named.conf
/// includes is not loaded again on its own.
/// </summary>
public sealed class NamedConfFormatLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.NamedConf;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return NamedConfFormat.LooksLikeNamedConf(path, text) ? ByName(path) : DetectionConfidence.None;
    }

    /// <inheritdoc />
    /// <remarks>Reads the head content detection looks at, and only when the name does not decide.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        return NamedConfFormat.LooksLikeNamedConf(path, source) ? ByName(path) : DetectionConfidence.None;
    }

    private static DetectionConfidence ByName(string path) =>
        path.AsSpan(path.LastIndexOf('/') + 1).StartsWith("named.conf", StringComparison.OrdinalIgnoreCase) ? DetectionConfidence.FileName : DetectionConfidence.Content;

    /// <inheritdoc />
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        var loaded = new ConcurrentDictionary<string, (List<NamedConfSyntaxTree> Trees, List<SyntaxDiagnostic> IncludeDiagnostics)>(StringComparer.Ordinal);
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, path =>
        {
            var trees = new NamedConfLoader(fileSystem).Load(path, out var diagnostics);
            loaded[PathUtil.Normalize(path)] = ([.. trees], [.. diagnostics]);
        });

        // Included files appear as the second and later trees of their includer.
        var included = loaded.Values.SelectMany(l => l.Trees.Skip(1)).Select(t => t.Source.Path).ToHashSet(StringComparer.Ordinal);
        var result = new List<SyntaxTree>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, (trees, diagnostics)) in loaded.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (included.Contains(path))
            {
                continue;
            }

            // Names are checked in a configuration that is whole: an include the scan could not read may define the ACL.
            var all = diagnostics.Any(d => d.RuleId == "EA0003") ? diagnostics : [.. diagnostics, .. NamedConfAcls.Undefined(trees)];
            foreach (var tree in trees.Where(t => seen.Add(t.Source.Path)))
            {
                var own = all.Where(d => d.Location.Path == tree.Source.Path).ToList();
                // The loader reports unresolved includes separately; they belong to the including file's tree (EA0003 findings).
                result.Add(own.Count == 0 ? tree : new NamedConfSyntaxTree(tree.Source, tree.Root, tree.Comments, tree.Diagnostics.AddRange(own)));
            }
        }

        return new LoadResult([.. result.OrderBy(t => t.Source.Path, StringComparer.Ordinal)]);
    }
}
