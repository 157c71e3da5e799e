using System.Collections.Concurrent;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// Reads each file once per scan and serves that snapshot to every loader, binder and reporter, so a file changed on
/// disk during the scan is seen whole and the same everywhere (never half old, half new). A file no format claims is
/// let go after detection (<see cref="Forget"/>), and read again only if an include names it. Remembers every file read so
/// reporters can show source lines, and enforces the scan's file limits: size, files reached through includes, and
/// include glob fan-out, each reported as a finding.
/// </summary>
internal sealed class CachingFileSystem(IScanFileSystem inner, ScanLimits limits, IReadOnlyCollection<string> discovered) : IScanFileSystem, IDirectoryProbe, ILinkProbe
{
    private readonly ConcurrentDictionary<string, SourceText?> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SyntaxDiagnostic> _problems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _globs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _exists = new(StringComparer.Ordinal);
    private readonly HashSet<string> _discovered = new(discovered.Select(PathUtil.Normalize), StringComparer.Ordinal);

    // The files reached through includes that fit under the limit, each counted once; guarded by locking the set itself.
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private volatile bool _countingIncludes = true;

    public CachingFileSystem(IScanFileSystem inner)
        : this(inner, ScanLimits.Default, [])
    {
    }

    /// <summary>The files read, less any that a parallel load read past the include limit and the one-worker load refused.</summary>
    public IReadOnlyDictionary<string, SourceText> ReadFiles =>
        _cache.Where(kv => kv.Value is not null && !IsRefusedInclude(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    private bool IsRefusedInclude(string path) => _problems.TryGetValue(path, out var problem) && problem.LogicalKey == MaxIncludedFilesKey;

    /// <summary>
    /// Files not read, or read only in part, because of a limit or containment, plus the file system's own reasons; one per
    /// path. A file too large to read that is no configuration (<see cref="SkipTooLarge"/>) is not among them.
    /// </summary>
    public IEnumerable<SyntaxDiagnostic> Problems =>
        AllProblems
            .Where(d => d.LogicalKey != TooLargeKey || !_notConfiguration.ContainsKey(d.Location.Path))
            .DistinctBy(d => d.Location.Path)
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal);

    private IEnumerable<SyntaxDiagnostic> AllProblems => _problems.Values.Concat(inner is IReadProblemSource source ? source.ReadProblems : []);

    // The files too large to read whose start showed they are no configuration (a binary, an archive, a document).
    private readonly ConcurrentDictionary<string, byte> _notConfiguration = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="path"/> was not read for being larger than <see cref="ScanLimits.MaxFileBytes"/>.</summary>
    public bool WasTooLarge(string path)
    {
        var reported = ReportedPath(path);
        return AllProblems.Any(d => d.LogicalKey == TooLargeKey && string.Equals(d.Location.Path, reported, StringComparison.Ordinal));
    }

    // The path a file's problems are reported at: the file a link in the scan leads to, as for its text.
    private string ReportedPath(string path) => LinkTarget(path) ?? path;

    /// <summary>
    /// The start of a file, at most <paramref name="maxBytes"/> bytes, for detection; null when it cannot be read. A file
    /// system that cannot read part of a file (one in memory, which holds the text already) gives its text cut there.
    /// </summary>
    public SourceText? TryReadHead(string path, int maxBytes) =>
        inner is IHeadReader reader ? reader.TryReadHead(path, maxBytes)
        : inner.TryRead(path) is not { } source ? null
        : source.Length <= maxBytes ? source
        : new SourceText(source.Path, source.ToString(new TextSpan(0, maxBytes)));

    /// <summary>Lets go of the text read for <paramref name="path"/>; a later read reads the file again.</summary>
    public void Forget(string path) => _cache.TryRemove(PathUtil.Normalize(path), out _);

    /// <summary>Drops the finding that <paramref name="path"/> was too large to read: its start showed it is no configuration.</summary>
    public void SkipTooLarge(string path) => _notConfiguration.TryAdd(ReportedPath(path), 0);

    // Include globs and served folders ask the same questions many times in a scan: asked of the inner file system once.
    public bool FileExists(string relativePath) => _exists.GetOrAdd(PathUtil.Normalize(relativePath), inner.FileExists);

    public bool AllowOutsideRoot => inner.AllowOutsideRoot;

    // True when the inner file system cannot tell, so the caller globs as before.
    public bool DirectoryExists(string relativePath) => inner is not IDirectoryProbe probe || probe.DirectoryExists(relativePath);

    public string? LinkTarget(string relativePath) => inner is ILinkProbe probe ? probe.LinkTarget(relativePath) : null;

    public IReadOnlyList<string> Glob(string pattern)
    {
        var matches = _globs.GetOrAdd(pattern, inner.Glob);
        if (matches.Count <= limits.MaxGlobMatches)
        {
            return matches;
        }

        // The first matches in sorted order are kept, as nginx and httpd would read them first.
        var first = matches[limits.MaxGlobMatches];
        _problems.TryAdd(first, new SyntaxDiagnostic(
            "EA0003",
            Location.ForFile(first),
            $"The include pattern \"{pattern}\" matches {matches.Count} files, more than limits.max-glob-matches ({limits.MaxGlobMatches}); only the first {limits.MaxGlobMatches} in sorted order were read, from this one on they were not.",
            "limit|max-glob-matches|" + pattern));
        return [.. matches.Take(limits.MaxGlobMatches)];
    }

    /// <summary>
    /// Whether a file reached through includes was refused for <see cref="ScanLimits.MaxIncludedFiles"/>. Which files
    /// came first depends on the order the loaders asked in, so a scan that loaded in parallel loads again on one worker
    /// after <see cref="RestartIncludeCount"/>.
    /// </summary>
    public bool IncludeLimitReached => _problems.Values.Any(p => p.LogicalKey == MaxIncludedFilesKey);

    /// <summary>Forgets which included files were admitted and the findings for those refused; files already read stay in the snapshot.</summary>
    public void RestartIncludeCount()
    {
        lock (_admitted)
        {
            _admitted.Clear();
        }

        foreach (var (path, problem) in _problems)
        {
            if (problem.LogicalKey == MaxIncludedFilesKey)
            {
                _problems.TryRemove(path, out _);
            }
        }
    }

    /// <summary>
    /// Ends the loading phase: files asked for afterwards (certificates a site names, the suppression file) are read
    /// without counting against <see cref="ScanLimits.MaxIncludedFiles"/>. They are bounded by the configurations already
    /// loaded, and the binders ask for them in parallel, so counting them would make which one is refused a matter of timing.
    /// </summary>
    public void StopIncludeCount() => _countingIncludes = false;

    public SourceText? TryRead(string relativePath)
    {
        var path = PathUtil.Normalize(relativePath);
        return Admit(path) ? _cache.GetOrAdd(path, Read) : null;
    }

    private const string MaxIncludedFilesKey = "limit|max-included-files";

    // Discovered files are always read; a file reached through includes counts once, the first time it is asked for.
    private bool Admit(string path)
    {
        if (_discovered.Count == 0 || _discovered.Contains(path) || !_countingIncludes)
        {
            return true;
        }

        lock (_admitted)
        {
            if (_admitted.Contains(path) || (_admitted.Count < limits.MaxIncludedFiles && _admitted.Add(path)))
            {
                return true;
            }
        }

        _problems.TryAdd(path, new SyntaxDiagnostic(
            "EA0003",
            Location.ForFile(path),
            $"More than limits.max-included-files ({limits.MaxIncludedFiles}) files were reached through includes in this scan; this one was not read.",
            MaxIncludedFilesKey));
        return false;
    }

    private SourceText? Read(string path)
    {
        var source = inner.TryRead(path);

        // A file system that cannot tell a file's size before reading it (one in memory) is held to the limit afterwards.
        if (source is not null && source.Length > limits.MaxFileBytes)
        {
            _problems.TryAdd(path, TooLarge(path, source.Length, limits.MaxFileBytes));
            return null;
        }

        return source;
    }

    /// <summary>The finding for a file over <see cref="ScanLimits.MaxFileBytes"/>.</summary>
    public static SyntaxDiagnostic TooLarge(string path, long length, long limit) => new(
        "EA0002",
        Location.ForFile(path),
        $"The file is {length:N0} bytes, more than limits.max-file-bytes ({limit:N0}); it was not read. Raise the limit in .electionaudit.yml if the file is genuine.",
        TooLargeKey);

    private const string TooLargeKey = "limit|max-file-bytes";
}

/// <summary>A file system that can say why files were not read (too large, not a regular file, a symbolic link out of the scan root or in a loop).</summary>
public interface IReadProblemSource
{
    /// <summary>One EA0002/EA0003 diagnostic per file that was asked for and not read for a reason other than not existing.</summary>
    IEnumerable<SyntaxDiagnostic> ReadProblems { get; }
}
