using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// Loads an Apache httpd configuration from its main file, following <c>Include</c> and <c>IncludeOptional</c> in place
/// and tracking <c>Define</c> / <c>UnDefine</c> in the order httpd reads them.
/// </summary>
/// <remarks>
/// <para>
/// Paths. httpd resolves a relative include path against <c>ServerRoot</c> (core.c, <c>ap_server_root_relative</c>). A scanned
/// repository is not installed at its <c>ServerRoot</c>, so here a relative path is resolved against the directory of the
/// main configuration file, and then against each directory above it (a layout such as <c>httpd/conf/httpd.conf</c> with
/// <c>ServerRoot /etc/httpd</c> keeps <c>conf.d/</c> one level up). A <c>ServerRoot</c> directive therefore maps to the main
/// file's directory whatever absolute path it names. An absolute include path cannot be read as such; it is mapped into the
/// scan by dropping leading segments (<c>/etc/apache2/sites-enabled/a.conf</c> → <c>sites-enabled/a.conf</c>, …) until
/// something matches under the main file's directory or a directory above it; a bare file name is only looked for beside
/// the main file, and a wildcard keeps the folder that holds it (<c>/etc/modsecurity/*.conf</c> never shrinks to
/// <c>*.conf</c>). When nothing matches, EA0003 says the path is outside the scan. A relative path that climbs out of the
/// scan root (<c>Include ../../shared/ssl.conf</c>) is read under its <c>../</c> path only when the file system allows
/// reading outside the root (<see cref="IScanFileSystem.AllowOutsideRoot"/>, <c>--allow-outside-root</c>); otherwise it
/// is an EA0003 naming the target, for <c>IncludeOptional</c> too.
/// </para>
/// <para>
/// Matching follows httpd 2.4 (config.c <c>ap_process_resource_config_ex</c>): wildcards may appear in any path segment;
/// matches are read in sorted order (<c>strcmp</c> per directory level); a directory includes every file under it.
/// <c>Include</c> of a missing file fails ("Could not open configuration file"), and so does a wildcard that matches
/// nothing ("No matches for the wildcard '…' in '…', failing"), both EA0003 here; <c>IncludeOptional</c> ignores both
/// (https://httpd.apache.org/docs/2.4/mod/core.html#includeoptional). An include cycle is EA0003.
/// </para>
/// <para>
/// Reading again. httpd reads a file again at each include of it, and so does the loader (a <c>Define</c> between two
/// includes may change what the file says). Files that include each other many times over would expand past what httpd or
/// a scan could read, so once <see cref="RereadBudget.MaxStatementsReadAgain"/> statements have been read while reading
/// files again, a file already read is not read again; each include that is not followed is an EA0003.
/// </para>
/// <para>
/// Conditions. Includes inside a section known not to apply (see <see cref="ApacheCondition.DoesNotApply"/>) are not
/// followed, as httpd skips such sections unread; <c>Define</c> there has no effect, and a <c>Define</c> inside a
/// condition that may apply makes its name uncertain.
/// </para>
/// </remarks>
public static class ApacheConfigurationLoader
{
    /// <summary>
    /// Includes nested deeper than this stop with EA0003. httpd has no such limit, but a configuration that
    /// deep is a cycle in disguise, and the limit keeps the walk's stack bounded.
    /// </summary>
    public const int MaxIncludeDepth = 32;

    /// <summary>Loads the configuration whose main file is <paramref name="mainPath"/> (relative to the scan root). Never throws on content.</summary>
    public static ApacheConfiguration Load(IScanFileSystem fileSystem, string mainPath)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(mainPath);
        return new Builder(fileSystem, PathUtil.Normalize(mainPath)).Build();
    }

    /// <summary>Orders paths as httpd reads them: by <c>strcmp</c> within each directory level.</summary>
    internal static int ComparePaths(string left, string right)
    {
        int leftStart = 0, rightStart = 0;
        while (true)
        {
            int leftEnd = left.IndexOf('/', leftStart);
            int rightEnd = right.IndexOf('/', rightStart);
            var leftSegment = left.AsSpan(leftStart, (leftEnd < 0 ? left.Length : leftEnd) - leftStart);
            var rightSegment = right.AsSpan(rightStart, (rightEnd < 0 ? right.Length : rightEnd) - rightStart);
            int order = leftSegment.SequenceCompareTo(rightSegment);
            if (order != 0)
            {
                return order;
            }

            if (leftEnd < 0 || rightEnd < 0)
            {
                return (leftEnd < 0 ? 0 : 1) - (rightEnd < 0 ? 0 : 1);
            }

            leftStart = leftEnd + 1;
            rightStart = rightEnd + 1;
        }
    }

    private sealed class Builder
    {
        /// <summary>How many directory levels a directory include reads (httpd recurses without a practical limit).</summary>
        private const int DirectoryIncludeDepth = 4;

        private readonly IScanFileSystem _fileSystem;
        private readonly string _mainPath;
        private readonly string _mainDirectory;
        private readonly Dictionary<string, ApacheSyntaxTree?> _trees = new(StringComparer.Ordinal);
        private readonly List<ApacheSyntaxTree> _treeOrder = [];
        private readonly List<string> _includeStack = [];
        private readonly List<ApacheInclude> _includes = [];
        private readonly List<SyntaxDiagnostic> _diagnostics = [];
        private readonly HashSet<SyntaxDiagnostic> _reported = [];
        private readonly ApacheDefines _defines = new();
        private readonly RereadBudget<string> _budget = new(StringComparer.Ordinal);
        private readonly ApacheModules _modules;

        public Builder(IScanFileSystem fileSystem, string mainPath)
        {
            _fileSystem = fileSystem;
            _mainPath = mainPath;
            _mainDirectory = PathUtil.GetDirectory(mainPath);
            _modules = new ApacheModules(ApacheFormat.IsMainConfigurationFileName(mainPath.AsSpan(mainPath.LastIndexOf('/') + 1)));
        }

        public ApacheConfiguration Build()
        {
            var statements = ImmutableArray<ApacheConfigurationNode>.Empty;
            var tree = GetTree(_mainPath);
            if (tree is null)
            {
                AddDiagnostic(new SyntaxDiagnostic("EA0003", Location.ForFile(_mainPath), $"The Apache configuration file '{_mainPath}' could not be read."));
            }
            else
            {
                _includeStack.Add(_mainPath);
                _budget.ReadFirst(_mainPath);
                var top = new List<ApacheConfigurationNode>();
                Expand(tree.Root.Children, top, null, ApacheCondition.Applies);
                statements = [.. top];
            }

            return new ApacheConfiguration(_mainPath, [.. _treeOrder], [.. _includes], [.. _diagnostics], statements);
        }

        private ApacheSyntaxTree? GetTree(string path)
        {
            if (_trees.TryGetValue(path, out var cached))
            {
                return cached;
            }

            var source = _fileSystem.TryRead(path);
            var tree = source is null ? null : ApacheSyntaxTree.Parse(source);
            _trees[path] = tree;
            if (tree is not null)
            {
                _treeOrder.Add(tree);
                foreach (var diagnostic in tree.Diagnostics)
                {
                    AddDiagnostic(diagnostic);
                }
            }

            return tree;
        }

        private void Expand(ImmutableArray<ApacheStatementSyntax> statements, List<ApacheConfigurationNode> output, ApacheDirectiveSyntax? includedBy, ApacheCondition inherited)
        {
            foreach (var statement in statements)
            {
                _budget.Count(1);
                var arguments = Substitute(statement);
                if (statement is ApacheSectionSyntax section)
                {
                    var own = ConditionOf(section, arguments);
                    var applicability = Combine(inherited, own);
                    var node = new ApacheConfigurationNode(section, arguments, own, applicability, includedBy);
                    var children = new List<ApacheConfigurationNode>(section.Children.Length);
                    Expand(section.Children, children, includedBy, applicability);
                    node.SetChildren([.. children]);
                    output.Add(node);
                    continue;
                }

                var directive = (ApacheDirectiveSyntax)statement;
                output.Add(new ApacheConfigurationNode(directive, arguments, ApacheCondition.Applies, inherited, includedBy));
                if (inherited == ApacheCondition.DoesNotApply)
                {
                    continue;
                }

                bool certain = inherited == ApacheCondition.Applies;
                if (directive.IsNamed("Define") && arguments.Length > 0)
                {
                    _defines.Define(arguments[0], arguments.Length > 1 ? arguments[1] : null, certain);
                }
                else if (directive.IsNamed("UnDefine") && arguments.Length > 0)
                {
                    _defines.Undefine(arguments[0], certain);
                }
                else if (directive.IsNamed("LoadModule") && arguments.Length > 1)
                {
                    _modules.Load(arguments[0], arguments[1], certain);
                }
                else if ((directive.IsNamed("Include") || directive.IsNamed("IncludeOptional")) && arguments.Length > 0)
                {
                    ExpandInclude(directive, arguments[0], directive.IsNamed("IncludeOptional"), output, inherited);
                }
            }
        }

        private void ExpandInclude(ApacheDirectiveSyntax directive, string pattern, bool optional, List<ApacheConfigurationNode> output, ApacheCondition inherited)
        {
            var files = Resolve(directive, pattern, optional);
            _includes.Add(new ApacheInclude(directive, pattern, optional, files));
            foreach (var file in files)
            {
                int cycleStart = _includeStack.IndexOf(file);
                if (cycleStart >= 0)
                {
                    var chain = string.Join(" -> ", _includeStack.Skip(cycleStart).Append(file));
                    ReportInclude(directive, $"Include cycle: '{file}' is already being read ({chain}); it is not read again.");
                    continue;
                }

                if (_includeStack.Count > MaxIncludeDepth)
                {
                    ReportInclude(directive, $"Includes are nested more than {MaxIncludeDepth} files deep; '{file}' is not read.");
                    continue;
                }

                // httpd reads a file again at each include of it; past the budget, a file already read is not read again.
                if (!_budget.TryEnter(file, out bool again))
                {
                    ReportInclude(directive, RereadBudget.NotFollowed(file));
                    continue;
                }

                var tree = GetTree(file);
                if (tree is null)
                {
                    _budget.Leave(again);
                    ReportInclude(directive, $"The included file '{file}' could not be read.");
                    continue;
                }

                _includeStack.Add(file);
                Expand(tree.Root.Children, output, directive, inherited);
                _budget.Leave(again);
                _includeStack.RemoveAt(_includeStack.Count - 1);
            }
        }

        private ImmutableArray<string> Resolve(ApacheDirectiveSyntax directive, string pattern, bool optional)
        {
            string kind = optional ? "IncludeOptional" : "Include";
            if (pattern.Contains("${", StringComparison.Ordinal))
            {
                // An environment variable httpd would take from its environment; the scan cannot know it.
                if (!optional)
                {
                    ReportInclude(directive, $"{kind} '{pattern}' uses a variable the configuration does not define, so its target cannot be resolved.");
                }

                _modules.MarkIncomplete();
                return [];
            }

            string path = pattern.Replace('\\', '/');
            bool absolute = path.StartsWith('/') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] == '/');
            bool wildcard = GlobPattern.HasWildcards(path);
            foreach (var candidate in Candidates(path, absolute))
            {
                var matches = Match(candidate, wildcard);
                if (matches.Count > 0)
                {
                    return [.. matches];
                }
            }

            // A relative path that climbs out of the root is refused (not merely missing) when reading outside is not allowed;
            // httpd would read it, so even IncludeOptional reports it: the scan did not see what the server runs.
            var outside = absolute ? null : PathUtil.Combine(_mainDirectory, path);
            if (outside is not null && !PathUtil.IsReachable(_fileSystem, outside))
            {
                ReportInclude(directive, $"{kind} '{pattern}' resolves against the directory of '{_mainPath}' to {PathUtil.OutsideRootRefusal(outside)}.");
                return [];
            }

            // An optional absolute include the scan does not hold may hold anything on the server (a relative one that
            // matches nothing holds nothing: the scan has that folder).
            if (absolute)
            {
                _modules.MarkIncomplete();
            }

            if (!optional)
            {
                string message = absolute
                    ? $"{kind} '{pattern}' is outside the scan: no file matching it was found under the directory of '{_mainPath}' or the directories above it."
                    : wildcard
                        ? $"{kind} '{pattern}' matches no file; httpd refuses an Include wildcard that matches nothing (IncludeOptional would ignore it)."
                        : $"{kind} '{pattern}' was not found relative to the directory of '{_mainPath}'.";
                ReportInclude(directive, message);
            }

            return [];
        }

        private IEnumerable<string> Candidates(string path, bool absolute)
        {
            var bases = PathUtil.FolderAndAncestors(_mainDirectory);

            if (!absolute)
            {
                foreach (var directory in bases)
                {
                    var candidate = PathUtil.Combine(directory, path);
                    if (candidate.Length > 0 && PathUtil.IsReachable(_fileSystem, candidate))
                    {
                        yield return candidate;
                    }
                }

                yield break;
            }

            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            int first = segments.Length > 0 && segments[0].EndsWith(':') ? 1 : 0;

            // A wildcard keeps the folder that holds its first wildcard, as nginx's absolute includes do: Debian's
            // security2.conf includes "/etc/modsecurity/*.conf", which must not shrink to the "*.conf" beside the main
            // file (apache2.conf itself, and ports.conf).
            int firstWildcard = Array.FindIndex(segments, GlobPattern.HasWildcards);
            int last = firstWildcard < 0 ? segments.Length - 1 : Math.Max(first, firstWildcard - 1);
            for (int skip = first; skip <= last; skip++)
            {
                string suffix = string.Join('/', segments, skip, segments.Length - skip);
                bool bareName = skip == segments.Length - 1;
                foreach (var directory in bareName ? [_mainDirectory] : bases)
                {
                    var candidate = PathUtil.Combine(directory, suffix);
                    if (candidate.Length > 0 && PathUtil.IsInsideRoot(candidate))
                    {
                        yield return candidate;
                    }
                }
            }
        }

        private List<string> Match(string candidate, bool wildcard)
        {
            var found = new List<string>();
            if (wildcard)
            {
                found.AddRange(_fileSystem.Glob(candidate));
                // A wildcard may also match directories, whose files httpd then reads.
                AddDirectoryFiles(candidate, found);
            }
            else if (_fileSystem.FileExists(candidate))
            {
                found.Add(candidate);
            }
            else
            {
                AddDirectoryFiles(candidate, found);
            }

            found.Sort(ComparePaths);
            for (int i = found.Count - 1; i > 0; i--)
            {
                if (found[i] == found[i - 1])
                {
                    found.RemoveAt(i);
                }
            }

            return found;
        }

        private void AddDirectoryFiles(string directory, List<string> found)
        {
            string pattern = directory;
            for (int level = 0; level < DirectoryIncludeDepth; level++)
            {
                pattern += "/*";
                found.AddRange(_fileSystem.Glob(pattern));
            }
        }

        private ImmutableArray<string> Substitute(ApacheStatementSyntax statement)
        {
            var arguments = statement.Arguments;
            if (arguments.Length == 0)
            {
                return [];
            }

            var values = ImmutableArray.CreateBuilder<string>(arguments.Length);
            foreach (var argument in arguments)
            {
                if (!_defines.TrySubstitute(argument.Value, out var value))
                {
                    AddDiagnostic(new SyntaxDiagnostic("EA0002", statement.Tree.Source.GetLocation(argument.Span),
                        $"substituting the Defines in '{Shorten(argument.Value)}' makes an argument of more than {ApacheDefines.MaxSubstitutedLength:N0} characters (Defines that each repeat the one before); httpd runs out of memory reading it (\"Memory allocation failed\"), and the argument is read as written"));
                }

                values.Add(value);
            }

            return values.MoveToImmutable();
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

        private ApacheCondition ConditionOf(ApacheSectionSyntax section, ImmutableArray<string> arguments)
        {
            if (section.IsNamed("IfDefine"))
            {
                return arguments.Length > 0 ? _defines.EvaluateIfDefine(arguments[0]) : ApacheCondition.MayApply;
            }

            if (section.IsNamed("Macro"))
            {
                return ApacheCondition.DoesNotApply;
            }

            if (section.IsNamed("IfModule"))
            {
                return arguments.Length > 0 ? _modules.Evaluate(arguments[0]) : ApacheCondition.MayApply;
            }

            return IsUndecidable(section) ? ApacheCondition.MayApply : ApacheCondition.Applies;
        }

        private static bool IsUndecidable(ApacheSectionSyntax section) =>
            section.IsNamed("IfModule") || section.IsNamed("If") || section.IsNamed("ElseIf") || section.IsNamed("Else")
            || section.IsNamed("IfVersion") || section.IsNamed("IfFile") || section.IsNamed("IfDirective") || section.IsNamed("IfSection");

        private static ApacheCondition Combine(ApacheCondition outer, ApacheCondition own) =>
            outer == ApacheCondition.DoesNotApply || own == ApacheCondition.DoesNotApply ? ApacheCondition.DoesNotApply
            : outer == ApacheCondition.MayApply || own == ApacheCondition.MayApply ? ApacheCondition.MayApply
            : ApacheCondition.Applies;

        private void ReportInclude(ApacheDirectiveSyntax directive, string message)
        {
            // Whatever the include would have read (LoadModule lines among it) is unknown from here on.
            _modules.MarkIncomplete();
            var span = directive.Arguments.Length > 0 ? directive.Arguments[0].Span : directive.NameSpan;
            AddDiagnostic(new SyntaxDiagnostic("EA0003", directive.Tree.Source.GetLocation(span), message));
        }

        private void AddDiagnostic(SyntaxDiagnostic diagnostic)
        {
            if (_reported.Add(diagnostic))
            {
                _diagnostics.Add(diagnostic);
            }
        }
    }
}
