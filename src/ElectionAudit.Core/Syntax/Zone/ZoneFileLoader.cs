using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>Options for <see cref="ZoneFileLoader"/>.</summary>
public sealed record ZoneLoadOptions
{
    /// <summary>
    /// The directory (relative to the scan root) that relative <c>$INCLUDE</c> paths are resolved against first, standing
    /// in for named's working directory. Null means the directory of the zone file being loaded.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The zone's class, given to records that omit theirs.</summary>
    public DnsClass Class { get; init; } = DnsClass.IN;

    /// <summary>How deep <c>$INCLUDE</c> may nest before the loader stops following it.</summary>
    public int MaxIncludeDepth { get; init; } = 16;
}

/// <summary>A zone as loaded from its file and everything it includes.</summary>
public sealed class ZoneLoadResult
{
    internal ZoneLoadResult(DomainName origin, ImmutableArray<ZoneSyntaxTree> trees, ImmutableArray<ResourceRecordSyntax> records, ImmutableArray<SyntaxDiagnostic> diagnostics)
    {
        Origin = origin;
        Trees = trees;
        Records = records;
        Diagnostics = diagnostics;
    }

    /// <summary>The origin the zone was loaded with.</summary>
    public DomainName Origin { get; }

    /// <summary>The zone file first, then each included file in the order it was read. Empty when the zone file itself is missing.</summary>
    public ImmutableArray<ZoneSyntaxTree> Trees { get; }

    /// <summary>Every record in load order, included files' records at their <c>$INCLUDE</c>; each knows its file through <see cref="SyntaxNode.Tree"/>.</summary>
    public ImmutableArray<ResourceRecordSyntax> Records { get; }

    /// <summary>The diagnostics of every tree, plus an EA0003 when the zone file itself cannot be read.</summary>
    public ImmutableArray<SyntaxDiagnostic> Diagnostics { get; }
}

/// <summary>
/// Loads a zone file through <see cref="IScanFileSystem"/>, following <c>$INCLUDE</c>.
/// <para>
/// Where an included file is looked for: BIND reads a relative <c>$INCLUDE</c> path "from named's working directory"
/// (BIND 9 ARM, "Zone File" — "$INCLUDE ... a relative path ... is read from named's working directory"), which is the
/// <c>directory</c> option, not the including file's folder. A repository does not say where named runs, so the loader
/// tries <see cref="ZoneLoadOptions.WorkingDirectory"/> (default: the zone file's folder, where zone files usually sit
/// beside named's working directory) and then the including file's folder. A file found in neither, an absolute path,
/// or an include cycle is reported as EA0003 at the file name; so is a relative path that climbs out of the scan root,
/// unless the file system allows reading outside it (<see cref="IScanFileSystem.AllowOutsideRoot"/>, <c>--allow-outside-root</c>).
/// </para>
/// <para>
/// As in BIND, the included file starts with the given origin (or the current one) and inherits the current owner
/// name; <c>$TTL</c> and the previous-record TTL carry across files; the includer's origin and owner are unchanged
/// after the include (RFC 1035 §5.1: "$INCLUDE ... does not change the relative origin of the parent file").
/// </para>
/// <para>
/// A file is read again at each <c>$INCLUDE</c> of it, as named reads it. Files that include each other many times over
/// would expand past what named or a scan could read, so once <see cref="RereadBudget.MaxStatementsReadAgain"/> entries
/// have been read from files read again, a file already read is not read again, and each <c>$INCLUDE</c> not followed
/// is an EA0003.
/// </para>
/// </summary>
public sealed class ZoneFileLoader
{
    private const string IncludeRule = "EA0003";
    private readonly IScanFileSystem _fileSystem;
    private readonly ZoneLoadOptions _options;

    /// <summary>Creates a loader over a scan file system.</summary>
    public ZoneFileLoader(IScanFileSystem fileSystem, ZoneLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
        _options = options ?? new ZoneLoadOptions();
    }

    /// <summary>The characters an ASCII file is widened in at a time while it is parsed (the tests make it small).</summary>
    internal int Window { get; init; } = ZoneText.DefaultWindow;

    /// <summary>Loads the zone in <paramref name="path"/> (relative to the scan root).</summary>
    /// <param name="path">The zone file.</param>
    /// <param name="origin">The zone's origin; when null it is guessed with <see cref="ZoneFormat.GuessOrigin(string, string)"/>.</param>
    public ZoneLoadResult Load(string path, DomainName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = PathUtil.Normalize(path);
        var source = _fileSystem.TryRead(normalized);
        if (source is null)
        {
            return new ZoneLoadResult(origin ?? DomainName.Root, [], [],
                [new SyntaxDiagnostic(IncludeRule, Location.ForFile(normalized), $"zone file '{normalized}' could not be read")]);
        }

        origin ??= ZoneFormat.GuessOrigin(source.Path, source);
        var run = new Run(this, _options.WorkingDirectory ?? PathUtil.GetDirectory(source.Path));
        var state = new ZoneLoadState { ZoneClass = _options.Class };
        run.Stack.Add(source.Path);
        var tree = ZoneParser.Parse(source, new ZoneFileContext(origin, null), state, run.FollowInclude, Window);
        run.Trees.Insert(0, tree);

        // Without an include followed, the zone's records are its file's, in the same order: the tree's array serves both
        // (a second array per zone was kept to the end of the scan).
        ImmutableArray<ResourceRecordSyntax> records;
        if (run.Included.Count == 0)
        {
            records = tree.Records;
        }
        else
        {
            var collected = ImmutableArray.CreateBuilder<ResourceRecordSyntax>();
            run.CollectRecords(tree, collected);
            records = collected.ToImmutable();
        }

        return new ZoneLoadResult(origin, [.. run.Trees], records, [.. run.Trees.SelectMany(t => t.Diagnostics)]);
    }

    private sealed class Run(ZoneFileLoader loader, string workingDirectory)
    {
        public List<ZoneSyntaxTree> Trees { get; } = [];

        public List<string> Stack { get; } = [];

        public Dictionary<IncludeDirectiveSyntax, ZoneSyntaxTree> Included { get; } = [];

        private readonly RereadBudget<string> _budget = new(StringComparer.Ordinal);

        public IEnumerable<SyntaxDiagnostic> FollowInclude(IncludeDirectiveSyntax include, SourceText includingFile, ZoneFileContext context, ZoneLoadState state)
        {
            var location = includingFile.GetLocation(include.FileNameSpan);
            var name = include.FileName;
            if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':'))
            {
                return [new SyntaxDiagnostic(IncludeRule, location, $"$INCLUDE '{name}' is an absolute path, which cannot be resolved inside the scanned files")];
            }

            string? found = null;
            string? refused = null;
            foreach (var directory in new[] { workingDirectory, PathUtil.GetDirectory(includingFile.Path) }.Distinct(StringComparer.Ordinal))
            {
                var candidate = PathUtil.Combine(directory, name);
                if (!PathUtil.IsReachable(loader._fileSystem, candidate))
                {
                    refused ??= candidate;
                    continue;
                }

                if (candidate.Length > 0 && loader._fileSystem.FileExists(candidate))
                {
                    found = candidate;
                    break;
                }
            }

            if (found is null)
            {
                return [new SyntaxDiagnostic(IncludeRule, location, refused is not null
                    ? $"$INCLUDE '{name}' resolves to {PathUtil.OutsideRootRefusal(refused)}"
                    : $"$INCLUDE '{name}' was not found (looked in '{workingDirectory}/' and beside '{includingFile.Path}')")];
            }

            if (Stack.Contains(found, StringComparer.Ordinal))
            {
                return [new SyntaxDiagnostic(IncludeRule, location, $"$INCLUDE '{name}' includes '{found}' again while it is being read (an include cycle)")];
            }

            if (Stack.Count > loader._options.MaxIncludeDepth)
            {
                return [new SyntaxDiagnostic(IncludeRule, location, $"$INCLUDE '{name}' nests more than {loader._options.MaxIncludeDepth} files deep")];
            }

            // named reads a file again at each $INCLUDE of it (with the origin, owner and TTL of that place), and so does the
            // loader; past the budget, a file already read is not read again.
            if (!_budget.TryEnter(found, out bool again))
            {
                return [new SyntaxDiagnostic(IncludeRule, location, RereadBudget.NotFollowed(found))];
            }

            var source = loader._fileSystem.TryRead(found);
            if (source is null)
            {
                _budget.Leave(again);
                return [new SyntaxDiagnostic(IncludeRule, location, $"$INCLUDE '{name}' could not be read")];
            }

            include.ResolvedPath = found;
            Stack.Add(found);
            var childContext = new ZoneFileContext(include.Origin ?? context.Origin, context.CurrentOwner);
            var tree = ZoneParser.Parse(source, childContext, state, FollowInclude, loader.Window);
            Stack.RemoveAt(Stack.Count - 1);
            _budget.Count(Statements(tree));
            _budget.Leave(again);

            Trees.Add(tree);
            Included[include] = tree;
            return [];
        }

        // A $GENERATE stands for the records it generates.
        private static long Statements(ZoneSyntaxTree tree)
        {
            long statements = 0;
            foreach (var entry in tree.Root.Entries)
            {
                statements += entry is GenerateDirectiveSyntax generate ? Math.Max(1, generate.Records.Length) : 1;
            }

            return statements;
        }

        public void CollectRecords(ZoneSyntaxTree tree, ImmutableArray<ResourceRecordSyntax>.Builder records)
        {
            foreach (var entry in tree.Root.Entries)
            {
                switch (entry)
                {
                    case ResourceRecordSyntax record:
                        records.Add(record);
                        break;
                    case GenerateDirectiveSyntax generate:
                        records.AddRange(generate.Records);
                        break;
                    case IncludeDirectiveSyntax include when Included.TryGetValue(include, out var child):
                        CollectRecords(child, records);
                        break;
                }
            }
        }
    }
}
