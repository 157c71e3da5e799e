using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>
/// Loads DNS zone files (RFC 1035 master files) for the engine: each detected file with everything it <c>$INCLUDE</c>s.
/// A file that another zone file includes is not loaded as a zone of its own, since it only has meaning in its
/// includer's context (origin, owner, TTL).
/// <para>
/// At load time the origin is the best guess from the file alone (<c>$ORIGIN</c>, SOA owner, file name). The binder
/// (<see cref="DnsModel.Build(IEnumerable{SyntaxTree}, IEnumerable{Descriptor.ElectionDescriptor})"/>) then applies named.conf <c>zone</c> statements and the descriptor's
/// <c>dns.zones[]</c>, which take precedence, and re-reads a zone whose origin changes.
/// </para>
/// </summary>
public sealed class ZoneFormatLoader : FormatLoader
{
    // The load result of each top-level zone tree, so that binding can reuse its record list (records of included
    // files in include order) instead of parsing again when the origin stays the same. Keyed weakly by the tree.
    private static readonly ConditionalWeakTable<ZoneSyntaxTree, ZoneLoadResult> LoadResults = [];

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Zone;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return ZoneFormat.LooksLikeZone(path, text) ? ByName(path) : DetectionConfidence.None;
    }

    /// <inheritdoc />
    /// <remarks>Reads the lines content detection looks at, not the whole file: a zone file can be megabytes.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        return ZoneFormat.LooksLikeZone(path, source) ? ByName(path) : DetectionConfidence.None;
    }

    private static DetectionConfidence ByName(string path)
    {
        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        return name.StartsWith("db.", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".zone", StringComparison.OrdinalIgnoreCase)
            ? DetectionConfidence.FileName
            : DetectionConfidence.Content;
    }

    /// <inheritdoc />
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        var loaded = new ConcurrentDictionary<string, ZoneLoadResult>(StringComparer.Ordinal);

        // Largest first (the files were read for detection, so their sizes are cached; Length, unlike Text, makes no string).
        LargestFirst.ForEach(
            paths,
            path => fileSystem.TryRead(path)?.Length ?? 0,
            options.MaxDegreeOfParallelism,
            path => loaded[PathUtil.Normalize(path)] = new ZoneFileLoader(fileSystem).Load(path));

        var included = IncludedPaths(loaded.Values.SelectMany(result => result.Trees));
        var trees = new List<SyntaxTree>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, result) in loaded.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (included.Contains(path) || result.Trees.IsEmpty)
            {
                continue;
            }

            LoadResults.AddOrUpdate(result.Trees[0], result);

            // A file included by two zones is one file: its tree is kept once, from the first includer in path order.
            trees.AddRange(result.Trees.Where(tree => seen.Add(tree.Source.Path)));
        }

        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal)]);
    }

    /// <summary>The load result recorded for a top-level zone tree, if this loader produced it.</summary>
    internal static ZoneLoadResult? TryGetLoadResult(ZoneSyntaxTree tree) => LoadResults.TryGetValue(tree, out var result) ? result : null;

    /// <summary>Every path an <c>$INCLUDE</c> in <paramref name="trees"/> resolved to.</summary>
    internal static HashSet<string> IncludedPaths(IEnumerable<ZoneSyntaxTree> trees) =>
        // Only trees that hold an $INCLUDE are gone through: a class test per entry of every zone showed in a corpus scan.
        trees.Where(tree => tree.MayContain(typeof(IncludeDirectiveSyntax)))
            .SelectMany(tree => tree.Root.Entries.OfType<IncludeDirectiveSyntax>())
            .Select(include => include.ResolvedPath)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Loads the zone at <paramref name="path"/> again with another origin, reading files from the already-loaded sources.</summary>
    internal static ZoneLoadResult Reload(string path, DomainName origin, IScanFileSystem sources) => new ZoneFileLoader(sources).Load(path, origin);
}
