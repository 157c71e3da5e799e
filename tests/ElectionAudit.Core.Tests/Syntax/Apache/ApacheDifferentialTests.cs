using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

/// <summary>
/// Compares the parser's EA0002 verdicts with the real httpd (Debian package <c>apache2</c>): <c>apache2 -t -f WRAPPER</c>
/// where the wrapper sets <c>ServerRoot /etc/apache2</c>, loads every Debian module, and includes the file at server level
/// (then inside <c>&lt;VirtualHost *:80&gt;</c> and <c>&lt;Directory /&gt;</c> when a directive is not allowed there),
/// with the <c>APACHE_*</c> variables of <c>/etc/apache2/envvars</c> in the environment.
/// </summary>
/// <remarks>
/// httpd reads a file in two phases (config.c): <c>ap_build_config</c> builds the section tree and fails on
/// "without matching", "Expected &lt;/X&gt; but saw", "was not closed"; <c>ap_walk_config</c> then runs each directive,
/// and the section handlers fail on "directive missing closing '&gt;'". Build-phase failures come back through the
/// wrapper's <c>Include</c> ("apache2: Syntax error on line 9 of WRAPPER: Syntax error on line N of FILE: …"); walk-phase
/// ones as "AH00526: Syntax error on line N of FILE:". A walk-phase failure therefore proves the build phase passed.
/// httpd reports the last physical line of a continued line, and for an error inside a section it skips (an
/// <c>&lt;IfModule&gt;</c> of a module not loaded) the line of that section's open tag.
/// </remarks>
public partial class ApacheDifferentialTests(ITestOutputHelper output)
{
    private static readonly string[] ContextErrors =
        ["not allowed here", "cannot occur within", "not allowed in", "only valid in per-directory", "only inside", "only outside", "not allowed in <"];

    private static readonly string[] SyntaxMessages =
        ["without matching <", "was not closed.", "Expected </", "directive missing closing '>'"];

    private enum Phase
    {
        Accepted,
        Build,
        Walk,
    }

    private sealed record HttpdVerdict(Phase Phase, string? File, int Line, string Message, string Context)
    {
        public bool IsSyntax => Phase != Phase.Accepted && SyntaxMessages.Any(Message.Contains);
    }

    [Fact]
    public void Syntax_verdicts_agree_with_apache2_on_the_corpus()
    {
        var apache = ExternalProgram.Require("apache2");
        var corpus = CorpusPaths.RequireCorpus();
        var timer = Stopwatch.StartNew();
        using var httpd = new Httpd(apache);
        var files = Directory.EnumerateFiles(Path.Combine(corpus, "apache"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var lines = new ConcurrentBag<(string File, string Category, string Detail)>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, file =>
        {
            var source = SourceText.FromBytes(Path.GetRelativePath(corpus, file), File.ReadAllBytes(file));
            var tree = ApacheSyntaxTree.Parse(source);
            var verdict = httpd.Check(file, corpus);
            var (category, detail) = Compare(tree, Path.GetFullPath(file), verdict);
            lines.Add((source.Path, category, detail));
        });

        var byCategory = lines.GroupBy(l => l.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var group in byCategory)
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        foreach (var line in lines.Where(l => !l.Category.StartsWith("agree", StringComparison.Ordinal)).OrderBy(l => l.File, StringComparer.Ordinal))
        {
            output.WriteLine($"  [{line.Category}] {line.File}: {line.Detail}");
        }

        output.WriteLine($"{files.Count} files compared with apache2 in {timer.ElapsedMilliseconds} ms");
        lines.Where(l => l.Category.StartsWith("DISAGREE", StringComparison.Ordinal)).Select(l => $"{l.File}: {l.Detail}").ShouldBeEmpty();
        lines.Count(l => l.Category.StartsWith("agree", StringComparison.Ordinal)).ShouldBeGreaterThan(150);
    }

    [Fact]
    public void Unclosed_IfModule_at_end_of_file_is_accepted_by_httpd_only_when_the_module_is_loaded()
    {
        // The evidence for the one justified difference: httpd reads a true <IfModule> with ap_build_cont_config, which
        // stops at end of file without an error; a false one is skipped by ap_soak_end_container, which fails there.
        var apache = ExternalProgram.Require("apache2");
        using var httpd = new Httpd(apache);
        var directory = httpd.WorkDirectory;
        var loaded = Path.Combine(directory, "loaded.conf");
        var missing = Path.Combine(directory, "missing.conf");
        File.WriteAllText(loaded, "<IfModule mod_alias.c>\nAlias /a /tmp\n");
        File.WriteAllText(missing, "<IfModule mod_not_a_module.c>\nAlias /a /tmp\n");

        httpd.Check(loaded).Phase.ShouldBe(Phase.Accepted);
        var rejected = httpd.Check(missing);
        rejected.Message.ShouldBe("Expected </IfModule> before end of configuration");
        rejected.Line.ShouldBe(1);

        Diagnostics(ApacheSyntaxTree.Parse("loaded.conf", File.ReadAllText(loaded))).ShouldBe("1: <IfModule> was not closed.");
    }

    [Fact]
    public void Httpd_refuses_the_template_words_the_parser_reports()
    {
        var apache = ExternalProgram.Require("apache2");
        using var httpd = new Httpd(apache);
        var cases = new (string Text, string HttpdMessage)[]
        {
            ("ServerAdmin root@example.org\n{% if tls %}\nSSLEngine on\n{% endif %}\n", "Invalid command '{%', perhaps misspelled or defined by a module not included in the server configuration"),
            ("ServerAdmin root@example.org\nErrorLog {{ error_log }}\n", "ErrorLog takes one argument, The filename of the error log"),
        };

        foreach (var (text, message) in cases)
        {
            var path = Path.Combine(httpd.WorkDirectory, "template.conf");
            File.WriteAllText(path, text);
            var verdict = httpd.Check(path);
            (verdict.Phase, verdict.Line, verdict.Message).ShouldBe((Phase.Walk, 2, message));
            var diagnostic = ApacheSyntaxTree.Parse(path, text).Diagnostics.ShouldHaveSingleItem();
            (diagnostic.LogicalKey, diagnostic.Location.StartLine).ShouldBe((TemplateActions.LogicalKey, 2));
        }

        // A directive that takes any number of words takes the action's words too: httpd accepts the file, which is a
        // template all the same (the names it serves are the rendered ones), and is reported as one.
        var alias = Path.Combine(httpd.WorkDirectory, "alias.conf");
        File.WriteAllText(alias, "<VirtualHost *:80>\nServerName results.example.nl\nServerAlias {{ aliases }}\n</VirtualHost>\n");
        httpd.Check(alias).Phase.ShouldBe(Phase.Accepted);
        ApacheSyntaxTree.Parse(alias, File.ReadAllText(alias)).Diagnostics.ShouldHaveSingleItem().LogicalKey.ShouldBe(TemplateActions.LogicalKey);
    }

    [Fact]
    public void Httpd_and_parser_agree_on_each_kind_of_syntax_error()
    {
        var apache = ExternalProgram.Require("apache2");
        using var httpd = new Httpd(apache);
        var cases = new[]
        {
            "ServerAdmin a@b\n</Directory>\n",
            "<VirtualHost *:80>\n<Directory /x>\n</VirtualHost>\n",
            "<Directory /var/www\nRequire all granted\n</Directory>\n",
            "<VirtualHost *:80>\n</VirtualHost\n",
            "<Directory /x>\n<Files a>\n",
            "<VirtualHost *:80>\nServerName a \\\n  b.example\n</Directory>\n",
            "ServerAdmin root@example.org\n# ServerAdmin x y \\\nServerAdmin q w\n",
        };

        for (int i = 0; i < cases.Length; i++)
        {
            var path = Path.Combine(httpd.WorkDirectory, $"case{i}.conf");
            File.WriteAllText(path, cases[i]);
            var verdict = httpd.Check(path);
            var tree = ApacheSyntaxTree.Parse(path, cases[i]);
            var (category, detail) = Compare(tree, path, verdict);
            category.ShouldStartWith("agree", customMessage: $"case {i}: {detail}");
        }
    }

    private static string Diagnostics(SyntaxTree tree) => string.Join('\n', tree.Diagnostics.Select(d => $"{d.Location.StartLine}: {d.Message}"));

    /// <summary>Classifies one file: agreement, a disagreement on a syntax verdict, or a failure of httpd that is no evidence.</summary>
    private static (string Category, string Detail) Compare(ApacheSyntaxTree tree, string fullPath, HttpdVerdict verdict)
    {
        // A template's one diagnostic is not a syntax verdict: httpd's reader has no template syntax to fail on, and refuses
        // the words later, when it runs the directives (Httpd_refuses_the_template_words_the_parser_reports).
        var ours = tree.Diagnostics.Where(d => d.RuleId == "EA0002" && d.LogicalKey != TemplateActions.LogicalKey).ToList();
        var buildKind = ours.Where(d => !d.Message.EndsWith("directive missing closing '>'", StringComparison.Ordinal) || d.Message.StartsWith("</", StringComparison.Ordinal)).ToList();
        string oursText = ours.Count == 0 ? "no EA0002" : string.Join("; ", ours.Select(d => $"line {d.Location.StartLine}: {d.Message}"));
        string theirs = verdict.Phase == Phase.Accepted ? $"httpd accepts ({verdict.Context})" : $"httpd ({verdict.Phase}, {verdict.Context}) line {verdict.Line} of {Path.GetFileName(verdict.File)}: {verdict.Message}";
        string detail = $"{theirs} | ours: {oursText}";

        if (verdict.Phase == Phase.Accepted)
        {
            if (ours.Count == 0)
            {
                return ("agree: both accept", detail);
            }

            // Justified: httpd accepts an unclosed <IfModule>/<IfDefine> at end of file when its condition is true
            // (Unclosed_IfModule_at_end_of_file_is_accepted_by_httpd_only_when_the_module_is_loaded); the section is unclosed all the same.
            if (ours.All(d => d.Message is "<IfModule> was not closed." or "<IfDefine> was not closed."))
            {
                return ("agree (justified): unclosed true <IfModule>/<IfDefine> that httpd tolerates at end of file", detail);
            }

            return ("DISAGREE: httpd accepts, we report EA0002", detail);
        }

        bool sameFile = string.Equals(verdict.File, fullPath, StringComparison.Ordinal);
        if (!sameFile)
        {
            return ($"no evidence: httpd failed in another file ({Reason(verdict.Message)})", detail);
        }

        if (verdict.IsSyntax)
        {
            bool matched = ours.Any(d => Matches(tree, d, verdict.Line));
            return matched ? ("agree: both reject on syntax at the same line", detail) : ("DISAGREE: httpd rejects on syntax, we do not at that line", detail);
        }

        if (verdict.Phase == Phase.Walk)
        {
            // The build phase passed, so no build-phase error may exist; and httpd walked every line before its error.
            var early = ours.Where(d => buildKind.Contains(d) || d.Location.StartLine < verdict.Line).ToList();
            return early.Count == 0
                ? ($"agree: build phase passes ({Reason(verdict.Message)} later)", detail)
                : ("DISAGREE: httpd's build phase passes, we report EA0002", detail);
        }

        return ours.Count == 0
            ? ($"no evidence: httpd failed before the end ({Reason(verdict.Message)})", detail)
            : ($"unverified: httpd failed first for another reason ({Reason(verdict.Message)})", detail);
    }

    /// <summary>Our diagnostic is at httpd's line: httpd counts the last physical line of a continued line, and for an error inside a skipped section the line of its open tag.</summary>
    private static bool Matches(ApacheSyntaxTree tree, SyntaxDiagnostic diagnostic, int line)
    {
        var source = tree.Source;
        if (diagnostic.Location.StartLine <= line && line <= LogicalLineEnd(source, diagnostic.Location.StartLine))
        {
            return true;
        }

        return tree.DescendantStatements().OfType<ApacheSectionSyntax>().Any(section =>
            LogicalLineEnd(source, source.GetLineAndColumn(section.OpenTagSpan.Start).Line) == line
            && section.Span.Contains(diagnostic.Location.Span.Start)
            && section.IsNamed("IfModule"));
    }

    private static int LogicalLineEnd(SourceText source, int line)
    {
        while (line < source.LineCount && source.GetLineText(line).EndsWith('\\'))
        {
            line++;
        }

        return line;
    }

    private static string Reason(string message) =>
        message.Contains("Invalid command", StringComparison.Ordinal) ? "directive of a module not installed"
        : message.Contains("Cannot load", StringComparison.Ordinal) ? "module file not installed"
        : message.Contains("Could not open configuration file", StringComparison.Ordinal) || message.Contains("No matches for the wildcard", StringComparison.Ordinal) ? "included file not on this machine"
        : message.Contains("does not exist", StringComparison.Ordinal) || message.Contains("is not a directory", StringComparison.Ordinal) || message.Contains("must be a valid directory", StringComparison.Ordinal) ? "path not on this machine"
        : ContextErrors.Any(message.Contains) ? "directive not allowed in any wrapper context"
        : "invalid directive value";

    /// <summary>Runs <c>apache2 -t</c> with a wrapper per file; the wrappers live in a temporary directory removed afterwards.</summary>
    private sealed partial class Httpd : IDisposable
    {
        private readonly string _env;
        private readonly string[] _prefix;
        private readonly string _modules;
        private int _counter;

        public Httpd(string apache)
        {
            (_env, _prefix) = DebianApache.Command(apache);
            WorkDirectory = Directory.CreateTempSubdirectory("electionaudit-apache-").FullName;
            _modules = DebianApache.LoadEveryModule();
        }

        public string WorkDirectory { get; }

        public HttpdVerdict Check(string file, string? corpus = null)
        {
            var verdict = CheckWithServerRoot(file, null);

            // Relative includes resolve against ServerRoot; when the file's own repository holds them (h5bp includes
            // "h5bp/tls/ssl_engine.conf"), a second run with ServerRoot at the repository root reads the file to its end.
            if (corpus is not null && verdict.Phase != Phase.Accepted && verdict.Message.Contains("Could not open configuration file /etc/apache2/", StringComparison.Ordinal))
            {
                var relative = Path.GetRelativePath(Path.Combine(corpus, "apache"), file).Split(Path.DirectorySeparatorChar);
                var retry = CheckWithServerRoot(file, Path.Combine(corpus, "apache", relative[0]));
                if (!retry.Message.Contains("Could not open configuration file", StringComparison.Ordinal))
                {
                    return retry with { Context = retry.Context + ", ServerRoot at the repository" };
                }
            }

            return verdict;
        }

        private HttpdVerdict CheckWithServerRoot(string file, string? serverRoot)
        {
            HttpdVerdict? first = null;
            foreach (var context in new[] { "server", "virtual host", "directory" })
            {
                var verdict = Run(file, context, serverRoot);
                first ??= verdict;
                if (verdict.Phase == Phase.Accepted || verdict.IsSyntax)
                {
                    return verdict;
                }

                if (!ContextErrors.Any(verdict.Message.Contains))
                {
                    // Not a matter of context: retrying elsewhere would not get further.
                    return verdict.Phase == Phase.Walk || first.Phase != Phase.Walk ? verdict : first;
                }
            }

            return first!;
        }

        private HttpdVerdict Run(string file, string context, string? serverRoot)
        {
            string include = (serverRoot is null ? string.Empty : $"ServerRoot \"{serverRoot}\"\n") + $"Include \"{file}\"\n";
            string wrapped = context switch
            {
                "virtual host" => $"<VirtualHost *:80>\n{include}</VirtualHost>\n",
                "directory" => $"<Directory />\n{include}</Directory>\n",
                _ => include,
            };
            string wrapper = Path.Combine(WorkDirectory, $"wrapper{Interlocked.Increment(ref _counter)}.conf");
            File.WriteAllText(wrapper, $"ServerRoot /etc/apache2\n{_modules}Include /etc/apache2/mods-enabled/*.conf\nServerName localhost\nErrorLog /dev/null\n{wrapped}");
            var (exitCode, stdout, stderr) = ExternalProgram.Run(_env, [.. _prefix, "-t", "-f", wrapper]);
            File.Delete(wrapper);
            if (exitCode == 0)
            {
                return new HttpdVerdict(Phase.Accepted, null, 0, string.Empty, context);
            }

            string text = stdout + stderr;
            var matches = SyntaxErrorAt().Matches(text);
            if (matches.Count == 0)
            {
                return new HttpdVerdict(Phase.Build, null, 0, text.Trim(), context);
            }

            var last = matches[^1];
            string rest = text[(last.Index + last.Length)..].TrimStart(' ', '\n');
            int lineEnd = rest.IndexOf('\n', StringComparison.Ordinal);
            string message = lineEnd < 0 ? rest.Trim() : rest[..lineEnd].Trim();

            // "was not closed." comes as "FILE:LINE: <X> was not closed."; keep the message part.
            var notClosed = NotClosed().Match(message);
            if (notClosed.Success)
            {
                message = notClosed.Groups[1].Value;
            }

            var phase = text.Contains("AH00526", StringComparison.Ordinal) && !text.Contains("apache2: Syntax error", StringComparison.Ordinal) ? Phase.Walk : Phase.Build;
            return new HttpdVerdict(phase, last.Groups[2].Value, int.Parse(last.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), message, context);
        }

        public void Dispose() => DebianApache.DeleteWorkDirectory(WorkDirectory);

        [GeneratedRegex(@"Syntax error on line (\d+) of ([^\n]+?):(?=\s)")]
        private static partial Regex SyntaxErrorAt();

        [GeneratedRegex(@"^\S+:\d+: (<\S+> was not closed\.)")]
        private static partial Regex NotClosed();
    }
}
