using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// Loads an nginx configuration the way nginx reads it: parses the main file and follows every <c>include</c>
/// directive, in any context, in source order.
/// </summary>
/// <remarks>
/// <para>
/// <b>Relative paths.</b> nginx resolves a relative include against its configuration prefix, which is the
/// directory of the main configuration file (<c>ngx_conf_include()</c> calls <c>ngx_conf_full_name(cycle, name, 1)</c>,
/// and <c>ngx_process_options()</c> sets the configuration prefix to the directory of the <c>-c</c> file), never
/// against the including file. The loader does the same; callers that load a fragment as the main file can give
/// the directory nginx would use instead.
/// </para>
/// <para>
/// <b>Globs.</b> A path holding <c>*</c>, <c>?</c> or <c>[</c> is a glob; its matches are read in sorted (byte)
/// order, and a glob that matches nothing is not an error (nginx opens globs with its <c>test</c> flag set, which
/// accepts GLOB_NOMATCH). A plain path that does not exist is an EA0003 at the include's argument.
/// </para>
/// <para>
/// <b>Absolute paths.</b> A path such as <c>/etc/nginx/mime.types</c> points outside the scan. The loader maps it
/// into the scan by dropping leading segments until what is left exists under the main configuration's directory:
/// <c>/etc/nginx/mime.types</c> becomes <c>mime.types</c> next to <c>nginx.conf</c>, and
/// <c>/etc/nginx/conf.d/*.conf</c> becomes <c>conf.d/*.conf</c> (a glob keeps at least the directory that holds
/// its first wildcard, and must match a file). A plain path that maps to nothing there is looked up by its trailing
/// segments (at least its folder and name) under each folder above, nearest first: a repository that keeps the server's
/// <c>etc/nginx</c> and <c>etc/letsencrypt</c> has certbot's <c>/etc/letsencrypt/options-ssl-nginx.conf</c> at
/// <c>etc/letsencrypt/options-ssl-nginx.conf</c>. When no mapping exists the include is an EA0003.
/// </para>
/// <para>
/// <b>Fragments.</b> A file that no configuration of the scan includes, and that is not a main configuration itself
/// (it is not named <c>nginx.conf</c> and has no top-level <c>events</c>, <c>http</c>, <c>stream</c> or <c>mail</c>
/// block), is loaded as a main file of its own, but nginx never reads it so: the server it is deployed to includes it
/// from a main configuration the repository does not hold, and resolves its includes against that configuration's
/// directory, which is not known. A site file kept under <c>sites-available/</c> beside <c>nginx.conf</c> writes
/// <c>include snippets/tls.conf;</c> relative to the folder above its own. So an include of such a fragment that is not
/// found under the fragment's own directory is looked up under each folder above it, nearest first, up to the scan
/// root, and the first folder that holds it is taken (for an absolute path, the first under which its trailing path
/// segments exist). Includes that resolve under the fragment's own directory resolve there, as before.
/// </para>
/// <para>
/// <b>Leaving the root.</b> A relative include that climbs out of the scan root (<c>include ../../shared/tls.conf;</c>)
/// is an EA0003 naming the target, unless the file system allows reading outside the root
/// (<see cref="IScanFileSystem.AllowOutsideRoot"/>, <c>--allow-outside-root</c>); the file is then read under its path
/// relative to the root (<c>../shared/tls.conf</c>). Absolute paths are mapped into the scan as described above either
/// way: they name the deployed server's files, not the scanning machine's.
/// </para>
/// <para>
/// <b>Cycles.</b> nginx itself does not detect include cycles. The loader reports the include that would close a
/// cycle as EA0003 and does not follow it, so the include graph it returns is acyclic.
/// </para>
/// <para>
/// <b>Reading again.</b> nginx reads a file again at each include of it, so files that include each other many times over
/// stand for more directives than nginx or a scan could ever read (twenty files of three includes of the next one each are
/// 3^20). A file's first reading is free; once the readings after it would pass
/// <see cref="RereadBudget.MaxStatementsReadAgain"/> directives, an include of a file already read is no longer followed
/// (<see cref="NginxInclude.IsCut"/>), and each include cut is an EA0003.
/// </para>
/// <para>
/// <b>Dumps.</b> When the main file is the output of <c>nginx -T</c> (see <see cref="NginxDump"/>), its files are
/// loaded from the dump itself: the first is the main configuration, includes are resolved against the paths the
/// dump names (absolute paths as they are; relative ones against the first file's directory), and every tree's
/// spans and locations point into the dump file, while <see cref="NginxSyntaxTree.Path"/> gives the file's own path.
/// </para>
/// </remarks>
public static class NginxConfigurationLoader
{
    /// <summary>How deep includes may nest before the loader stops following them (EA0003).</summary>
    public const int MaximumIncludeDepth = 64;

    /// <summary>
    /// Loads the configuration whose main file is <paramref name="mainConfigurationPath"/> (relative to the scan
    /// root), or, when that file is an <c>nginx -T</c> dump, the configuration the dump holds. Never throws on any
    /// file content.
    /// </summary>
    /// <param name="fileSystem">Where the files are read from.</param>
    /// <param name="mainConfigurationPath">The main configuration file, relative to the scan root.</param>
    /// <param name="prefixDirectory">
    /// The directory relative includes resolve against (nginx's configuration prefix), relative to the scan root;
    /// by default the directory of the main configuration file, as in nginx.
    /// </param>
    /// <param name="maximumIncludeDepth">How deep includes may nest before they are no longer followed (EA0003); the scan's <c>limits.max-include-depth</c>.</param>
    /// <exception cref="FileNotFoundException">The main configuration file cannot be read.</exception>
    public static NginxConfiguration Load(IScanFileSystem fileSystem, string mainConfigurationPath, string? prefixDirectory = null, int maximumIncludeDepth = MaximumIncludeDepth)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(mainConfigurationPath);
        var source = fileSystem.TryRead(mainConfigurationPath)
            ?? throw new FileNotFoundException("The main nginx configuration file cannot be read.", mainConfigurationPath);
        if (NginxDump.IsDump(source))
        {
            return LoadDump(source);
        }

        var prefix = PathUtil.Normalize(prefixDirectory ?? PathUtil.GetDirectory(source.Path));
        var files = new ScanFileSet(fileSystem, prefix, source, prefixGiven: prefixDirectory is not null);
        return new Builder(files, maximumIncludeDepth).Build(source.Path);
    }

    /// <summary>Loads the configuration held in an <c>nginx -T</c> dump. A text without any marker line loads as one ordinary file.</summary>
    public static NginxConfiguration LoadDump(SourceText dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var files = NginxDump.Split(dump);
        if (files.IsEmpty)
        {
            var tree = NginxSyntaxTree.Parse(dump);
            return new NginxConfiguration(tree, [tree], [], tree.Diagnostics);
        }

        var set = new DumpFileSet(dump, files);
        return new Builder(set).Build(PathUtil.Normalize(files[0].Path));
    }

    /// <param name="ResolvedPattern">The path or pattern looked up.</param>
    /// <param name="Keys">The files it names.</param>
    /// <param name="Error">Why it names none, when that is an error.</param>
    /// <param name="IsMissing">Whether the one file it names is simply not in the scan.</param>
    private readonly record struct Resolution(string ResolvedPattern, IReadOnlyList<string> Keys, string? Error, bool IsMissing = false);

    /// <summary>Where a loader finds files: the scan, or the files inside a dump. Keys are normalised relative paths.</summary>
    private interface IFileSet
    {
        Resolution Resolve(string value);

        NginxSyntaxTree? Parse(string key);

        string Display(string key);
    }

    private sealed class ScanFileSet(IScanFileSystem fileSystem, string prefix, SourceText mainSource, bool prefixGiven) : IFileSet
    {
        /// <summary>
        /// Whether the main file is a fragment loaded on its own, so that its prefix is a guess and a missing include is
        /// looked up in the folders above it too (see the remarks on <see cref="NginxConfigurationLoader"/>). Set when the
        /// main file is parsed, which is before any include is resolved.
        /// </summary>
        private bool _prefixUncertain;

        public string Display(string key) => key;

        public NginxSyntaxTree? Parse(string key)
        {
            if (!string.Equals(key, mainSource.Path, StringComparison.Ordinal))
            {
                return fileSystem.TryRead(key) is { } source ? NginxDetectionTrees.TakeOrParse(source) : null;
            }

            var main = NginxDetectionTrees.TakeOrParse(mainSource);
            _prefixUncertain = !prefixGiven && IsFragment(main);
            return main;
        }

        public Resolution Resolve(string value)
        {
            var resolution = ResolveUnder(prefix, value);

            // A plain absolute path outside the configuration's own folder (certbot's "/etc/letsencrypt/options-ssl-nginx.conf"
            // beside "/etc/nginx"): in a repository that keeps the server's folders as they are, it is under a folder above.
            // (Only a plain path is ever missing: a glob that matches nothing is not.)
            bool missingAbsolute = resolution.IsMissing && value.StartsWith('/');
            if (missingAbsolute && PathUtil.FindAboveByTrailingSegments(fileSystem, value, prefix) is { } higher)
            {
                return new Resolution(higher, [higher], null);
            }

            // Found, or a relative path that climbs out of the scan (refused the same from every folder).
            bool refused = resolution.Error is not null && !resolution.IsMissing && !value.StartsWith('/');
            if (!_prefixUncertain || resolution.Keys.Count > 0 || refused)
            {
                return missingAbsolute && prefix.Length > 0
                    ? resolution with { Error = $"{resolution.Error}, nor any folder above it by at least the file's folder and name" }
                    : resolution;
            }

            // A fragment's include that its own directory does not hold: the folders above, nearest first.
            foreach (var folder in PathUtil.FolderAndAncestors(prefix).Skip(1))
            {
                var above = ResolveUnder(folder, value);
                if (above.Keys.Count > 0)
                {
                    return above;
                }
            }

            return resolution.Error is null || prefix.Length == 0
                ? resolution
                : resolution with { Error = $"{resolution.Error} (no configuration in the scan includes \"{mainSource.Path}\", so the folders above \"{prefix}\" were searched too)" };
        }

        /// <summary>
        /// The path under <paramref name="prefix"/> an absolute path maps to when a segment of it names the prefix's own
        /// folder with at least <paramref name="minimumSegments"/> after it (<c>/etc/nginx/conf.d/*.conf</c> and the prefix
        /// <c>repo/nginx</c> give <c>repo/nginx/conf.d/*.conf</c>), nearest the end first; null when none does.
        /// </summary>
        private static string? UnderPrefixFolder(string prefix, string[] segments, int minimumSegments)
        {
            var folderName = prefix.AsSpan(prefix.LastIndexOf('/') + 1);
            if (folderName.IsEmpty)
            {
                return null;
            }

            for (int named = segments.Length - minimumSegments - 1; named >= 0; named--)
            {
                if (folderName.SequenceEqual(segments[named]))
                {
                    var candidate = Trailing(prefix, segments, named + 1, segments.Length);
                    return PathUtil.IsInsideRoot(candidate) ? candidate : null;
                }
            }

            return null;
        }

        /// <summary>
        /// The glob of <paramref name="segments"/> under <paramref name="prefix"/>, by its longest run of trailing segments
        /// whose folder (the one holding the first wildcard) exists in the scan; null when none does. It walks the candidates
        /// <see cref="ResolveUnder"/> globbed, but only once none matched, so an include that matches costs no folder probe.
        /// </summary>
        private string? ExistingFolder(string prefix, string[] segments, int firstWildcard)
        {
            if (fileSystem is not IDirectoryProbe probe)
            {
                return null;
            }

            for (int skip = 0; skip < firstWildcard; skip++)
            {
                if (segments[skip].Length == 0)
                {
                    continue;
                }

                var folder = Trailing(prefix, segments, skip, firstWildcard);
                if (PathUtil.IsInsideRoot(folder) && probe.DirectoryExists(folder))
                {
                    return Trailing(prefix, segments, skip, segments.Length);
                }
            }

            return null;
        }

        /// <summary><paramref name="segments"/> from <paramref name="from"/> up to <paramref name="to"/>, under <paramref name="prefix"/>.</summary>
        private static string Trailing(string prefix, string[] segments, int from, int to) =>
            PathUtil.Combine(prefix, string.Join('/', segments, from, to - from));

        private Resolution ResolveUnder(string prefix, string value)
        {
            bool glob = GlobPattern.HasWildcards(value);
            var prefixShown = prefix.Length == 0 ? "the scan root" : $"\"{prefix}\"";
            if (value.StartsWith('/'))
            {
                var segments = PathUtil.Normalize(value).Split('/');
                int firstWildcard = Array.FindIndex(segments, GlobPattern.HasWildcards);

                // A glob keeps the directory holding its first wildcard, so "/etc/nginx/conf.d/*.conf" never shrinks to "*.conf".
                int minimumSegments = glob ? Math.Min(segments.Length, segments.Length - firstWildcard + 1) : 1;
                for (int skip = 0; segments.Length - skip >= minimumSegments; skip++)
                {
                    var candidate = Trailing(prefix, segments, skip, segments.Length);
                    if (!PathUtil.IsInsideRoot(candidate))
                    {
                        continue;
                    }

                    if (glob)
                    {
                        var matches = fileSystem.Glob(candidate);
                        if (matches.Count > 0)
                        {
                            return new Resolution(candidate, matches, null);
                        }
                    }
                    else if (fileSystem.FileExists(candidate))
                    {
                        return new Resolution(candidate, [candidate], null);
                    }
                }

                // A glob under the configuration prefix itself (Debian's "/etc/nginx/conf.d/*.conf" beside
                // etc/nginx/nginx.conf) names a folder the scan holds; that it has no matching file (git keeps no empty
                // folder) is what nginx accepts of any glob, as for the relative "conf.d/*.conf". So is a glob whose folder
                // the scan holds empty, or with no matching file (a conf.d/ with only a .gitkeep, when the scan root is the
                // server's /etc/nginx itself and its name is not in the scan's paths).
                if (glob && (UnderPrefixFolder(prefix, segments, minimumSegments) ?? ExistingFolder(prefix, segments, firstWildcard)) is { } underPrefix)
                {
                    return new Resolution(underPrefix, [], null);
                }

                return glob
                    ? new Resolution(string.Empty, [], $"include \"{value}\" is an absolute path outside the scan, and no file under {prefixShown} matches its trailing path segments")
                    : new Resolution(string.Empty, [], $"include file \"{value}\" is an absolute path outside the scan, and no file under {prefixShown} has its trailing path segments", IsMissing: true);
            }

            var path = PathUtil.Combine(prefix, value);
            if (!PathUtil.IsReachable(fileSystem, path))
            {
                return new Resolution(string.Empty, [], $"include \"{value}\" resolves against the main configuration's directory ({prefixShown}) to {PathUtil.OutsideRootRefusal(path)}");
            }

            if (glob)
            {
                return new Resolution(path, fileSystem.Glob(path), null);
            }

            return fileSystem.FileExists(path)
                ? new Resolution(path, [path], null)
                : new Resolution(path, [], $"include file \"{value}\" not found: nginx resolves it against the main configuration's directory, {prefixShown}, as \"{path}\"", IsMissing: true);
        }

        /// <summary>
        /// Whether <paramref name="main"/> is a fragment rather than a main configuration: not named <c>nginx.conf</c>, and
        /// without the blocks only a main configuration holds at its top level.
        /// </summary>
        private static bool IsFragment(NginxSyntaxTree main)
        {
            var path = main.Source.Path.AsSpan();
            if (path[(path.LastIndexOf('/') + 1)..].Equals("nginx.conf", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            foreach (var directive in main.Root.Directives)
            {
                if (directive.Is("events") || directive.Is("http") || directive.Is("stream") || directive.Is("mail"))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class DumpFileSet : IFileSet
    {
        private readonly SourceText _dump;
        private readonly Dictionary<string, NginxDumpFile> _files = new(StringComparer.Ordinal);
        private readonly string _prefix;

        public DumpFileSet(SourceText dump, ImmutableArray<NginxDumpFile> files)
        {
            _dump = dump;
            foreach (var file in files)
            {
                // nginx -T prints a file once even when it is included several times; keep the first if a dump repeats one.
                _files.TryAdd(PathUtil.Normalize(file.Path), file);
            }

            _prefix = PathUtil.GetDirectory(PathUtil.Normalize(files[0].Path));
        }

        public string Display(string key) => _files.TryGetValue(key, out var file) ? file.Path : key;

        public NginxSyntaxTree? Parse(string key) =>
            _files.TryGetValue(key, out var file) ? NginxSyntaxTree.Parse(_dump, file.ContentSpan, file.Path) : null;

        public Resolution Resolve(string value)
        {
            var key = value.StartsWith('/') ? PathUtil.Normalize(value) : PathUtil.Combine(_prefix, value);
            if (GlobPattern.HasWildcards(value))
            {
                return new Resolution(key, PathUtil.GlobOver(_files.Keys, key), null);
            }

            return _files.ContainsKey(key)
                ? new Resolution(key, [key], null)
                : new Resolution(key, [], $"include file \"{value}\" is not in the dump (nginx -T prints every file it reads, so the dump was cut or edited)");
        }
    }

    private sealed class Builder(IFileSet files, int maximumIncludeDepth = MaximumIncludeDepth)
    {
        private readonly Dictionary<string, NginxSyntaxTree> _trees = new(StringComparer.Ordinal);
        private readonly List<NginxSyntaxTree> _order = [];
        private readonly List<NginxInclude?> _includes = [];
        private readonly Dictionary<NginxSyntaxTree, List<SyntaxDiagnostic>> _loaderDiagnostics = [];
        private readonly List<string> _stack = [];
        private readonly Dictionary<NginxSyntaxTree, List<int>> _slotsByTree = [];
        private readonly Dictionary<NginxSyntaxTree, long> _ownDirectives = [];

        public NginxConfiguration Build(string mainKey)
        {
            var main = LoadTree(mainKey, 0) ?? throw new InvalidOperationException("The main configuration vanished while loading.");
            BoundRereading(main);
            var diagnostics = ImmutableArray.CreateBuilder<SyntaxDiagnostic>();
            foreach (var tree in _order)
            {
                var all = tree.Diagnostics.AsEnumerable();
                if (_loaderDiagnostics.TryGetValue(tree, out var extra))
                {
                    all = all.Concat(extra);
                }

                diagnostics.AddRange(all.OrderBy(d => d.Location.Span.Start));
            }

            return new NginxConfiguration(main, [.. _order], [.. _includes.Select(i => i!)], diagnostics.ToImmutable());
        }

        private NginxSyntaxTree? LoadTree(string key, int depth)
        {
            var tree = files.Parse(key);
            if (tree is null)
            {
                return null;
            }

            _trees[key] = tree;
            _order.Add(tree);
            _stack.Add(key);
            long directives = 0;
            foreach (var node in tree.Root.DescendantNodesAndSelf())
            {
                if (node is NginxDirectiveSyntax directive)
                {
                    if (directive.IsInclude)
                    {
                        ResolveInclude(tree, directive, depth);
                    }
                    else
                    {
                        directives++;
                    }
                }
            }

            _ownDirectives[tree] = directives;

            _stack.RemoveAt(_stack.Count - 1);
            return tree;
        }

        private void ResolveInclude(NginxSyntaxTree tree, NginxDirectiveSyntax directive, int depth)
        {
            int slot = _includes.Count;
            _includes.Add(null);
            if (!_slotsByTree.TryGetValue(tree, out var slots))
            {
                slots = [];
                _slotsByTree[tree] = slots;
            }

            slots.Add(slot);
            var argument = directive.Arguments[0];
            var resolution = files.Resolve(argument.Value);

            // A stock file of the nginx package that the repository does not copy (mime.types, fastcgi_params, ...)
            // holds nothing the scan reads: not an EA0003, and the sites that include it stay complete.
            bool stock = resolution.IsMissing && NginxStockFiles.IsStockInclude(argument.Value);
            if (resolution.Error is not null && !stock)
            {
                Report(tree, argument, resolution.Error);
            }

            var included = ImmutableArray.CreateBuilder<NginxSyntaxTree>();
            foreach (var key in resolution.Keys)
            {
                if (_stack.Contains(key))
                {
                    Report(tree, argument, $"include cycle: \"{files.Display(key)}\" is already being read when \"{tree.Path}\" includes it again");
                    continue;
                }

                if (_trees.TryGetValue(key, out var known))
                {
                    included.Add(known);
                    continue;
                }

                if (depth + 1 > maximumIncludeDepth)
                {
                    Report(tree, argument, $"include \"{files.Display(key)}\" is nested more than {maximumIncludeDepth} includes deep and was not followed");
                    continue;
                }

                var loaded = LoadTree(key, depth + 1);
                if (loaded is null)
                {
                    Report(tree, argument, $"include file \"{files.Display(key)}\" could not be read");
                    continue;
                }

                included.Add(loaded);
            }

            _includes[slot] = new NginxInclude(tree, directive, resolution.ResolvedPattern, included.ToImmutable()) { IsStockPackageFile = stock };
        }

        /// <summary>
        /// nginx reads a file again at each include of it. Reads the include graph as nginx would, a file's first reading in
        /// full and each later one at the number of directives it expands to (known once the file has been read), and cuts
        /// the includes that would take the readings again past <see cref="RereadBudget.MaxStatementsReadAgain"/>: they keep
        /// the files read before the cut, are marked <see cref="NginxInclude.IsCut"/>, and are reported (EA0003). Linear in
        /// the size of the graph, whatever it expands to.
        /// </summary>
        private void BoundRereading(NginxSyntaxTree main)
        {
            var expanded = new Dictionary<NginxSyntaxTree, long>();
            var budget = new RereadBudget();
            Read(main);

            // The directives nginx reads for a tree read once: its own and, at each include, what the included files expand to.
            long Read(NginxSyntaxTree tree)
            {
                long total = _ownDirectives[tree];
                expanded[tree] = -1;
                foreach (int slot in _slotsByTree.GetValueOrDefault(tree) ?? [])
                {
                    var include = _includes[slot]!;
                    for (int i = 0; i < include.Trees.Length; i++)
                    {
                        var included = include.Trees[i];
                        if (!expanded.TryGetValue(included, out long again))
                        {
                            total += Read(included);
                        }
                        else if (again >= 0 && budget.TrySpend(again))
                        {
                            total += again;
                        }
                        else
                        {
                            // Only the budget refuses: the loader cut every edge back into a file still being read (-1).
                            _includes[slot] = new NginxInclude(include.Tree, include.Directive, include.ResolvedPattern, ImmutableArray.Create(include.Trees, 0, i))
                            {
                                IsStockPackageFile = include.IsStockPackageFile,
                                IsCut = true,
                            };
                            Report(include.Tree, include.Directive.Arguments[0], RereadBudget.NotFollowed(files.Display(included.Path)));
                            break;
                        }
                    }
                }

                expanded[tree] = total;
                return total;
            }
        }

        private void Report(NginxSyntaxTree tree, NginxArgumentSyntax argument, string message)
        {
            if (!_loaderDiagnostics.TryGetValue(tree, out var list))
            {
                list = [];
                _loaderDiagnostics[tree] = list;
            }

            list.Add(new SyntaxDiagnostic("EA0003", tree.Source.GetLocation(argument.Span), message));
        }
    }
}
