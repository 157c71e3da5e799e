using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// The built-in loaders detect a file from the scan's snapshot of it (<see cref="FormatLoader"/>'s internal
/// <c>Detect(string, SourceText)</c>) by reading only the part they look at: the answers must be exactly those of the public
/// string-taking tests over the whole text, for every file and every name, and an ASCII file's string must not be made.
/// </summary>
public class FormatDetectionTests
{
    // Names that send a file down each loader's content test: its own, a bare name, YAML and TOML names no loader claims
    // by name, a conf.d file (Apache and nginx sniff it), and a file under an nginx directory.
    private static IEnumerable<string> PathsFor(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return [path, name, "deploy/" + name + ".yaml", "deploy/" + name + ".toml", "conf.d/" + name + ".conf", "etc/nginx/" + name + ".conf"];
    }

    [Fact]
    public void Every_corpus_and_fixture_file_is_detected_from_its_snapshot_as_from_its_text()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var fixtures = Path.Combine(Descriptor.DescriptorLoaderTests.FindRepositoryRoot(), "tests", "ElectionAudit.Rules.Tests", "Fixtures");
        var files = new[] { corpus, fixtures }
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(file => (Root: root, File: file)))
            .ToList();
        files.Count.ShouldBeGreaterThan(900);
        int compact = 0, large = 0;
        foreach (var (root, file) in files)
        {
            var bytes = File.ReadAllBytes(file);
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            compact += SourceText.FromBytes(relative, bytes).IsCompact ? 1 : 0;
            large += bytes.Length > 65536 ? 1 : 0;
            foreach (var path in PathsFor(relative))
            {
                AssertSameDetection(path, bytes, relative);
            }
        }

        // Both forms of a snapshot, and heads cut short, are exercised.
        compact.ShouldBeGreaterThan(files.Count / 2);
        compact.ShouldBeLessThan(files.Count);
        large.ShouldBeGreaterThan(5);
    }

    /// <summary>Texts at the edges of what detection reads, by name: bounds cut in a line, each kind of line break, short files.</summary>
    private static Dictionary<string, string> EdgeCases()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (breakName, lineBreak) in new[] { ("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r") })
        {
            // Zone content is looked for in the first 100 lines cut at every CR and LF: a CRLF line counts twice.
            foreach (int before in new[] { 48, 49, 50, 98, 99, 100, 101 })
            {
                var filler = string.Concat(Enumerable.Repeat("; comment" + lineBreak, before));
                data.Add($"zone $TTL after {before} {breakName}", filler + "$TTL 1h" + lineBreak + "x IN A 192.0.2.1" + lineBreak);
                data.Add($"zone SOA after {before} {breakName}", filler + "@ 3600 SOA ns.example. h.example. 1 2 3 4 5 ; (" + lineBreak);
                data.Add($"origin after {before} {breakName}", string.Concat(Enumerable.Repeat("; c" + lineBreak, before * 2)) + "$ORIGIN example.org." + lineBreak);
            }

            data.Add($"zone ending without a break {breakName}", "; c" + lineBreak + "$TTL 1h");

            // The 64 KiB heads, cut just after, at and just before the end of what decides (and a line or two earlier).
            foreach (int shift in new[] { -30, -2, -1, 0, 1, 2 })
            {
                string At(string before, string deciding, string after) =>
                    before + Padding(65536 + shift - before.Length - deciding.Length - lineBreak.Length, lineBreak) + deciding + after;

                var lb = lineBreak;
                data.Add($"named.conf zone at {shift} {breakName}", At(string.Empty, "zone \"example.org\" {", lb + "};" + lb));
                data.Add($"named.conf options at {shift} {breakName}", At(string.Empty, "options {" + lb + "  directory", " \"/var\";" + lb + "};" + lb));
                data.Add($"apache at {shift} {breakName}", At(string.Empty, "ServerName", " example.org" + lb));
                data.Add($"apache tag at {shift} {breakName}", At(string.Empty, "<VirtualHost", " *:80>" + lb));
                data.Add($"braces at {shift} {breakName}", At("ServerName a" + lb, "server {", lb + "  listen 80;" + lb));
                data.Add($"nginx at {shift} {breakName}", At(string.Empty, "server {" + lb + "  listen 80;" + lb + "  root /srv;", lb + "}" + lb));
                data.Add($"nginx head then more at {shift} {breakName}", At("server {" + lb + "  listen 80;" + lb + "  server_name a;" + lb, "}", lb));
                data.Add($"borgmatic at {shift} {breakName}", At(string.Empty, "repositories:", lb + "  - path: /b" + lb));
                data.Add($"legacy borgmatic at {shift} {breakName}", At("location:" + lb, "    source_directories:", lb + "        - /etc" + lb));
                data.Add($"restic at {shift} {breakName}", At("version = 1" + lb, "repository =", " \"/r\"" + lb));
                data.Add($"restic yaml at {shift} {breakName}", At("default:" + lb + "  repository: local:/r" + lb, "  password-file:", " key" + lb));
                data.Add($"descriptor at {shift} {breakName}", At("version: 1" + lb, "election:", lb + "  name: x" + lb));
            }

            data.Add($"dump {breakName}", lineBreak + "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok" + lineBreak + "# configuration file /etc/nginx/nginx.conf:" + lineBreak + "events {}" + lineBreak);
            data.Add($"dump after blanks beyond the head {breakName}", string.Concat(Enumerable.Repeat("   " + lineBreak, 30000)) + "# configuration file /etc/nginx/nginx.conf:" + lineBreak + "events {}" + lineBreak);
            data.Add($"descriptor keys {breakName}", "version: 1" + lineBreak + "election:" + lineBreak + "  name: x" + lineBreak);
            data.Add($"legacy borgmatic {breakName}", "location:" + lineBreak + "    source_directories:" + lineBreak + "        - /etc" + lineBreak);
            data.Add($"restic yaml {breakName}", "version: \"1\"" + lineBreak + "default:" + lineBreak + "  repository: local:/r" + lineBreak + "  password-file: key" + lineBreak);
        }

        data.Add("empty", string.Empty);
        data.Add("one line", "$TTL 1h");
        data.Add("short nginx", "server { listen 80; server_name a; root /srv; }");
        data.Add("mixed breaks", "; a\r\n; b\r; c\n\r\n$TTL 1h\r@ IN SOA ns h 1 2 3 4 5\n");
        return data;
    }

    [Fact]
    public void Texts_at_the_edges_of_what_detection_reads_are_detected_as_their_whole_text()
    {
        var cases = EdgeCases();
        cases.Count.ShouldBeGreaterThan(200);
        foreach (var (name, text) in cases)
        {
            // Names that leave the decision to each loader's content test, and one a zone loader claims even empty.
            foreach (var path in new[] { "x/file.txt", "deploy/file.yaml", "deploy/file.toml", "sites-enabled/file.conf", "db.example" })
            {
                AssertSameDetection(path, Encoding.ASCII.GetBytes(text), name);

                // The same text held as a string: a file with a non-ASCII character, or one whose text starts with a byte
                // order mark still (three marks: decoding drops one, the string constructor another).
                AssertSameDetection(path, Encoding.UTF8.GetBytes(text + "\n# caf\u00e9\n"), name);
                AssertSameDetection(path, [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], name);
            }
        }
    }

    [Fact]
    public void A_scan_makes_no_string_of_the_files_it_only_detects()
    {
        var zone = "$TTL 1h\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"h{i} IN A 192.0.2.{i % 250}\n"));
        var files = new SnapshotFileSystem()
            .Add("dns/db.example.org", zone)
            .Add("README.md", "# Deployment\n\nThe web servers answer on port 443.\n")
            .Add("deploy/values.yaml", "replicas: 3\nversion: 2\nimage:\n  name: example/app\n")
            .Add("deploy/settings.toml", "title = \"x\"\n[service]\nport = 80\n")
            .Add("data/hosts.txt", string.Concat(Enumerable.Range(0, 20000).Select(i => $"192.0.2.{i % 250} host{i}.example.org\n")));

        var result = new AuditEngine([]).Analyze(files, files.Paths);

        result.Model.SyntaxTrees.Select(t => t.Source.Path).ShouldBe(["dns/db.example.org"]);
        foreach (var path in files.Paths.Where(p => !p.StartsWith("dns/", StringComparison.Ordinal)))
        {
            var source = files.Read(path);
            source.IsCompact.ShouldBeTrue();
            source.HasMadeText.ShouldBeFalse(path);
        }

        // Nor is the zone's: its parser widens the bytes a window at a time.
        files.Read("dns/db.example.org").HasMadeText.ShouldBeFalse();
    }

    [Fact]
    public void Files_that_mention_options_and_a_directory_are_not_taken_for_named_conf()
    {
        // Shaped like Debian's roundcube-core files: its .htaccess shipped as /etc/roundcube/htaccess, and its PHP
        // defaults. Their prose holds "options", a "{" and "directory", which was named.conf's whole content test, and
        // named.conf's loader comes before Apache's: 17 EA0002 "missing ';'" errors in a scan of /etc.
        var files = new SnapshotFileSystem()
            .Add("etc/roundcube/htaccess", "# This is a sample with suggested security and performance options\n\n<IfModule mod_rewrite.c>\nRewriteEngine On\n# deny access to files not containing a dot, except in the installer directory\nRewriteRule ^(?!installer|[a-zA-Z0-9]{16})(\\.?[^\\.]+)$ - [F]\n</IfModule>\n\n<IfModule mod_headers.c>\nHeader set X-Robots-Tag \"noindex, nofollow\"\n</IfModule>\n")
            .Add("etc/roundcube/defaults.inc.php", "<?php\n\n// Roundcube options\n$config = [];\n\n// available placeholders: {street}, {locality}\n$config['address_template'] = '{street}<br/>{locality}';\n\n// the temp directory\n$config['temp_dir'] = RCUBE_INSTALL_PATH . 'temp/';\n");

        var result = new AuditEngine([]).Analyze(files, files.Paths);

        result.Model.SyntaxTrees.Select(t => (t.Source.Path, t.Format.Name)).ShouldBe([("etc/roundcube/htaccess", "apache")]);
        result.Findings.ShouldBeEmpty();
    }

    // Every built-in loader, and the detection tests behind them, give the same answer for a snapshot of these bytes as for
    // its text, and the loaders other than nginx (which parses a short file whole, as the loader will) make no string of it.
    private static void AssertSameDetection(string path, byte[] bytes, string label)
    {
        var text = SourceText.FromBytes(path, bytes).Text;
        foreach (var loader in AuditEngine.DefaultLoaders())
        {
            var expected = loader.Detect(path, text);
            var snapshot = SourceText.FromBytes(path, bytes);
            loader.Detect(path, snapshot).ShouldBe(expected, $"{loader.Format.Name} {path} ({label})");
            if (loader is not ElectionAudit.Model.Web.NginxFormatLoader)
            {
                snapshot.HasMadeText.ShouldBeFalse($"{loader.Format.Name} {path} ({label})");
            }

            // (A text that starts with a byte order mark still is another text to the string constructor, which drops it.)
            if (!text.StartsWith('\uFEFF'))
            {
                loader.Detect(path, new SourceText(path, text)).ShouldBe(expected, $"{loader.Format.Name} {path} ({label}, as a string)");
            }
        }

        var source = SourceText.FromBytes(path, bytes);
        ZoneFormat.GuessOrigin(path, source).ShouldBe(ZoneFormat.GuessOrigin(path, text), $"{path} ({label})");
        NginxDump.IsDump(source).ShouldBe(NginxDump.IsDump(text), $"{path} ({label})");
        source.HasMadeText.ShouldBeFalse($"{path} ({label})");
    }

    // Comment lines filling exactly length characters, whatever the line break.
    private static string Padding(int length, string lineBreak)
    {
        var builder = new StringBuilder(length + 80);
        while (length - builder.Length >= 2 * (60 + lineBreak.Length))
        {
            builder.Append('#').Append('-', 59).Append(lineBreak);
        }

        builder.Append('#').Append('-', length - builder.Length - 1);
        return builder.Append(lineBreak).ToString();
    }

    /// <summary>A scan file system that keeps each file's snapshot, as the engine's own cache does, so a test can look at it after the scan.</summary>
    private sealed class SnapshotFileSystem : IScanFileSystem
    {
        private readonly SortedDictionary<string, SourceText> _files = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Paths => [.. _files.Keys];

        public SnapshotFileSystem Add(string path, string text)
        {
            _files[path] = SourceText.FromBytes(path, Encoding.ASCII.GetBytes(text));
            return this;
        }

        public SourceText Read(string path) => _files[path];

        public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

        public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

        public SourceText? TryRead(string relativePath) => _files.GetValueOrDefault(PathUtil.Normalize(relativePath));
    }
}
