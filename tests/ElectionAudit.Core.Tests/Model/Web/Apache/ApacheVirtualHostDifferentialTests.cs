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

    /// <summary>One virtual host on one address: where it is declared, its ServerName (null without one), and whether it is the default there.</summary>
    private sealed record Entry(string Address, int Line, string? Name, bool IsDefault);

    private static string Describe(IEnumerable<Entry> entries)
    {
        var text = new StringBuilder();
        // One virtual host with two wildcard addresses (*:80 and [::]:80) is one entry, default if either address is.
        var merged = entries.GroupBy(e => (e.Address, e.Line, e.Name)).Select(g => g.First() with { IsDefault = g.Any(e => e.IsDefault) });
        foreach (var entry in merged.OrderBy(e => e.Address, StringComparer.Ordinal).ThenBy(e => e.Line))
        {
            text.Append("    ").Append(entry.Address).Append(" line ").Append(entry.Line).Append(' ').Append(entry.Name ?? "(no ServerName)").Append(entry.IsDefault ? " default" : string.Empty).Append('\n');
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
        private readonly string _apache;
        private readonly string _env;
        private readonly string[] _variables;
        private readonly string _modules;
        private readonly string _directory = Directory.CreateTempSubdirectory("electionaudit-vhosts-").FullName;

        public Httpd(string apache)
        {
            _apache = apache;
            _env = ExternalProgram.Find("env") ?? "/usr/bin/env";
            var (_, stdout, _) = ExternalProgram.Run("/bin/sh", ["-c", ". /etc/apache2/envvars && env"]);
            _variables = [.. stdout.Split('\n').Where(line => line.StartsWith("APACHE_", StringComparison.Ordinal) || line.StartsWith("LANG=", StringComparison.Ordinal))];
            var modules = new StringBuilder();
            foreach (var load in Directory.EnumerateFiles("/etc/apache2/mods-available", "*.load").Order(StringComparer.Ordinal))
            {
                if (Path.GetFileNameWithoutExtension(load) is not ("mpm_prefork" or "mpm_worker"))
                {
                    modules.Append("Include ").Append(load).Append('\n');
                }
            }

            _modules = modules.ToString();
        }

        /// <summary>Whether httpd accepted the file, and the virtual hosts <c>-S</c> lists for it.</summary>
        public (bool Accepted, List<Entry> Entries) VirtualHosts(string file)
        {
            var wrapper = Path.Combine(_directory, "wrapper.conf");
            File.WriteAllText(wrapper, $"ServerRoot /etc/apache2\n{_modules}ServerName wrapper.electionaudit.invalid\nErrorLog /dev/null\nInclude \"{file}\"\n");
            var (exitCode, stdout, stderr) = ExternalProgram.Run(_env, [.. _variables, _apache, "-S", "-f", wrapper]);
            if (exitCode != 0)
            {
                return (false, []);
            }

            var entries = new List<Entry>();
            string? nameVirtualHost = null;
            foreach (var line in (stdout + stderr).Split('\n'))
            {
                if (NameVirtualHostLine().Match(line) is { Success: true } named)
                {
                    nameVirtualHost = named.Groups[1].Value;
                    continue;
                }

                if (SingleHostLine().Match(line) is { Success: true } single && single.Groups[3].Value == file)
                {
                    nameVirtualHost = null;
                    entries.Add(new Entry(single.Groups[1].Value, int.Parse(single.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), Named(single.Groups[2].Value), IsDefault: true));
                    continue;
                }

                if (nameVirtualHost is not null && NameHostLine().Match(line) is { Success: true } host && host.Groups[3].Value == file)
                {
                    int at = int.Parse(host.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (host.Groups[1].Value == "default server")
                    {
                        entries.Add(new Entry(nameVirtualHost, at, Named(host.Groups[2].Value), IsDefault: true));
                    }
                    else if (!entries.Contains(new Entry(nameVirtualHost, at, Named(host.Groups[2].Value), IsDefault: true)))
                    {
                        entries.Add(new Entry(nameVirtualHost, at, Named(host.Groups[2].Value), IsDefault: false));
                    }
                }
            }

            return (true, entries);
        }

        // A virtual host without ServerName takes the server's (the wrapper's).
        private static string? Named(string name) => name == "wrapper.electionaudit.invalid" ? null : name;

        public void Dispose()
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }

        [GeneratedRegex(@"^(\S+)\s+is a NameVirtualHost")]
        private static partial Regex NameVirtualHostLine();

        [GeneratedRegex(@"^(\S+:\S+)\s+(\S+) \((.+):(\d+)\)\s*$")]
        private static partial Regex SingleHostLine();

        [GeneratedRegex(@"^\s+(default server|port \S+ namevhost) (\S+) \((.+):(\d+)\)\s*$")]
        private static partial Regex NameHostLine();
    }
}
