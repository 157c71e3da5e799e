using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

/// <summary>
/// Runs the real nginx (Debian package <c>nginx</c>, 1.22) over the corpus and compares its verdicts with ours:
/// nginx stops at its first error, so a syntax error it reports must be our first EA0002 (same file, same line);
/// a non-syntax error it reports at a directive must come before any EA0002 of ours; a configuration it accepts
/// must have no EA0002, and the files its <c>nginx -T</c> dump lists must be the files our include resolution reached.
/// </summary>
public sealed partial class NginxDifferentialTests(ITestOutputHelper output)
{
    private const string WrapperName = "__electionaudit_wrapper.test";

    // Every tokenizer and block-structure error of ngx_conf_read_token() and ngx_conf_parse() starts so.
    private static readonly string[] SyntaxMessagePrefixes = ["unexpected ", "too long parameter"];

    // A wrapper that puts the file where it is not allowed: try the next context.
    private static readonly string[] ContextMessages = ["is not allowed here", "\"events\" directive is duplicate", "no \"events\" section in configuration", "\"http\" directive is duplicate"];

    private static readonly (string Name, string Before, string After)[] Contexts =
    [
        ("main", "events {}\n", "\n"),
        ("http", "events {}\nhttp {\n", "\n}\n"),
        ("server", "events {}\nhttp {\nserver {\n", "\n}\n}\n"),
        ("location", "events {}\nhttp {\nserver {\nlocation / {\n", "\n}\n}\n}\n"),
    ];

    [Fact]
    public void Syntax_verdicts_and_included_files_agree_with_nginx()
    {
        var nginx = ExternalProgram.Require("nginx");
        var corpus = CorpusPaths.RequireCorpus();
        var work = Directory.CreateTempSubdirectory("electionaudit-nginx-");
        try
        {
            var root = Path.Combine(work.FullName, "tree");
            CopyDirectory(Path.Combine(corpus, "nginx"), root);
            var prefix = Path.Combine(work.FullName, "prefix");
            Directory.CreateDirectory(Path.Combine(prefix, "logs"));
            var runner = new NginxRunner(nginx, prefix);
            output.WriteLine(runner.Sandboxed
                ? "nginx runs in its own mount and network namespaces (tmpfs over /var/log, /var/lib/nginx, /var/cache, /run)"
                : "unshare is not usable here: nginx runs directly (it may create empty log files named in the corpus)");

            var fileSystem = new DiskFileSystem(root);
            var tally = new Tally();
            var disagreements = new List<string>();
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                var verdict = Compare(runner, fileSystem, root, relative, tally);
                if (verdict is not null)
                {
                    disagreements.Add(verdict);
                }
            }

            foreach (var line in tally.Lines())
            {
                output.WriteLine(line);
            }

            foreach (var disagreement in disagreements)
            {
                output.WriteLine("DISAGREEMENT " + disagreement);
            }

            disagreements.ShouldBeEmpty();
            tally.Files.ShouldBeGreaterThan(300);
            tally.Accepted.ShouldBeGreaterThan(100);
            tally.SyntaxAgreements.ShouldBeGreaterThan(3);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string? Compare(NginxRunner runner, DiskFileSystem fileSystem, string root, string relative, Tally tally)
    {
        tally.Files++;
        var treeDirectory = FindTreeDirectory(root, relative);
        var attempts = new List<(string Main, NginxOutcome Outcome)>();
        var asIs = runner.Run(Path.Combine(root, relative));
        attempts.Add((relative, asIs));
        if (IsContextError(asIs))
        {
            foreach (var (_, before, after) in Contexts)
            {
                var wrapper = PathUtil.Combine(treeDirectory, WrapperName);
                var include = Path.GetRelativePath(Path.Combine(root, treeDirectory), Path.Combine(root, relative)).Replace('\\', '/');
                File.WriteAllText(Path.Combine(root, wrapper), $"{before}include {include};{after}");
                var outcome = runner.Run(Path.Combine(root, wrapper));
                attempts.Add((wrapper, outcome));
                if (!IsContextError(outcome))
                {
                    break;
                }
            }
        }

        // The attempt that got furthest: a success or a real error, else the context error on the latest line.
        var (main, nginx) = attempts.FirstOrDefault(a => !IsContextError(a.Outcome));
        if (main is null)
        {
            (main, nginx) = attempts.OrderByDescending(a => a.Outcome.Line ?? 0).First();
        }

        var configuration = NginxConfigurationLoader.Load(fileSystem, main);
        var events = ReadingOrder(configuration);
        var firstError = events.FindIndex(e => e.IsSyntaxError);
        string Ours() => firstError < 0 ? "no EA0002" : $"EA0002 at {events[firstError].Path}:{events[firstError].Line} ({events[firstError].Message})";
        var nginxFile = nginx.File is null ? null : ToRelative(root, nginx.File);
        var label = $"{relative} (as {main}): nginx says {(nginx.ExitCode == 0 ? "ok" : $"\"{nginx.Message}\" at {nginx.File}:{nginx.Line}")}; we say {Ours()}";

        if (nginx.ExitCode == 0)
        {
            tally.Accepted++;
            if (firstError >= 0)
            {
                return label;
            }

            return CompareIncludedFiles(root, configuration, nginx, tally, label);
        }

        if (nginx.IsSyntaxError)
        {
            if (nginxFile is null)
            {
                tally.SyntaxOutsideTree++;
                return null;
            }

            if (firstError >= 0 && events[firstError].Path == nginxFile && events[firstError].Line == nginx.Line)
            {
                tally.SyntaxAgreements++;
                return null;
            }

            return label;
        }

        if (nginx.File is null)
        {
            // Reported after the whole configuration was parsed (a log file, a certificate, a missing events section...).
            tally.AfterParsing++;
            return firstError >= 0 ? label : null;
        }

        // A directive handler refused a directive: nginx tokenized everything up to that directive's ";" or "{".
        var failing = events.FindIndex(e => !e.IsSyntaxError && e.Path == nginxFile && e.Line == nginx.Line);
        if (failing < 0)
        {
            tally.HandlerErrorUnlocated++;
            return null;
        }

        tally.HandlerErrors++;
        return firstError >= 0 && firstError < failing ? label : null;
    }

    private static string? CompareIncludedFiles(string root, NginxConfiguration configuration, NginxOutcome nginx, Tally tally, string label)
    {
        var dumped = NginxDump.Split(new SourceText("nginx-T", nginx.StandardOutput)).Select(f => f.Path).ToList();
        bool absolute = dumped.Any(p => ToRelative(root, p) is null) || configuration.Includes.Any(i => i.Pattern.StartsWith('/'));
        if (absolute)
        {
            // nginx reads /etc/nginx/... from this machine where we map into the scan: the lists cannot be the same.
            tally.IncludeListsWithAbsolutePaths++;
            return null;
        }

        var theirs = dumped.Select(p => ToRelative(root, p)!).ToList();
        var ours = configuration.Trees.Select(t => t.Path).ToList();
        if (theirs.SequenceEqual(ours, StringComparer.Ordinal))
        {
            tally.IncludeListAgreements++;
            tally.IncludedFilesCompared += ours.Count;
            return null;
        }

        return $"{label}; nginx read [{string.Join(", ", theirs)}], we reached [{string.Join(", ", ours)}]";
    }

    /// <summary>Directives (at the line of their ";" or "{") and EA0002s in the order nginx meets them; includes of absolute paths are not followed, as nginx reads those from this machine.</summary>
    private static List<ReadingEvent> ReadingOrder(NginxConfiguration configuration)
    {
        var events = new List<ReadingEvent>();
        Walk(configuration.MainTree);
        return events;

        void Walk(NginxSyntaxTree tree)
        {
            var errors = new Queue<SyntaxDiagnostic>(tree.Diagnostics.Where(d => d.RuleId == "EA0002").OrderBy(d => d.Location.Span.Start));
            WalkBlock(tree, tree.Root, errors);
            while (errors.Count > 0)
            {
                var error = errors.Dequeue();
                events.Add(new ReadingEvent(tree.Path, error.Location.StartLine, true, error.Message));
            }
        }

        void WalkBlock(NginxSyntaxTree tree, NginxBlockSyntax block, Queue<SyntaxDiagnostic> errors)
        {
            foreach (var directive in block.Directives)
            {
                int at = directive.Block?.Span.Start ?? Math.Max(directive.Span.Start, directive.Span.End - 1);
                while (errors.Count > 0 && errors.Peek().Location.Span.Start < at)
                {
                    var error = errors.Dequeue();
                    events.Add(new ReadingEvent(tree.Path, error.Location.StartLine, true, error.Message));
                }

                events.Add(new ReadingEvent(tree.Path, tree.Source.GetLineAndColumn(at).Line, false, directive.Name));
                if (configuration.GetInclude(directive) is { } include && !include.Pattern.StartsWith('/'))
                {
                    foreach (var included in include.Trees)
                    {
                        Walk(included);
                    }
                }

                if (directive.Block is not null)
                {
                    WalkBlock(tree, directive.Block, errors);
                }
            }
        }
    }

    private static bool IsContextError(NginxOutcome outcome) =>
        outcome.ExitCode != 0 && outcome.Message is { } message && ContextMessages.Any(m => message.Contains(m, StringComparison.Ordinal));

    /// <summary>The nearest folder holding nginx.conf or mime.types (so relative includes resolve as their authors meant), else the file's own folder.</summary>
    private static string FindTreeDirectory(string root, string relative)
    {
        var directory = PathUtil.GetDirectory(relative);
        for (var candidate = directory; candidate.Contains('/', StringComparison.Ordinal); candidate = PathUtil.GetDirectory(candidate))
        {
            if (File.Exists(Path.Combine(root, candidate, "nginx.conf")) || File.Exists(Path.Combine(root, candidate, "mime.types")))
            {
                return candidate;
            }
        }

        return directory;
    }

    private static string? ToRelative(string root, string path)
    {
        var rootWithSlash = root.EndsWith('/') ? root : root + "/";
        return path.StartsWith(rootWithSlash, StringComparison.Ordinal) ? path[rootWithSlash.Length..] : null;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"\[emerg\] \d+#\d+: (?<message>.*?)(?: in (?<file>/.*):(?<line>\d+))?$", RegexOptions.Multiline)]
    private static partial Regex EmergencyLine();

    private sealed record ReadingEvent(string Path, int Line, bool IsSyntaxError, string Message);

    private sealed record NginxOutcome(int ExitCode, string? Message, string? File, int? Line, string StandardOutput)
    {
        public bool IsSyntaxError => Message is not null && SyntaxMessagePrefixes.Any(p => Message.StartsWith(p, StringComparison.Ordinal));
    }

    private sealed class NginxRunner
    {
        // nginx -t opens the log files a configuration names, creates temporary directories and binds its listen
        // addresses. In private mount and network namespaces none of that reaches the machine.
        private const string SandboxScript =
            "mount -t tmpfs tmpfs /var/log && mkdir -p /var/log/nginx && mount -t tmpfs tmpfs /var/lib/nginx " +
            "&& mount -t tmpfs tmpfs /var/cache && mount -t tmpfs tmpfs /run && exec \"$@\"";

        private readonly string _nginx;
        private readonly string _prefix;
        private readonly string? _unshare;

        public NginxRunner(string nginx, string prefix)
        {
            _nginx = nginx;
            _prefix = prefix;
            var unshare = ExternalProgram.Find("unshare");
            if (unshare is not null && Directory.Exists("/var/lib/nginx"))
            {
                var probe = ExternalProgram.Run(unshare, ["--mount", "--net", "--fork", "sh", "-c", SandboxScript, "sh", nginx, "-v"]);
                _unshare = probe.ExitCode == 0 ? unshare : null;
            }
        }

        public bool Sandboxed => _unshare is not null;

        public NginxOutcome Run(string configurationFile)
        {
            string[] nginxArguments = [_nginx, "-T", "-q", "-e", "stderr", "-p", _prefix + "/", "-c", configurationFile];
            var (exitCode, standardOutput, standardError) = _unshare is null
                ? ExternalProgram.Run(_nginx, nginxArguments[1..])
                : ExternalProgram.Run(_unshare, ["--mount", "--net", "--fork", "sh", "-c", SandboxScript, "sh", .. nginxArguments]);
            var match = EmergencyLine().Match(standardError);
            if (!match.Success)
            {
                return new NginxOutcome(exitCode, exitCode == 0 ? null : standardError.Trim(), null, null, standardOutput);
            }

            var file = match.Groups["file"].Success ? match.Groups["file"].Value : null;
            int? line = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            return new NginxOutcome(exitCode, match.Groups["message"].Value, file, line, standardOutput);
        }
    }

    private sealed class Tally
    {
        public int Files { get; set; }

        public int Accepted { get; set; }

        public int SyntaxAgreements { get; set; }

        public int SyntaxOutsideTree { get; set; }

        public int HandlerErrors { get; set; }

        public int HandlerErrorUnlocated { get; set; }

        public int AfterParsing { get; set; }

        public int IncludeListAgreements { get; set; }

        public int IncludedFilesCompared { get; set; }

        public int IncludeListsWithAbsolutePaths { get; set; }

        public IEnumerable<string> Lines()
        {
            yield return $"{Files} corpus files run through nginx -T";
            yield return $"accepted by nginx: {Accepted} (we report no EA0002 in any of them)";
            yield return $"  included-file lists equal to nginx -T's: {IncludeListAgreements} ({IncludedFilesCompared} files); not comparable because of absolute includes: {IncludeListsWithAbsolutePaths}";
            yield return $"syntax errors: {SyntaxAgreements} where our first EA0002 is nginx's error (same file and line); {SyntaxOutsideTree} in files outside the corpus";
            yield return $"refused by a directive handler at a directive we parsed, with no EA0002 of ours before it: {HandlerErrors}; at a line with no directive of ours: {HandlerErrorUnlocated}";
            yield return $"refused after parsing (no file and line), with no EA0002 of ours: {AfterParsing}";
        }
    }
}
