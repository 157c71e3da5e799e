using System.Collections.Concurrent;
using System.Text;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// An <see cref="IScanFileSystem"/> over a directory on disk. Paths that leave the root (<c>../</c>), and symbolic
/// links that point outside it, are not reachable unless <see cref="AllowOutsideRoot"/>; symbolic link loops, device
/// files and FIFOs are never read, and the size limit holds, wherever the file is. Why a file was not read is kept in
/// <see cref="ReadProblems"/>.
/// </summary>
/// <remarks>
/// What the file system says about folders (whether one exists, what it holds) and where a path leads once its links are
/// resolved is asked of the operating system once per instance and remembered: a scan asks the same questions many
/// times (every include glob and every served folder walks the same directories), and a scan is a snapshot anyway.
/// Create a new instance for each scan. File contents are never cached here; <see cref="TryRead"/> reads the disk.
/// </remarks>
public sealed class DiskFileSystem : IScanFileSystem, IReadProblemSource, IDirectoryProbe, ILinkProbe, IHeadReader
{
    private readonly string _root;

    // The root with its own links resolved: a root reached through a link (a checkout under a linked folder) must
    // still contain its files, since they resolve below the link's target, not below the path as written.
    private readonly Lazy<string> _realRoot;
    private readonly ConcurrentDictionary<string, SyntaxDiagnostic> _problems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _directoryExists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _directoryLookup;
    private readonly ConcurrentDictionary<string, HashSet<string>?> _subfolders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>?>.AlternateLookup<ReadOnlySpan<char>> _subfolderLookup;
    private readonly ConcurrentDictionary<string, bool> _fileExists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Directory, bool Files), string[]?> _entries = new();

    // Whether a normalised relative path may be read: the answer, not the absolute path, is what is remembered. The
    // absolute paths of every file read were kept to the end of the scan (2.8 MB at 16,000 generated files), and making
    // one again is a few string operations without a system call.
    private readonly ConcurrentDictionary<string, bool> _reachable = new(StringComparer.Ordinal);

    // The functions the answers above are made with, made once: a method group or a lambda over this instance given to
    // GetOrAdd is a new delegate per call, and these are asked for every file found and read.
    private readonly Func<string, bool> _isReadable;
    private readonly Func<string, bool> _fileExistsOnDisk;
    private readonly Func<string, HashSet<string>?> _readSubfolders;
    private readonly ConcurrentDictionary<string, string> _realPaths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _linkedPaths = new(StringComparer.Ordinal);

    /// <summary>Creates a file system rooted at <paramref name="rootDirectory"/>.</summary>
    public DiskFileSystem(string rootDirectory)
    {
        _root = Path.GetFullPath(rootDirectory);
        _directoryLookup = _directoryExists.GetAlternateLookup<ReadOnlySpan<char>>();
        _subfolderLookup = _subfolders.GetAlternateLookup<ReadOnlySpan<char>>();
        _isReadable = IsReadable;
        _fileExistsOnDisk = normalized => File.Exists(ReadPath(normalized));
        _readSubfolders = ReadSubfolders;
        _realRoot = new Lazy<string>(() =>
        {
            try
            {
                return RealPath(_root.TrimEnd(Path.DirectorySeparatorChar));
            }
            catch (IOException)
            {
                return _root;
            }
        });
    }

    /// <summary>The absolute root directory.</summary>
    public string Root => _root;

    /// <summary>Largest file read, in bytes; a larger file reads as absent, and EA0002 in <see cref="ReadProblems"/> says why.</summary>
    public long MaxFileBytes { get; init; } = ScanLimits.Default.MaxFileBytes;

    /// <summary>
    /// Whether files outside the root are read (<c>--allow-outside-root</c>): through symbolic links that point out of it,
    /// and through paths that leave it (<c>../</c>, as an <c>include ../shared/tls.conf;</c> resolves). By default they are not.
    /// </summary>
    public bool AllowOutsideRoot { get; init; }

    /// <inheritdoc />
    public IEnumerable<SyntaxDiagnostic> ReadProblems => _problems.Values;

    /// <inheritdoc />
    public bool FileExists(string relativePath)
    {
        var normalized = PathUtil.Normalize(relativePath);
        return MayRead(normalized) && _fileExists.GetOrAdd(normalized, _fileExistsOnDisk);
    }

    /// <inheritdoc />
    bool IDirectoryProbe.DirectoryExists(string relativePath)
    {
        var normalized = PathUtil.Normalize(relativePath);
        return PathUtil.IsReachable(this, normalized) && IsDirectoryUnderRoot(normalized);
    }

    /// <inheritdoc />
    string? ILinkProbe.LinkTarget(string relativePath)
    {
        var normalized = PathUtil.Normalize(relativePath);
        if (!MayRead(normalized) || !_linkedPaths.TryGetValue(normalized, out var resolved) || !IsUnder(resolved, _realRoot.Value))
        {
            return null;
        }

        return Path.GetRelativePath(_realRoot.Value, resolved).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Glob(string pattern)
    {
        var normalized = PathUtil.Normalize(pattern);
        if (!PathUtil.IsReachable(this, normalized))
        {
            return [];
        }

        // The folder the pattern's fixed part names: when it is missing nothing can match, and no segment need be walked.
        int wildcard = normalized.AsSpan().IndexOfAny("*?[");
        int fixedEnd = (wildcard < 0 ? normalized : normalized[..wildcard]).LastIndexOf('/');
        if (fixedEnd > 0 && !IsDirectoryUnderRoot(normalized.AsSpan(0, fixedEnd)))
        {
            return [];
        }

        var segments = normalized.Split('/');
        var current = new List<string> { string.Empty };
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (dir.Length == 0 ? !IsDirectory(_root) : !IsDirectoryUnderRoot(dir))
                {
                    continue;
                }

                if (!GlobPattern.HasWildcards(segments[i]))
                {
                    var candidate = dir.Length == 0 ? segments[i] : dir + "/" + segments[i];
                    if (last ? FileExists(candidate) : IsDirectoryUnderRoot(candidate))
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                var fullDir = dir.Length == 0 ? _root : Path.Combine(_root, dir);
                if (_entries.GetOrAdd((fullDir, last), Entries) is not { } names)
                {
                    continue;
                }

                foreach (var name in names)
                {
                    // glob(3) does not match a leading dot with a wildcard.
                    if (name.StartsWith('.') && !segments[i].StartsWith('.'))
                    {
                        continue;
                    }

                    if (GlobPattern.IsMatch(segments[i], name))
                    {
                        next.Add(dir.Length == 0 ? name : dir + "/" + name);
                    }
                }
            }

            current = next;
        }

        return current.Where(p => MayRead(PathUtil.Normalize(p))).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>How many folder-exists answers this instance remembers, one per path (for tests).</summary>
    internal int RememberedFolderAnswers => _directoryExists.Count;

    /// <summary>How many folders' lists of subfolders this instance remembers (for tests).</summary>
    internal int RememberedFolderLists => _subfolders.Count;

    // Whether a folder exists at an absolute path, asked of the operating system once per instance. A folder whose parent
    // is missing is missing too, and is not remembered (its parent is): the document roots a site's configuration could
    // mean are probed under every folder up to the scan root, and at 4,000 files the remembered answers for folders
    // under missing ones were 2 MB of absolute paths kept to the end of the scan.
    //
    // The questions come as paths relative to the root, most of them about folders that do not exist, so the absolute
    // path is put together in a stack buffer and looked up there, and a string is made only to remember a new answer:
    // the served-folder probes made 6 MB of path strings at 4,000 generated files.
    private bool IsDirectoryUnderRoot(ReadOnlySpan<char> normalized)
    {
        int length = _root.Length + 1 + normalized.Length;
        if (length > 512 || Path.IsPathRooted(normalized))
        {
            return IsDirectory(Path.Combine(_root, normalized.ToString()));
        }

        Span<char> buffer = stackalloc char[length];
        return Path.TryJoin(_root, normalized, buffer, out int written) ? IsDirectory(buffer[..written]) : IsDirectory(Path.Combine(_root, normalized.ToString()));
    }

    private bool IsDirectory(ReadOnlySpan<char> fullPath)
    {
        if (_directoryLookup.TryGetValue(fullPath, out bool known))
        {
            return known;
        }

        if (fullPath.Contains("//", StringComparison.Ordinal))
        {
            // A doubled separator names the same folder as a single one (as the kernel reads it); the walk up the parents
            // below takes a path without them.
            var single = fullPath.ToString();
            while (single.Contains("//", StringComparison.Ordinal))
            {
                single = single.Replace("//", "/", StringComparison.Ordinal);
            }

            return IsDirectory(single);
        }

        var parent = Path.GetDirectoryName(fullPath);
        if (!parent.IsEmpty && parent.Length < fullPath.Length)
        {
            if (!IsDirectory(parent))
            {
                return false;
            }

            // The parent exists, so its list of subfolders answers for the name. Remembering one answer per path asked
            // kept a path for each folder a site's document root was looked for in and was not (32,000 paths, 4.3 MB,
            // at 16,000 generated files); the lists are as long as the folders that exist. Only the folders found are
            // remembered by path, so that the walk up from a deeper path stops at them.
            //
            // The list decides only that a folder is missing: a name it does not hold in any case is missing on a file
            // system that ignores case too (macOS and Windows by default). A name it holds, in some case, is asked of the
            // operating system and remembered, as are names that are not ASCII, which such a file system may compare in
            // another Unicode form than the list gives them.
            var name = Path.GetFileName(fullPath);
            if (name.Length > 0 && name is not "." and not ".." && Ascii.IsValid(name) && IsInRootFolder(parent)
                && SubfoldersOf(parent) is { } subfolders && !subfolders.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                return false;
            }
        }

        return _directoryExists.GetOrAdd(fullPath.ToString(), Directory.Exists);
    }

    // The root or a folder under it. The folders above the root exist (the root does) and are few, and listing them
    // would read folders such as /tmp that can hold anything.
    private bool IsInRootFolder(ReadOnlySpan<char> folder)
    {
        var root = _root.AsSpan().TrimEnd(Path.DirectorySeparatorChar);
        return folder.StartsWith(root, StringComparison.Ordinal)
            && (folder.Length == root.Length || folder[root.Length] == Path.DirectorySeparatorChar);
    }

    // The names of a folder's subfolders (symbolic links to folders among them, as Directory.Exists follows links), read
    // once per instance; null when the folder cannot be listed, and then each path is asked of the operating system.
    private HashSet<string>? SubfoldersOf(ReadOnlySpan<char> folder)
    {
        if (_subfolderLookup.TryGetValue(folder, out var known))
        {
            return known;
        }

        return _subfolders.GetOrAdd(folder.ToString(), _readSubfolders);
    }

    private HashSet<string>? ReadSubfolders(string path)
    {
        try
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in EnumerateSubfolders(path))
            {
                names.Add(Path.GetFileName(entry));
            }

            return names;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Lists a folder's subfolders (<see cref="Directory.EnumerateDirectories(string)"/>). A test stands in a lister that
    /// fails, as the system's does for a folder this user may search but not read, which tests run as root cannot make.
    /// </summary>
    internal Func<string, IEnumerable<string>> EnumerateSubfolders { get; init; } = Directory.EnumerateDirectories;

    // The names of a folder's files (or of its subfolders), or null when it cannot be listed.
    private static string[]? Entries((string Directory, bool Files) key)
    {
        try
        {
            var entries = key.Files ? Directory.EnumerateFiles(key.Directory) : Directory.EnumerateDirectories(key.Directory);
            return [.. entries.Select(e => Path.GetFileName(e))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public SourceText? TryRead(string relativePath)
    {
        if (ReadTarget(relativePath) is not (var full, var path))
        {
            return null;
        }

        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return null;
            }

            if (SpecialFiles.IsSpecial(full))
            {
                // Opening a FIFO blocks until something writes to it, and a device such as /dev/zero never ends.
                _problems.TryAdd(path, new SyntaxDiagnostic("EA0002", Location.ForFile(path), "The path is a device file, FIFO or socket, not a regular file; it was not read.", "special-file"));
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                _problems.TryAdd(path, CachingFileSystem.TooLarge(path, info.Length, MaxFileBytes));
                return null;
            }

            // Read once into memory: every later use sees this snapshot, whatever happens to the file meanwhile. A file
            // that grew past the limit between the size check and the read is cut off at the limit by the reader, and
            // says so, rather than being read torn or without bound.
            var bytes = ReadAtMost(full, info.Length, MaxFileBytes + 1);
            if (bytes.Count > MaxFileBytes)
            {
                _problems.TryAdd(path, CachingFileSystem.TooLarge(path, bytes.Count, MaxFileBytes));
                return null;
            }

            return SourceText.FromOwnedBytes(path, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    SourceText? IHeadReader.TryReadHead(string relativePath, int maxBytes)
    {
        if (ReadTarget(relativePath) is not (var full, var path))
        {
            return null;
        }

        try
        {
            if (SpecialFiles.IsSpecial(full))
            {
                return null;
            }

            using var stream = OpenForReading(full);
            var buffer = new byte[maxBytes];
            return SourceText.FromOwnedBytes(path, new ArraySegment<byte>(buffer, 0, Fill(stream, buffer, 0)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Where a file is read from, and the path its text and findings carry; null when it may not be read. A file read
    // through a symbolic link to a file of the scan (sites-enabled/x -> ../sites-available/x) is that file: its text, and
    // every finding in it, carries the path of the file a fix is made in, not of the link.
    private (string Full, string Path)? ReadTarget(string relativePath)
    {
        if (ToFullPath(relativePath) is not { } full)
        {
            return null;
        }

        var path = PathUtil.Normalize(relativePath);
        return (full, ((ILinkProbe)this).LinkTarget(path) ?? path);
    }

    /// <summary>
    /// The absolute path a relative path is read from, or null when it leaves the root (through <c>../</c> or a symbolic
    /// link) and <see cref="AllowOutsideRoot"/> is not set. For a symbolic link whose absolute target is mapped into the
    /// scan (Debian's <c>sites-enabled/default</c> to <c>/etc/nginx/sites-available/default</c>), the file it maps to.
    /// </summary>
    public string? ToFullPath(string relativePath)
    {
        var normalized = PathUtil.Normalize(relativePath);
        return MayRead(normalized) ? ReadPath(normalized) : null;
    }

    // Where a path that may be read is read from: the mapped file for a link to an absolute target (see RealPath),
    // else the path itself, which the system resolves. Only paths that go through a link are remembered.
    private string ReadPath(string normalized) => _linkedPaths.TryGetValue(normalized, out var mapped) ? mapped : FullPath(normalized);

    // Whether a normalised relative path may be read, asked once per path (see IsReadable).
    private bool MayRead(string normalized) => _reachable.GetOrAdd(normalized, _isReadable);

    private string FullPath(string normalized) => Path.GetFullPath(Path.Combine(_root, normalized));

    private bool IsReadable(string normalized)
    {
        if (!PathUtil.IsReachable(this, normalized))
        {
            return false;
        }

        var full = FullPath(normalized);
        try
        {
            // Every directory on the way can be a link too, so the real path is resolved segment by segment.
            var resolved = RealPathOf(full);
            if (IsUnder(resolved, _realRoot.Value) || IsUnder(resolved, _root) || AllowOutsideRoot)
            {
                // A path that goes through a link under the root is read from where the link leads, which for a link to
                // an absolute target mapped into the scan is not where the system would follow it.
                if (PathUtil.IsInsideRoot(normalized) && !IsRootJoinedWith(resolved, normalized))
                {
                    _linkedPaths.TryAdd(normalized, resolved);
                }

                return true;
            }

            _problems.TryAdd(normalized, new SyntaxDiagnostic("EA0003", Location.ForFile(normalized), $"\"{normalized}\" is a symbolic link to \"{resolved}\", outside the scan root; it was not followed (pass --allow-outside-root to follow it).", "outside-root|" + normalized));
            return false;
        }
        catch (IOException)
        {
            // ResolveLinkTarget fails with "too many levels of symbolic links" on a loop.
            _problems.TryAdd(normalized, new SyntaxDiagnostic("EA0003", Location.ForFile(normalized), $"\"{normalized}\" is a symbolic link that leads into a loop of links; it was not read.", "symlink-loop|" + normalized));
            return false;
        }
    }

    // Whether the real path is the real root joined with the relative path (no link on the way), compared in place: a
    // joined string per file read would be a copy of every path of the scan. A root of "/" ends in its separator.
    private bool IsRootJoinedWith(string resolved, string normalized)
    {
        var root = _realRoot.Value.AsSpan().TrimEnd(Path.DirectorySeparatorChar);
        return resolved.Length == root.Length + 1 + normalized.Length
            && resolved.AsSpan().StartsWith(root, StringComparison.Ordinal)
            && resolved[root.Length] == Path.DirectorySeparatorChar
            && resolved.AsSpan(root.Length + 1).SequenceEqual(normalized);
    }

    // RealPath with the folders on the way remembered: the files of one folder share every lookup above their own name.
    private string RealPathOf(string fullPath)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (string.IsNullOrEmpty(parent))
        {
            return fullPath;
        }

        var real = Path.Combine(_realPaths.GetOrAdd(parent, RealPathOf), Path.GetFileName(fullPath));
        return new FileInfo(real).LinkTarget is null ? real : RealPath(real, _realRoot.Value);
    }

    /// <summary>
    /// The path with every symbolic link on it resolved, as realpath(3) would give it; except that, given the scan's real
    /// root (<paramref name="scanRoot"/>), a link whose target is an absolute path outside it is taken for a link to the
    /// deployed server's file, as absolute include paths are: Debian's nginx package links
    /// <c>sites-enabled/default</c> to <c>/etc/nginx/sites-available/default</c>, and a repository of the server's
    /// <c>/etc</c> keeps the link as it is. Such a target is mapped into the scan by dropping leading segments until what
    /// is left names a file under the link's folder or one above it (nearest first, up to the root); at least the file's
    /// folder and name must be left, and the link itself does not count. A target that maps to nothing is resolved as it
    /// is. Never a folder: the walk lists a folder through its link, which the system resolves on this machine.
    /// </summary>
    internal static string RealPath(string fullPath, string? scanRoot = null)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        var pending = new Queue<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        int links = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // Linux gives up after 40 links (MAXSYMLINKS); a loop never ends otherwise.
                if (++links > 40)
                {
                    throw new IOException($"Too many levels of symbolic links at '{next}'.");
                }

                var targetFull = Path.GetFullPath(target, current);
                if (scanRoot is not null && Path.IsPathRooted(target) && !IsUnder(targetFull, scanRoot) && MapIntoScan(targetFull, current, next, scanRoot) is { } mapped)
                {
                    targetFull = mapped;
                }

                var rest = pending.ToList();
                var targetRoot = Path.GetPathRoot(targetFull) ?? "/";
                pending = new Queue<string>(targetFull[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = targetRoot;
                continue;
            }

            current = next;
        }

        return current;
    }

    private const int MaximumMappedSegments = 32;

    // The file under linkFolder, or a folder above it up to scanRoot, that the trailing segments of an absolute link
    // target name (see RealPath), or null.
    private static string? MapIntoScan(string target, string linkFolder, string link, string scanRoot)
    {
        // At most the last 32 segments, deeper than any configuration tree: a hostile link to a path of thousands of
        // segments would otherwise cost a lookup per segment and per folder above the link.
        var segments = target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int skip = Math.Max(0, segments.Length - MaximumMappedSegments); segments.Length - skip >= 2; skip++)
        {
            var tail = Path.Combine(segments[skip..]);
            for (var folder = linkFolder; folder is not null && IsUnder(folder, scanRoot); folder = Path.GetDirectoryName(folder))
            {
                var candidate = Path.Combine(folder, tail);
                if (candidate != link && File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsUnder(string path, string root)
    {
        var rootWithSlash = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(rootWithSlash, StringComparison.Ordinal) || path == root;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes (one more than a file may have, so that one that grew past it says so).
    /// The file is read into an array of the size it had when it was checked, and one byte more is asked for to tell
    /// whether it grew meanwhile; only then does the reader go on in chunks. (A chunk buffer and a growing stream for
    /// every file cost three copies of each file, which for a 2 MB zone were more than the parse itself.) The usual file
    /// fills the array exactly, so its source text keeps it (<see cref="SourceText.FromOwnedBytes"/>): reading into one
    /// byte more than that, to see the end, made every ASCII file be copied.
    /// </summary>
    /// <remarks>
    /// A binary's text is no more than its head (<see cref="SourceText.BinaryHead"/>), so a file larger than twice that is
    /// read head first, and a binary no further: <see cref="SourceText.BinaryReadBytes"/> give the text the whole file
    /// would. Reading and clearing arrays for whole libraries and archives was most of what was left of
    /// a scan of <c>/usr/lib</c> once they were no longer decoded.
    /// </remarks>
    internal static ArraySegment<byte> ReadAtMost(string fullPath, long expectedLength, long limit)
    {
        using var stream = OpenForReading(fullPath);
        int size = (int)Math.Min(Math.Max(expectedLength, 0), limit);
        byte[]? head = null;
        int total = 0;
        if (size > 2 * SourceText.BinaryReadBytes)
        {
            head = new byte[SourceText.BinaryReadBytes];
            total = Fill(stream, head, 0);
            if (total == head.Length && SourceText.BinaryHead(head) is not null)
            {
                return new ArraySegment<byte>(head);
            }
        }

        var buffer = new byte[size];
        head?.AsSpan(0, total).CopyTo(buffer);
        total = Fill(stream, buffer, total);
        if (total < buffer.Length)
        {
            // The file shrank since it was checked.
            return new ArraySegment<byte>(buffer, 0, total);
        }

        int next = stream.ReadByte();
        if (next < 0)
        {
            // The usual case: the file as it was checked.
            return new ArraySegment<byte>(buffer);
        }

        using var grown = new MemoryStream();
        grown.Write(buffer, 0, total);
        grown.WriteByte((byte)next);
        var chunk = new byte[81920];
        int read;
        while (grown.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - grown.Length))) > 0)
        {
            grown.Write(chunk, 0, read);
        }

        return grown.ToArray();
    }

    // Opened to be read once, start to end, while others may still write, rename or delete the file.
    private static FileStream OpenForReading(string fullPath) =>
        new(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

    // Reads into buffer from offset `from` until it is full or the file ends; the offset reached.
    private static int Fill(Stream stream, byte[] buffer, int from) =>
        from + stream.ReadAtLeast(buffer.AsSpan(from), buffer.Length - from, throwOnEndOfStream: false);
}
