using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

public class NginxFormatTests
{
    [Theory]
    [InlineData("etc/nginx/nginx.conf", "")]
    [InlineData("site.nginx", "# empty")]
    [InlineData("deploy/nginx/anything.conf", "gzip on;")]
    [InlineData("sites-available/example.conf", "server_name example.org;")]
    [InlineData("conf.d/default.conf", "server {\n  listen 80;\n}\n")]
    [InlineData("templates/site.conf.template", "server {\n  listen ${PORT};\n  server_name example.org;\n}\n")]
    [InlineData("app.conf", "upstream app { server 127.0.0.1:3000; }\nserver { listen 443 ssl; location / { proxy_pass http://app; } }")]
    [InlineData("x.txt", "listen 8080;\nroot /srv;\n")]
    [InlineData("dump.txt", "# configuration file /etc/nginx/nginx.conf:\nevents {}\n")]
    [InlineData("etc/X11/Xsession", "# not a script\nhttp {\n  server_tokens off;\n}\n")]
    [InlineData("etc/nginx/nginx.conf", "#!/usr/sbin/nginx -c\nevents {}\n")]
    [InlineData("includes/redirects.inc", "if ($scheme = http) {\n  return 301 https://$host$request_uri;\n}\nmap $uri $moved { default 0; }\n")]
    public void Claims_nginx_files(string path, string text)
    {
        NginxFormat.LooksLikeNginx(path, text).ShouldBeTrue();
        NginxFormat.LooksLikeNginx(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sites-available/000-default.conf", "<VirtualHost *:80>\n  ServerName example.org\n</VirtualHost>\n")]
    [InlineData("conf.d/ssl.conf", "Listen 443 https\nSSLProtocol all -SSLv3\nSSLCipherSuite HIGH\n")]
    [InlineData("etc/nginx/nginx.conf", "<Directory /var/www>\n  Require all granted\n</Directory>\n")]
    [InlineData("named.conf", "options {\n  directory \"/var/cache/bind\";\n  allow-query { any; };\n  allow-transfer { none; };\n};\nzone \"example.org\" {\n  type master;\n  file \"db.example\";\n};\n")]
    [InlineData("conf.d/zones.conf", "zone \"example.org\" { type primary; file \"db.example\"; };\n")]
    [InlineData("sites-enabled/empty.conf", "# nothing here\n")]
    [InlineData("notes.conf", "server {\n}\n")]
    [InlineData("README.md", "Configure nginx with `listen 80;`.")]
    [InlineData("etc/X11/Xsession", "#!/bin/sh\nhttp {\n  server_tokens off;\n}\n")]
    [InlineData("examples/zran.c", "static int build(void) {\n    if (ret == 0) {\n        index = 1;\n        return ret;\n    }\n    return 0;\n}\n")]
    [InlineData("contrib/DiffHighlight.pm", "sub highlight {\n  my ($line) = @_;\n  if ($line) {\n    return join q(), map { $_ } @parts;\n  }\n  index $line, q(a);\n  return;\n}\n")]
    [InlineData("docs/nginx-setup.md", "server {\n    listen 443 ssl;\n    server_name results.example;\n    location / { root /srv/www; }\n}\n")]
    [InlineData("etc/nginx/rotate.sh", "http {\n  server_tokens off;\n  server { listen 80; server_name a; }\n}\n")]
    [InlineData("roles/web/README", "server {\n    listen 443 ssl;\n    server_name results.example;\n    location / { root /srv/www; }\n}\n")]
    // Free Pascal: "if" without a block and a comment's "{ return ... }" without ";" parse as directives nginx would
    // refuse, so they count for nothing, and "index := Color.index;" alone is too little.
    [InlineData("src/core/cleari.inc", "{\n  Free Pascal include\n}\nprocedure TClear.Run;\nbegin\n  { return the handle }\n  if not Ready then\n    raise EError.Create('not ready');\n  index := Color.index;\nend;\n")]
    // A text of C++ guidelines (no program's extension): its code holds nginx's shapes of "if", "return" and "index".
    [InlineData("guides/cpp/core-guidelines.txt", "Prefer early returns.\n\nint f(int x) {\n    if (x < 0) {\n        return -1;\n    }\n    index = x;\n    return index;\n}\n")]
    public void Does_not_claim_other_files(string path, string text)
    {
        NginxFormat.LooksLikeNginx(path, text).ShouldBeFalse();
        NginxFormat.LooksLikeNginx(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("nginx.conf", true)]
    [InlineData("etc/NGINX.CONF", true)]
    [InlineData("etc\\nginx\\site.nginx", true)]
    [InlineData("etc/nginx/site.conf", true)]
    [InlineData("etc\\Nginx\\site.conf", true)]
    [InlineData("nginx/site.conf/", true)] // the name is the last non-empty segment
    [InlineData("etc//nginx//x.CONF", true)]
    [InlineData("nginx/", false)]
    [InlineData("etc/nginx/site.txt", false)]
    [InlineData("etc/nginx-old/site.conf", false)]
    [InlineData("nginx.conf/x", false)]
    [InlineData("site.conf", false)]
    [InlineData("", false)]
    [InlineData("//", false)]
    public void Names_that_claim_a_file_are_read_from_the_path_s_segments(string path, bool expected) =>
        NginxFormat.IsNamedAsNginx(path).ShouldBe(expected);

    // Claimed: either separator and any case, doubled separators, a trailing separator (the name is the last non-empty
    // segment), the include folder anywhere in the path. Not claimed: no folder, a file named like the folder, a folder
    // whose name only resembles one, a name that is not *.conf.
    [Theory]
    [InlineData(true, "sites-enabled/site.conf", "etc\\Sites-Enabled\\site.CONF", "etc//conf.d//site.conf", "/srv/SNIPPETS/tls.conf", "conf.d/site.conf/", "conf.d/a/b/site.conf")]
    [InlineData(false, "site.conf", "conf.d", "conf.d/", "sites/site.conf", "my-conf.d/site.conf", "conf.d/site.txt", "conf.d/site.conf/x")]
    public void One_directive_claims_a_conf_file_in_a_folder_nginx_includes_from(bool expected, params string[] paths)
    {
        // One known directive and no context block: only the include folder can decide for nginx.
        const string text = "server_name example.org;\n";
        foreach (var path in paths)
        {
            NginxFormat.LooksLikeNginx(path, text).ShouldBe(expected, path);
            NginxFormat.LooksLikeNginx(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBe(expected, path);
        }
    }

    [Fact]
    public void The_file_name_is_the_last_non_empty_segment_and_the_folders_what_stands_before_it()
    {
        (string Path, string Name, string Folders)[] cases =
        [
            ("etc/nginx/site.conf", "site.conf", "etc/nginx"), ("etc\\nginx\\site.conf", "site.conf", "etc\\nginx"),
            ("etc/nginx//", "nginx", "etc"), ("a\\b//c", "c", "a\\b/"),
            ("site.conf", "site.conf", ""), ("/site.conf", "site.conf", ""), ("//", "", ""), ("", "", ""),
        ];
        foreach (var (path, name, folders) in cases)
        {
            NginxFormat.FileName(path, out var before).ToString().ShouldBe(name, path);
            before.ToString().ShouldBe(folders, path);
        }
    }

    [Theory]
    [InlineData(true, "nginx", "etc/NGINX", "a//nginx/", "\\a\\Nginx\\b")]
    [InlineData(false, "nginx-old/a", "a/xnginx", "", "//", "a/b\\c")]
    public void A_segment_walk_offers_each_non_empty_segment_to_the_test(bool hasNginxFolder, params string[] paths)
    {
        foreach (var path in paths)
        {
            NginxFormat.AnySegment(path, NginxFormat.IsNginxFolder).ShouldBe(hasNginxFolder, path);

            var offered = new List<string>();
            NginxFormat.AnySegment(path, segment =>
            {
                offered.Add(segment.ToString());
                return false;
            }).ShouldBeFalse();
            offered.ShouldBe(path.Split('/', '\\').Where(s => s.Length > 0), path);
        }
    }

    [Theory]
    [InlineData("etc/nginx/nginx.conf", ElectionAudit.Engine.DetectionConfidence.FileName)]
    [InlineData("x\\y\\NGINX.conf", ElectionAudit.Engine.DetectionConfidence.FileName)]
    [InlineData("a.nginx", ElectionAudit.Engine.DetectionConfidence.FileName)]
    [InlineData("nginx/sites/a.txt", ElectionAudit.Engine.DetectionConfidence.FileName)] // any folder named nginx, any file name
    [InlineData("deploy\\nginx\\a.txt", ElectionAudit.Engine.DetectionConfidence.FileName)]
    [InlineData("nginx", ElectionAudit.Engine.DetectionConfidence.Content)] // a file named nginx is not in a folder named nginx
    [InlineData("sites-enabled/a.conf", ElectionAudit.Engine.DetectionConfidence.Content)]
    [InlineData("nginx-conf/a.conf", ElectionAudit.Engine.DetectionConfidence.Content)]
    public void The_loader_tells_a_file_claimed_by_name_from_one_claimed_by_content(string path, ElectionAudit.Engine.DetectionConfidence expected) =>
        new ElectionAudit.Model.Web.NginxFormatLoader().Detect(path, "server {\n  listen 80;\n  server_name example.org;\n  root /srv;\n}\n").ShouldBe(expected);

    [Theory]
    [InlineData("listen 80;", true)]
    [InlineData("  server_name example.org;", true)]
    [InlineData("root-servers.net. 3600000 NS a.root-servers.net.", true)] // a word between hyphens and dots: parsed to be sure
    [InlineData("\"include\" x;", true)]
    [InlineData("@ IN SOA ns1.example.nl. hostmaster.example.nl. ( 1 7200 3600 1209600 3600 )", false)]
    [InlineData("notify yes; diffs; listener; server_names; Listen 80;", false)] // inside longer words, or in another case
    [InlineData("", false)]
    public void Known_directive_names_are_found_only_as_whole_words(string text, bool expected) =>
        NginxFormat.HasKnownDirectiveWord(text).ShouldBe(expected);

    [Fact]
    public void Skipping_files_without_a_directive_word_gives_the_answer_parsing_them_gives()
    {
        // Every corpus and fixture file, under its own path and under names that decide differently (plain, conf.d,
        // nginx directory): the fast answer must be the answer of parsing the file.
        var files = Directory.EnumerateFiles(CorpusPaths.RequireCorpus(), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Descriptor.DescriptorLoaderTests.FindRepositoryRoot(), "tests", "ElectionAudit.Rules.Tests", "Fixtures"), "*", SearchOption.AllDirectories))
            .ToList();
        files.Count.ShouldBeGreaterThan(400);
        int skipped = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            foreach (var path in new[] { file.Replace('\\', '/'), name, "conf.d/" + name + ".conf", "etc/nginx/" + name + ".conf" })
            {
                NginxFormat.LooksLikeNginx(path, text).ShouldBe(NginxFormat.LooksLikeNginxByParsing(path, text), path);
            }

            skipped += NginxFormat.HasKnownDirectiveWord(text.Length > 65536 ? text[..65536] : text) ? 0 : 1;
        }

        skipped.ShouldBeGreaterThan(0, "some corpus files hold no nginx directive word, so the fast path is exercised");
    }
}
