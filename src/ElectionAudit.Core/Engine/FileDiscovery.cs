using System.IO.Enumeration;
using ElectionAudit.Configuration;
using ElectionAudit.Syntax;
using ElectionAudit.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ElectionAudit.Engine;

/// <summary>What discovery found: the files to scan, and entries it would not follow (each an EA0003 or a note).</summary>
/// <param name="Files">Files to scan, relative to the root with forward slashes, in ordinal order.</param>
/// <param name="Problems">Symbolic links out of the root or in a loop (EA0003), and device files, FIFOs and sockets skipped (EA0002 when named explicitly).</param>
/// <param name="Skipped">Special files (devices, FIFOs, sockets) and symbolic links out of the scan root into the operating
/// system's own folders (<c>/usr</c> but not <c>/usr/local</c>, <c>/lib</c>, <c>/dev</c>, …) met while walking directories:
/// never opened, not findings.</param>
public sealed record DiscoveryResult(IReadOnlyList<string> Files, IReadOnlyList<SyntaxDiagnostic> Problems, IReadOnlyList<string> Skipped);

/// <summary>Finds the files to scan under the scan root with the configuration's include and exclude globs.</summary>
public static class FileDiscovery
{
    /// <summary>
    /// The files to scan, relative to <paramref name="root"/> with forward slashes, in ordinal order.
    /// <paramref name="paths"/> are files or directories (absolute or relative to the root); a file named explicitly is scanned even when the globs would skip it.
    /// </summary>
    public static IReadOnlyList<string> Discover(string root, IReadOnlyList<string> paths, AuditConfiguration configuration) =>
        DiscoverWithProblems(root, paths, configuration, allowOutsideRoot: false).Files;

    /// <summary>
    /// Walks the given paths under <paramref name="root"/> itself rather than through a globbing library, so that it decides
    /// what to follow: a symbolic link (to a file or a directory) whose real target is outside the root is not followed
    /// unless <paramref name="allowOutsideRoot"/>, a link loop or a directory reached twice is walked once, and device
    /// files, FIFOs and sockets are never opened. The include and exclude globs are matched on the walked paths.
    /// </summary>
    public static DiscoveryResult DiscoverWithProblems(string root, IReadOnlyList<string> paths, AuditConfiguration configuration, bool allowOutsideRoot)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(configuration);
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (fullRoot.Length == 0)
        {
            fullRoot = "/";
        }

        var realRoot = DiskFileSystem.RealPath(fullRoot);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(configuration.Include);
        matcher.AddExcludePatterns(configuration.Exclude);
        var excluded = new ExcludedFolders(fullRoot, configuration.Exclude);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var problems = new List<SyntaxDiagnostic>();
        var skipped = new List<string>();
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            var full = Path.GetFullPath(Path.Combine(fullRoot, path));
            var relative = Path.GetRelativePath(fullRoot, full).Replace('\\', '/');
            if (!PathUtil.IsInsideRoot(relative))
            {
                throw new ConfigurationException($"'{path}' is outside the scan root '{fullRoot}'; pass --root to scan it.");
            }

            if (File.Exists(full))
            {
                if (SpecialFiles.IsSpecial(full))
                {
                    problems.Add(new SyntaxDiagnostic("EA0002", Location.ForFile(relative), $"'{relative}' is a device file, FIFO or socket, not a regular file; it was not read.", "special-file"));
                }
                else
                {
                    found.Add(relative);
                }
            }
            else if (Directory.Exists(full))
            {
                // Only the directory given is walked (a scan of samples/ from a repository's top does not list the whole
                // repository); the walked paths stay relative to the root, since that is what the globs are relative to.
                var start = relative == "." ? string.Empty : relative;
                var realStart = start.Length == 0 ? realRoot : DiskFileSystem.RealPath(full);
                if (!allowOutsideRoot && !IsUnder(realStart, realRoot))
                {
                    problems.Add(new SyntaxDiagnostic("EA0003", Location.ForFile(relative), $"\"{relative}\" leads through a symbolic link to \"{realStart}\", outside the scan root; it was not followed (pass --allow-outside-root to follow it).", "outside-root|" + relative));
                    continue;
                }

                var linkProblems = new List<(SyntaxDiagnostic Problem, bool Folder)>();
                var walked = Walk(fullRoot, start, realStart, realRoot, allowOutsideRoot, excluded, linkProblems, skipped);
                found.UnionWith(matcher.Match(fullRoot, walked).Files.Select(f => f.Path.Replace('\\', '/')));

                // A link the globs do not select is not part of the scan, so where it leads is no finding (a Python
                // virtual environment's bin/python, a link to /usr/bin, sits under the default **/bin/** exclusion). A
                // folder link is reported unless the exclusions cover everything under it: the include globs could
                // select files it holds, which cannot be listed.
                problems.AddRange(linkProblems
                    .Where(l => l.Folder ? !excluded.CoversAllUnder(l.Problem.Location.Path) : matcher.Match(fullRoot, [l.Problem.Location.Path]).HasMatches)
                    .Select(l => l.Problem));
            }
            else
            {
                throw new ConfigurationException($"'{path}' does not exist.");
            }
        }

        // Directories given inside one another are walked once each, so their problems can repeat.
        return new DiscoveryResult(
            [.. found],
            [.. problems.DistinctBy(p => (p.RuleId, p.Location.Path, p.Message)).OrderBy(p => p.Location.Path, StringComparer.Ordinal)],
            [.. skipped.Distinct().Order(StringComparer.Ordinal)]);
    }

    private static List<string> Walk(string fullRoot, string start, string realStart, string realRoot, bool allowOutsideRoot, ExcludedFolders excluded, List<(SyntaxDiagnostic Problem, bool Folder)> problems, List<string> skipped)
    {
        var files = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { realRoot, realStart };
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var relativeDirectory = pending.Pop();
            var directory = relativeDirectory.Length == 0 ? fullRoot : Path.Combine(fullRoot, relativeDirectory);
            List<Entry> entries;
            try
            {
                entries = [.. new FileSystemEnumerable<Entry>(directory, static (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0), AllEntries)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var entry in entries)
            {
                var relative = relativeDirectory.Length == 0 ? entry.Name : relativeDirectory + "/" + entry.Name;
                var real = Path.Combine(directory, entry.Name);
                bool isDirectory = entry.IsDirectory;
                if (entry.IsLink)
                {
                    // Only a link is asked of the system again: what the listing says of any other entry is what the
                    // system would say of its path (a stat, a readlink and two exists checks per file were most of
                    // discovery, which runs before any worker starts).
                    try
                    {
                        real = DiskFileSystem.RealPath(real, realRoot);
                    }
                    catch (IOException)
                    {
                        problems.Add((new SyntaxDiagnostic("EA0003", Location.ForFile(relative), $"\"{relative}\" is a symbolic link that leads into a loop of links; it was not followed.", "symlink-loop|" + relative), false));
                        continue;
                    }

                    if (!IsUnder(real, realRoot) && !allowOutsideRoot)
                    {
                        if (IsOperatingSystemFile(real))
                        {
                            skipped.Add(relative);
                            continue;
                        }

                        problems.Add((new SyntaxDiagnostic("EA0003", Location.ForFile(relative), $"\"{relative}\" is a symbolic link to \"{real}\", outside the scan root; it was not followed (pass --allow-outside-root to follow it).", "outside-root|" + relative), Directory.Exists(real)));
                        continue;
                    }

                    isDirectory = Directory.Exists(real);
                    if (!isDirectory && !File.Exists(real))
                    {
                        problems.Add((new SyntaxDiagnostic("EA0003", Location.ForFile(relative), $"\"{relative}\" is a symbolic link to \"{real}\", which does not exist.", "dangling-link|" + relative), false));
                        continue;
                    }
                }

                if (isDirectory)
                {
                    // A directory reached a second time (through a link to a parent, or two links to one place) is walked
                    // once, and one the exclusions cover whole (.git, node_modules) is not listed at all.
                    if (!excluded.CoversAllUnder(relative) && visited.Add(real))
                    {
                        pending.Push(relative);
                    }
                }
                else
                {
                    (SpecialFiles.IsSpecial(real) ? skipped : files).Add(relative);
                }
            }
        }

        return files;
    }

    // Every entry, hidden ones included (dot files are hidden on Unix), as DirectoryInfo.EnumerateFileSystemInfos lists them.
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink);

    /// <summary>
    /// Which folders the exclusions cover whole: those an exclusion ending in <c>/**</c> matches every path under
    /// (<c>**/.git/**</c> covers <c>.git</c> and <c>a/.git</c>). A pattern that names files (<c>**/bin/*.conf</c>) covers
    /// no folder whole, so such a folder is still walked.
    /// </summary>
    internal sealed class ExcludedFolders
    {
        private readonly string _root;
        private readonly Matcher? _wholeFolders;
        private readonly List<string> _namedAnywhere = [];
        private readonly List<string> _paths = [];

        public ExcludedFolders(string root, IEnumerable<string> exclude)
        {
            _root = root;
            var others = new List<string>();
            foreach (var pattern in exclude.Where(p => p.EndsWith("/**", StringComparison.Ordinal)))
            {
                // The common shapes are answered from the folder's segments (the matcher was 8 ms of a corpus scan's
                // single-threaded start, asked once per folder): "**/NAME/**" covers every folder with a segment NAME,
                // "A/B/**" the folder A/B and those under it. Any other shape goes to the matcher.
                var body = pattern[..^3];
                if (body.StartsWith("**/", StringComparison.Ordinal) && IsPlainSegment(body.AsSpan(3)))
                {
                    _namedAnywhere.Add(body[3..]);
                }
                else if (body.Length > 0 && body.Split('/').All(segment => IsPlainSegment(segment)))
                {
                    _paths.Add(body);
                }
                else
                {
                    others.Add(pattern);
                }
            }

            if (others.Count > 0)
            {
                _wholeFolders = new Matcher(StringComparison.Ordinal);
                _wholeFolders.AddIncludePatterns(others);
            }
        }

        // "folder/**" matches a path under the folder whatever its name, so one child stands for all of them.
        public bool CoversAllUnder(string relativeFolder)
        {
            foreach (var name in _namedAnywhere)
            {
                foreach (var segment in relativeFolder.AsSpan().Split('/'))
                {
                    if (relativeFolder.AsSpan(segment).SequenceEqual(name))
                    {
                        return true;
                    }
                }
            }

            foreach (var path in _paths)
            {
                if (relativeFolder.StartsWith(path, StringComparison.Ordinal) && (relativeFolder.Length == path.Length || relativeFolder[path.Length] == '/'))
                {
                    return true;
                }
            }

            return _wholeFolders is not null && _wholeFolders.Match(_root, [relativeFolder + "/_"]).HasMatches;
        }

        // A segment the matcher compares as plain text: no wildcard or brace, and not "." or "..", which it resolves.
        private static bool IsPlainSegment(ReadOnlySpan<char> segment) =>
            !segment.IsEmpty && !segment.SequenceEqual(".") && !segment.SequenceEqual("..") && segment.IndexOfAny(GlobCharacters) < 0;

        private static readonly System.Buffers.SearchValues<char> GlobCharacters = System.Buffers.SearchValues.Create("*?[]{}/\\");
    }

    // Folders of what packages install and what the kernel provides (Filesystem Hierarchy Standard 3.0: chapter 3 for
    // /bin, /dev, /lib, /lib<qual>, /run and /sbin; chapter 4 for /usr, whose /usr/local, 4.9, is the system
    // administrator's own; the Linux annex, chapter 6, for /proc and /sys). A repository of a
    // server's /etc (etckeeper) links hundreds of files there: /etc/alternatives/* to /usr/bin, /etc/ssl/certs/* to
    // /usr/share/ca-certificates, systemd units to /lib/systemd or /dev/null. No operator writes election configuration
    // there, and a repository could not hold it; such a link is skipped, not reported.
    private static readonly string[] OperatingSystemFolders = ["/usr/", "/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/dev/", "/proc/", "/sys/", "/run/"];

    internal static bool IsOperatingSystemFile(string realPath) =>
        !OperatingSystem.IsWindows()
        && !realPath.StartsWith("/usr/local/", StringComparison.Ordinal)
        && OperatingSystemFolders.Any(folder => realPath.StartsWith(folder, StringComparison.Ordinal));

    private static bool IsUnder(string path, string root)
    {
        var rootWithSlash = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(rootWithSlash, StringComparison.Ordinal) || path == root;
    }
}
