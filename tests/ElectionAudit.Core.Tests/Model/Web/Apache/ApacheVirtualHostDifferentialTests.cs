using System.Text;
using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// The Apache binder's virtual hosts against httpd's own list (Debian package <c>apache2</c>): <c>apache2 -S</c> prints,
/// for each address and port, the virtual hosts httpd made of the configuration, their file and line, and the default
/// one, which answers requests for unknown host names (what EA3015 judges). Each corpus file with virtual hosts is
/// included at server level in a wrapper that loads every Debian module; the sites the model binds from the file alone
/// must be httpd's, with the same addresses, lines, names and defaults.
/// </summary>
public partial class ApacheVirtualHostDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void Virtual_hosts_and_defaults_agree_with_apache2_S_on_the_corpus()
    {
        var apache = ExternalProgram.Require("apache2");
        var corpus = CorpusPaths.RequireCorpus();
        using var httpd = new Httpd(apache);
        int compared = 0, refused = 0, skipped = 0;
        var disagreements = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, "apache"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(corpus, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            var tree = ApacheSyntaxTree.Parse(new SourceText(relative, text));
            var hosts = tree.Root.Children.OfType<ApacheSectionSyntax>().Where(s => s.IsNamed("VirtualHost")).ToList();

            // Only files whose virtual hosts httpd can place without asking DNS (addresses, *, _default_), and that
            // include nothing (the model would read the repository's files, httpd this machine's).
            if (hosts.Count == 0 || !tree.Diagnostics.IsEmpty || hosts.Any(h => h.Arguments.Any(a => !IsLiteralAddress(a.Value)))
                || tree.DescendantStatements().Any(s => s.Name.StartsWith("Include", StringComparison.OrdinalIgnoreCase) || s.Name.Equals("Use", StringComparison.OrdinalIgnoreCase)))
            {
                skipped++;
                continue;
            }

            var (accepted, entries) = httpd.VirtualHosts(file);
            if (!accepted)
            {
                refused++;
                continue;
            }

            var theirs = Describe(entries);
            var ours = Describe(Bind(relative, text));
            compared++;
            if (theirs != ours)
            {
                disagreements.Add($"{relative}\n  apache2 -S:\n{theirs}  model:\n{ours}");
            }
        }

        output.WriteLine($"{compared} files compared with apache2 -S, {refused} refused by httpd on this machine, {skipped} skipped (no virtual host, host names, includes)");
        foreach (var disagreement in disagreements)
        {
            output.WriteLine(disagreement);
        }

        disagreements.ShouldBeEmpty();
        compared.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void The_installed_debian_configuration_with_sites_enabled_through_links_binds_as_apache2_S_lists_it()
    {
        // A copy of this machine's /etc/apache2 as Debian's apache2 installs it (links kept), with an operator's site
        // enabled by a2ensite's relative link and one left disabled: the model reads the whole configuration from
        // apache2.conf (includes, IfModule decided by the LoadModule lines, links, the enabled folders), httpd too.
        var apache = ExternalProgram.Require("apache2");
        if (!File.Exists("/etc/apache2/apache2.conf"))
        {
            ExternalProgram.IsCi.ShouldBeFalse("/etc/apache2/apache2.conf is missing although apache2 is installed");
            Assert.Skip("/etc/apache2 is not here");
        }

        var root = Directory.CreateTempSubdirectory("electionaudit-debian-apache-").FullName;
        try
        {
            ExternalProgram.Run("cp", ["-a", "/etc/apache2", root]).ExitCode.ShouldBe(0);
            var folder = Path.Combine(root, "apache2");
            File.WriteAllText(Path.Combine(folder, "sites-available", "results.conf"), """
                <VirtualHost *:80>
                    ServerName results.example.nl
                    ServerAlias www.results.example.nl
                    Redirect permanent / https://results.example.nl/
                </VirtualHost>
                <VirtualHost [::]:8080 0.0.0.0:8080>
                    ServerName api.example.nl
                </VirtualHost>
                """);
            File.WriteAllText(Path.Combine(folder, "sites-available", "old.conf"), "<VirtualHost *:80>\n    ServerName old.example.nl\n</VirtualHost>\n");
            File.CreateSymbolicLink(Path.Combine(folder, "sites-enabled", "results.conf"), "../sites-available/results.conf");

            var (env, prefix) = DebianApache.Command(apache);
            var (exitCode, stdout, stderr) = ExternalProgram.Run(env, [.. prefix, "-d", folder, "-f", Path.Combine(folder, "apache2.conf"), "-S"]);
            exitCode.ShouldBe(0, stdout + stderr);

            // httpd names the file it read, through the link; the model names the file a fix is made in, the link's target.
            string? Key(string path) => path.StartsWith(root, StringComparison.Ordinal)
                ? Path.GetRelativePath(root, new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path).Replace('\\', '/')
                : null;
            var theirs = Httpd.Entries(stdout + stderr, Key).Select(e => e with { Name = e.Name == UnnamedHost(stdout + stderr, e) ? null : e.Name });

            var result = new AuditEngine([]).Scan(new ScanRequest(root) { Configuration = ElectionAudit.Configuration.AuditConfiguration.Default, MaxDegreeOfParallelism = 1 });
            var ours = result.Model.BoundElementsOfType<WebSite>().Where(s => s.IsApache).SelectMany(site => site.Listens.Select(listen => new Entry(
                Address(listen.Address, listen.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"),
                site.Declaration.GetLocation().StartLine,
                site.ServerNames.Count > 0 ? site.ServerNames[0].Value : null,
                listen.IsDefaultServer) { File = site.Declaration.GetLocation().Path }));

            var expected = Describe(theirs);
            output.WriteLine(expected);
            Describe(ours).ShouldBe(expected);
            expected.ShouldContain("sites-available/results.conf");
            expected.ShouldNotContain("old.conf");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // httpd names a virtual host without ServerName after the machine (its FQDN, or 127.0.0.1 when it has none); the
    // model leaves it unnamed. The name it printed for the main server is that one.
    private static string? UnnamedHost(string output, Entry entry) =>
        UnnamedHostName().Match(output) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"using (\S+)\. Set the 'ServerName' directive")]
    private static partial Regex UnnamedHostName();

    /// <summary>One virtual host on one address: where it is declared, its ServerName (null without one), and whether it is the default there.</summary>
    private sealed record Entry(string Address, int Line, string? Name, bool IsDefault)
    {
        /// <summary>The file, when entries of several files are compared.</summary>
        public string File { get; init; } = string.Empty;
    }

    private static string Describe(IEnumerable<Entry> entries)
    {
        var text = new StringBuilder();
        // One virtual host with two wildcard addresses (*:80 and [::]:80) is one entry, default if either address is.
        var merged = entries.GroupBy(e => (e.File, e.Address, e.Line, e.Name)).Select(g => g.First() with { IsDefault = g.Any(e => e.IsDefault) });
        foreach (var entry in merged.OrderBy(e => e.Address, StringComparer.Ordinal).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line))
        {
            text.Append("    ").Append(entry.File.Length == 0 ? string.Empty : entry.File + " ").Append(entry.Address).Append(" line ").Append(entry.Line).Append(' ').Append(entry.Name ?? "(no ServerName)").Append(entry.IsDefault ? " default" : string.Empty).Append('\n');
        }

        return text.ToString();
    }

    private static List<Entry> Bind(string path, string text)
    {
        var source = new SourceText(path, text);
        var files = new InMemoryFileSystem().Add(path, text);
        var sites = new AuditEngine([]).Analyze(files, [path]).Model.BoundElementsOfType<WebSite>().Where(s => s.IsApache);
        var entries = new List<Entry>();
        foreach (var site in sites)
        {
            foreach (var listen in site.Listens)
            {
                var address = Address(listen.Address, listen.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*");
                string? name = site.ServerNames.Count > 0 ? site.ServerNames[0].Value : null;
                entries.Add(new Entry(address, LogicalLineEnd(source, site.Declaration.GetLocation().StartLine), name, listen.IsDefaultServer));
            }
        }

        return entries;
    }

    // httpd reports a line continued with a backslash at its last physical line.
    private static int LogicalLineEnd(SourceText source, int line)
    {
        while (line < source.LineCount && source.GetLineText(line).EndsWith('\\'))
        {
            line++;
        }

        return line;
    }

    // httpd prints every wildcard (_default_, 0.0.0.0, [::]) as *, an IPv6 address in brackets, and a missing port as *.
    private static string Address(string address, string port)
    {
        var host = ElectionAudit.Model.Web.ApacheSiteBinder.IsWildcard(address) ? "*" : address.Trim('[', ']');
        return (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port;
    }

    private static bool IsLiteralAddress(string argument)
    {
        var host = argument;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? host : host[1..close];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            host = host[..host.IndexOf(':', StringComparison.Ordinal)];
        }

        return host is "*" or "_default_" || System.Net.IPAddress.TryParse(host, out _);
    }

    /// <summary>Runs <c>apache2 -S</c> with a wrapper per file; the wrappers live in a temporary directory removed afterwards.</summary>
    private sealed partial class Httpd : IDisposable
    {
        private readonly string _env;
        private readonly string[] _prefix;
        private readonly string _modules;
        private readonly string _directory = Directory.CreateTempSubdirectory("electionaudit-vhosts-").FullName;

        public Httpd(string apache)
        {
            (_env, _prefix) = DebianApache.Command(apache);
            _modules = DebianApache.LoadEveryModule();
        }

        /// <summary>Whether httpd accepted the file, and the virtual hosts <c>-S</c> lists for it.</summary>
        public (bool Accepted, List<Entry> Entries) VirtualHosts(string file)
        {
            var wrapper = Path.Combine(_directory, "wrapper.conf");
            File.WriteAllText(wrapper, $"ServerRoot /etc/apache2\n{_modules}ServerName wrapper.electionaudit.invalid\nErrorLog /dev/null\nInclude \"{file}\"\n");
            var (exitCode, stdout, stderr) = ExternalProgram.Run(_env, [.. _prefix, "-S", "-f", wrapper]);
            if (exitCode != 0)
            {
                return (false, []);
            }

            return (true, Entries(stdout + stderr, path => path == file ? string.Empty : null));
        }

        /// <summary>
        /// The virtual hosts of <c>apache2 -S</c>'s output whose file <paramref name="fileKey"/> maps to a key (null: not
        /// compared); each entry's address, line, name and whether it is the default of its address.
        /// </summary>
        public static List<Entry> Entries(string output, Func<string, string?> fileKey)
        {
            var entries = new List<Entry>();
            string? nameVirtualHost = null;
            foreach (var line in output.Split('\n'))
            {
                if (NameVirtualHostLine().Match(line) is { Success: true } named)
                {
                    nameVirtualHost = named.Groups[1].Value;
                    continue;
                }

                if (SingleHostLine().Match(line) is { Success: true } single)
                {
                    nameVirtualHost = null;
                    if (fileKey(single.Groups[3].Value) is { } key)
                    {
                        entries.Add(new Entry(single.Groups[1].Value, int.Parse(single.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), Named(single.Groups[2].Value), IsDefault: true) { File = key });
                    }

                    continue;
                }

                if (nameVirtualHost is not null && NameHostLine().Match(line) is { Success: true } host && fileKey(host.Groups[3].Value) is { } hostKey)
                {
                    int at = int.Parse(host.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
                    var entry = new Entry(nameVirtualHost, at, Named(host.Groups[2].Value), IsDefault: host.Groups[1].Value == "default server") { File = hostKey };
                    if (entry.IsDefault || !entries.Contains(entry with { IsDefault = true }))
                    {
                        entries.Add(entry);
                    }
                }
            }

            return entries;
        }

        // A virtual host without ServerName takes the server's (the wrapper's).
        private static string? Named(string name) => name == "wrapper.electionaudit.invalid" ? null : name;

        public void Dispose() => DebianApache.DeleteWorkDirectory(_directory);

        [GeneratedRegex(@"^(\S+)\s+is a NameVirtualHost")]
        private static partial Regex NameVirtualHostLine();

        [GeneratedRegex(@"^(\S+:\S+)\s+(\S+) \((.+):(\d+)\)\s*$")]
        private static partial Regex SingleHostLine();

        [GeneratedRegex(@"^\s+(default server|port \S+ namevhost) (\S+) \((.+):(\d+)\)\s*$")]
        private static partial Regex NameHostLine();
    }
}
