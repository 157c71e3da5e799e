using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

public class NginxConfigurationLoaderTests
{
    private static string Diagnostics(NginxConfiguration configuration) =>
        string.Join('\n', configuration.Diagnostics.Select(d => $"{d.RuleId} {d.Location} {d.Message}"));

    [Fact]
    public void Follows_includes_in_any_context_with_globs_sorted()
    {
        var files = new InMemoryFileSystem()
            .Add("etc/nginx/nginx.conf", "events {}\nhttp {\n  include mime.types;\n  include conf.d/*.conf;\n}\n")
            .Add("etc/nginx/mime.types", "types { text/html html; }\n")
            .Add("etc/nginx/conf.d/b.conf", "server { listen 81; }\n")
            .Add("etc/nginx/conf.d/a.conf", "server { listen 80; include snippets/tls.conf; }\n")
            .Add("etc/nginx/conf.d/skip.txt", "not included")
            .Add("etc/nginx/snippets/tls.conf", "ssl_protocols TLSv1.2;\n");
        var configuration = NginxConfigurationLoader.Load(files, "etc/nginx/nginx.conf");

        configuration.Diagnostics.ShouldBeEmpty();
        configuration.Trees.Select(t => t.Path).ShouldBe([
            "etc/nginx/nginx.conf", "etc/nginx/mime.types", "etc/nginx/conf.d/a.conf", "etc/nginx/snippets/tls.conf", "etc/nginx/conf.d/b.conf"]);
        configuration.Includes.Select(i => $"{i.Tree.Path}: {i.Pattern} -> {i.ResolvedPattern} = [{string.Join(", ", i.Trees.Select(t => t.Path))}]").ShouldBe([
            "etc/nginx/nginx.conf: mime.types -> etc/nginx/mime.types = [etc/nginx/mime.types]",
            "etc/nginx/nginx.conf: conf.d/*.conf -> etc/nginx/conf.d/*.conf = [etc/nginx/conf.d/a.conf, etc/nginx/conf.d/b.conf]",
            "etc/nginx/conf.d/a.conf: snippets/tls.conf -> etc/nginx/snippets/tls.conf = [etc/nginx/snippets/tls.conf]",
        ]);
        configuration.Includes[1].IsGlob.ShouldBeTrue();

        var http = configuration.MainTree.Root.Directives[1];
        configuration.GetEffectiveDirectives(http.Block!).Select(d => $"{d.Name}@{d.Tree.Source.Path}").ShouldBe([
            "types@etc/nginx/mime.types", "server@etc/nginx/conf.d/a.conf", "server@etc/nginx/conf.d/b.conf"]);
        var firstServer = configuration.GetEffectiveDirectives(http.Block!).ElementAt(1);
        var inServer = configuration.GetEffectiveDirectives(firstServer.Block!).ToList();
        inServer.Select(d => d.Name).ShouldBe(["listen", "ssl_protocols"]);
        inServer[1].GetLocation().ToString().ShouldBe("etc/nginx/snippets/tls.conf(1,1,1,23)");
        configuration.GetAllEffectiveDirectives().Select(d => d.Name).ShouldBe([
            "events", "http", "types", "text/html", "server", "listen", "ssl_protocols", "server", "listen"]);
        configuration.GetTree("etc/nginx/mime.types").ShouldBeSameAs(configuration.Trees[1]);
        configuration.GetInclude(configuration.MainTree.Root.Directives[0]).ShouldBeNull();

        // The list form gives the same directives, for a block with includes and for one without.
        configuration.GetEffectiveDirectiveList(http.Block!).ShouldBe(configuration.GetEffectiveDirectives(http.Block!));
        configuration.GetEffectiveDirectiveList(firstServer.Block!).ShouldBe(inServer);
        var secondServer = configuration.GetEffectiveDirectives(http.Block!).ElementAt(2);
        configuration.GetEffectiveDirectiveList(secondServer.Block!).Select(d => d.Name).ShouldBe(["listen"]);
        configuration.GetEffectiveDirectiveList(configuration.MainTree.Root).Select(d => d.Name).ShouldBe(["events", "http"]);
    }

    [Fact]
    public void Relative_includes_resolve_against_the_main_configuration_directory_not_the_including_file()
    {
        // As nginx does (ngx_conf_include uses the configuration prefix): sites/a.conf's "snippets/x.conf" is conf/snippets/x.conf.
        var files = new InMemoryFileSystem()
            .Add("conf/nginx.conf", "include sites/a.conf;")
            .Add("conf/sites/a.conf", "include snippets/x.conf;")
            .Add("conf/snippets/x.conf", "gzip on;")
            .Add("conf/sites/snippets/x.conf", "gzip off;");
        var configuration = NginxConfigurationLoader.Load(files, "conf/nginx.conf");
        configuration.Trees.Select(t => t.Path).ShouldBe(["conf/nginx.conf", "conf/sites/a.conf", "conf/snippets/x.conf"]);

        var withPrefix = NginxConfigurationLoader.Load(files, "conf/sites/a.conf", prefixDirectory: "conf");
        withPrefix.Trees.Select(t => t.Path).ShouldBe(["conf/sites/a.conf", "conf/snippets/x.conf"]);
    }

    [Fact]
    public void A_fragment_nothing_includes_finds_a_missing_include_in_the_nearest_folder_above_that_holds_it()
    {
        // sites-available/results.conf is deployed into a server whose nginx.conf the repository does not hold (or does
        // not include it from): its includes are written against that configuration's folder, the one above.
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "events {}\nhttp { include sites-enabled/*.conf; }\n")
            .Add("nginx/sites-available/results.conf", """
                server {
                  include snippets/tls.conf;
                  include globals/*.conf;
                  include /etc/nginx/snippets/hsts.conf;
                  include local.conf;
                  include missing.conf;
                  include /etc/nginx/absent.conf;
                }
                """)
            .Add("nginx/snippets/tls.conf", "ssl_protocols TLSv1.2 TLSv1.3;")
            .Add("nginx/snippets/hsts.conf", "add_header Strict-Transport-Security max-age=31536000;")
            .Add("nginx/globals/a.conf", "gzip off;")
            .Add("nginx/sites-available/local.conf", "gzip on;")
            .Add("local.conf", "must not be read: the fragment's own folder holds local.conf")
            .Add("snippets/tls.conf", "must not be read: nginx/ is nearer");
        var configuration = NginxConfigurationLoader.Load(files, "nginx/sites-available/results.conf");

        configuration.Includes.Select(i => $"{i.Pattern} -> {i.ResolvedPattern} = [{string.Join(", ", i.Trees.Select(t => t.Path))}]").ShouldBe([
            "snippets/tls.conf -> nginx/snippets/tls.conf = [nginx/snippets/tls.conf]",
            "globals/*.conf -> nginx/globals/*.conf = [nginx/globals/a.conf]",
            "/etc/nginx/snippets/hsts.conf -> nginx/snippets/hsts.conf = [nginx/snippets/hsts.conf]",
            "local.conf -> nginx/sites-available/local.conf = [nginx/sites-available/local.conf]",
            "missing.conf -> nginx/sites-available/missing.conf = []",
            "/etc/nginx/absent.conf ->  = []",
        ]);
        Diagnostics(configuration).ShouldBe("""
            EA0003 nginx/sites-available/results.conf(6,11,6,23) include file "missing.conf" not found: nginx resolves it against the main configuration's directory, "nginx/sites-available", as "nginx/sites-available/missing.conf" (no configuration in the scan includes "nginx/sites-available/results.conf", so the folders above "nginx/sites-available" were searched too)
            EA0003 nginx/sites-available/results.conf(7,11,7,33) include file "/etc/nginx/absent.conf" is an absolute path outside the scan, and no file under "nginx/sites-available" has its trailing path segments (no configuration in the scan includes "nginx/sites-available/results.conf", so the folders above "nginx/sites-available" were searched too)
            """);
    }

    [Theory]
    [InlineData("srv/nginx.conf", "include snippets/x.conf;", null)]
    [InlineData("srv/main.conf", "events {}\ninclude snippets/x.conf;", null)]
    [InlineData("srv/main.conf", "http {\n  include snippets/x.conf;\n}", null)]
    [InlineData("srv/main.conf", "stream {\n  include snippets/x.conf;\n}", null)]
    [InlineData("srv/site.conf", "include snippets/x.conf;", "srv")]
    public void A_main_configuration_or_a_given_prefix_is_certain_and_the_folders_above_are_not_searched(string path, string text, string? prefix)
    {
        var files = new InMemoryFileSystem()
            .Add(path, text)
            .Add("snippets/x.conf", "gzip on;");
        var configuration = NginxConfigurationLoader.Load(files, path, prefixDirectory: prefix);

        configuration.Includes.ShouldHaveSingleItem().Trees.ShouldBeEmpty();
        configuration.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe(
            "include file \"snippets/x.conf\" not found: nginx resolves it against the main configuration's directory, \"srv\", as \"srv/snippets/x.conf\"");
    }

    [Fact]
    public void A_fragment_at_the_scan_root_has_no_folder_above_to_search()
    {
        var files = new InMemoryFileSystem().Add("site.conf", "server { include missing.conf; }");
        Diagnostics(NginxConfigurationLoader.Load(files, "site.conf")).ShouldBe(
            "EA0003 site.conf(1,18,1,30) include file \"missing.conf\" not found: nginx resolves it against the main configuration's directory, the scan root, as \"missing.conf\"");
    }

    [Fact]
    public void Missing_file_is_EA0003_at_the_argument_and_an_empty_glob_is_not()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx.conf", "http {\n  include missing.conf;\n  include none/*.conf;\n  include ../outside.conf;\n}\n");
        var configuration = NginxConfigurationLoader.Load(files, "nginx.conf");
        Diagnostics(configuration).ShouldBe("""
            EA0003 nginx.conf(2,11,2,23) include file "missing.conf" not found: nginx resolves it against the main configuration's directory, the scan root, as "missing.conf"
            EA0003 nginx.conf(4,11,4,26) include "../outside.conf" resolves against the main configuration's directory (the scan root) to "../outside.conf", outside the scan root; it was not followed (pass --allow-outside-root to follow it)
            """);
        configuration.Includes.Select(i => i.Trees.Length).ShouldBe([0, 0, 0]);
    }

    [Fact]
    public void A_stock_file_of_the_nginx_package_that_the_repository_does_not_copy_is_no_EA0003()
    {
        // mime.types, fastcgi_params, proxy_params ... live beside the deployed nginx.conf and hold only parameter lines.
        // Elsewhere the same name is the repository's own file, and a missing one is still reported.
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", """
                http {
                  include mime.types;
                  include /etc/nginx/proxy_params;
                  include /usr/local/nginx/conf/fastcgi.conf;
                  include snippets/fastcgi_params;
                  include /srv/app/uwsgi_params;
                  include fastcgi-php.conf;
                }
                """);
        var configuration = NginxConfigurationLoader.Load(files, "nginx/nginx.conf");

        configuration.Includes.Select(i => (i.Pattern, i.IsStockPackageFile, i.Trees.Length)).ShouldBe([
            ("mime.types", true, 0), ("/etc/nginx/proxy_params", true, 0), ("/usr/local/nginx/conf/fastcgi.conf", true, 0),
            ("snippets/fastcgi_params", false, 0), ("/srv/app/uwsgi_params", false, 0), ("fastcgi-php.conf", false, 0)]);
        configuration.Diagnostics.Select(d => d.Location.StartLine).ShouldBe([5, 6, 7]);
    }

    [Fact]
    public void A_stock_file_the_repository_holds_is_read_as_any_other()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "http {\n  include proxy_params;\n}\n")
            .Add("nginx/proxy_params", "proxy_set_header Host $http_host;\nadd_header X-Frame-Options DENY;\n");
        var include = NginxConfigurationLoader.Load(files, "nginx/nginx.conf").Includes.ShouldHaveSingleItem();

        include.IsStockPackageFile.ShouldBeFalse();
        include.Trees.Single().Path.ShouldBe("nginx/proxy_params");
    }

    [Theory]
    [InlineData("mime.types", "types")]
    [InlineData("fastcgi_params", "fastcgi_param")]
    [InlineData("fastcgi.conf", "fastcgi_param")]
    [InlineData("scgi_params", "scgi_param")]
    [InlineData("uwsgi_params", "uwsgi_param")]
    [InlineData("koi-utf", "charset_map")]
    [InlineData("koi-win", "charset_map")]
    [InlineData("win-utf", "charset_map")]
    [InlineData("proxy_params", "proxy_set_header")]
    public void The_installed_stock_files_hold_only_the_parameter_lines_the_loader_counts_on(string name, string directive)
    {
        // Checked against the files Debian's nginx package installs (.ci/run installs it): if a package ever puts a
        // directive the model reads into one of them, this fails and the list must change.
        ExternalProgram.Require("nginx");
        var path = Path.Combine("/etc/nginx", name);
        if (!File.Exists(path))
        {
            ExternalProgram.IsCi.ShouldBeFalse($"{path} is missing although nginx is installed");
            Assert.Skip($"{path} is not installed here");
        }

        var tree = NginxSyntaxTree.Parse(SourceText.FromBytes(name, File.ReadAllBytes(path)));
        tree.Diagnostics.ShouldBeEmpty();
        tree.Root.Directives.Select(d => d.Name).Distinct().ShouldBe([directive]);
    }

    [Fact]
    public void Absolute_paths_are_mapped_into_the_scan_by_their_trailing_segments()
    {
        var files = new InMemoryFileSystem()
            .Add("deploy/nginx/nginx.conf", "include /etc/nginx/mime.types;\ninclude /etc/nginx/conf.d/*.conf;\ninclude /etc/nginx/sites-enabled/*;\ninclude /usr/share/nginx/modules/x.conf;\ninclude /opt/sites/*.conf;\n")
            .Add("deploy/nginx/mime.types", "types {}")
            .Add("deploy/nginx/conf.d/site.conf", "server {}")
            .Add("deploy/nginx/other.conf", "must not be matched by *.conf");
        var configuration = NginxConfigurationLoader.Load(files, "deploy/nginx/nginx.conf");

        // "/etc/nginx/sites-enabled/*" names a folder under the configuration's own folder (nginx): the repository has no
        // file there, which nginx accepts of a glob, as of the relative "sites-enabled/*". "/opt/sites/*.conf" names no
        // folder of the scan.
        configuration.Includes.Select(i => $"{i.ResolvedPattern} = {i.Trees.Length}").ShouldBe([
            "deploy/nginx/mime.types = 1", "deploy/nginx/conf.d/*.conf = 1", "deploy/nginx/sites-enabled/* = 0", " = 0", " = 0"]);
        Diagnostics(configuration).ShouldBe("""
            EA0003 deploy/nginx/nginx.conf(4,9,4,40) include file "/usr/share/nginx/modules/x.conf" is an absolute path outside the scan, and no file under "deploy/nginx" has its trailing path segments, nor any folder above it by at least the file's folder and name
            EA0003 deploy/nginx/nginx.conf(5,9,5,26) include "/opt/sites/*.conf" is an absolute path outside the scan, and no file under "deploy/nginx" matches its trailing path segments
            """);
    }

    [Fact]
    public void An_absolute_glob_whose_folder_the_scan_holds_matches_nothing_without_a_finding()
    {
        // The scan root is the server's /etc/nginx itself, so "nginx" is in no path of the scan. conf.d/ is there with
        // only a .gitkeep: nginx reads no file from it, and neither does the scan. modules-enabled/ is not there at all.
        var files = new InMemoryFileSystem()
            .Add("nginx.conf", "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Add("conf.d/.gitkeep", string.Empty);
        var configuration = NginxConfigurationLoader.Load(files, "nginx.conf");

        configuration.Includes.Select(i => $"{i.ResolvedPattern} = {i.Trees.Length}").ShouldBe([" = 0", "conf.d/*.conf = 0"]);
        Diagnostics(configuration).ShouldBe("""
            EA0003 nginx.conf(1,9,1,42) include "/etc/nginx/modules-enabled/*.conf" is an absolute path outside the scan, and no file under the scan root matches its trailing path segments
            """);
    }

    [Fact]
    public void An_absolute_glob_into_an_empty_folder_on_disk_matches_nothing_without_a_finding()
    {
        // What a scan of Debian's /etc/nginx sees: conf.d/ and modules-enabled/ exist and are empty.
        var root = Directory.CreateTempSubdirectory("ea-nginx-empty-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "nginx.conf"), "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n");
            Directory.CreateDirectory(Path.Combine(root, "conf.d"));
            Directory.CreateDirectory(Path.Combine(root, "modules-enabled"));
            var configuration = NginxConfigurationLoader.Load(new DiskFileSystem(root), "nginx.conf");

            configuration.Includes.Select(i => $"{i.ResolvedPattern} = {i.Trees.Length}").ShouldBe(["modules-enabled/*.conf = 0", "conf.d/*.conf = 0", " = 0"]);
            Diagnostics(configuration).ShouldBe("""
                EA0003 nginx.conf(5,13,5,39) include "/etc/nginx/sites-enabled/*" is an absolute path outside the scan, and no file under the scan root matches its trailing path segments
                """);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_absolute_path_beside_the_configurations_folder_is_found_under_a_folder_above_by_its_folder_and_name()
    {
        // A repository of the server's /etc: certbot's site includes /etc/letsencrypt/options-ssl-nginx.conf, which is
        // etc/letsencrypt/ beside etc/nginx/, not under the configuration's own folder.
        var files = new InMemoryFileSystem()
            .Add("servers/web1/etc/nginx/nginx.conf", "http {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Add("servers/web1/etc/nginx/sites-enabled/results", "server {\n    listen 443 ssl;\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n    include /srv/tls/params.conf;\n}\n")
            .Add("servers/web1/etc/letsencrypt/options-ssl-nginx.conf", "ssl_protocols TLSv1.2 TLSv1.3;")
            .Add("servers/params.conf", "a bare file name higher up is not taken for /srv/tls/params.conf");
        var configuration = NginxConfigurationLoader.Load(files, "servers/web1/etc/nginx/nginx.conf");
        configuration.Includes.Select(i => $"{i.ResolvedPattern} = {i.Trees.Length}").ShouldBe([
            "servers/web1/etc/nginx/sites-enabled/* = 1", "servers/web1/etc/letsencrypt/options-ssl-nginx.conf = 1", " = 0"]);
        Diagnostics(configuration).ShouldBe("""
            EA0003 servers/web1/etc/nginx/sites-enabled/results(4,13,4,33) include file "/srv/tls/params.conf" is an absolute path outside the scan, and no file under "servers/web1/etc/nginx" has its trailing path segments, nor any folder above it by at least the file's folder and name
            """);
    }

    [Fact]
    public void Cycles_are_EA0003_and_not_followed_while_repeated_includes_share_one_tree()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx.conf", "include a.conf;\ninclude c.conf;\ninclude c.conf;\n")
            .Add("a.conf", "include b.conf;")
            .Add("b.conf", "include a.conf;\ninclude nginx.conf;")
            .Add("c.conf", "gzip on;");
        var configuration = NginxConfigurationLoader.Load(files, "nginx.conf");
        Diagnostics(configuration).ShouldBe("""
            EA0003 b.conf(1,9,1,15) include cycle: "a.conf" is already being read when "b.conf" includes it again
            EA0003 b.conf(2,9,2,19) include cycle: "nginx.conf" is already being read when "b.conf" includes it again
            """);
        configuration.Trees.Select(t => t.Path).ShouldBe(["nginx.conf", "a.conf", "b.conf", "c.conf"]);
        configuration.Includes[4].Trees[0].ShouldBeSameAs(configuration.Includes[5].Trees[0]);
        configuration.GetAllEffectiveDirectives().Select(d => d.ToString()).ShouldBe(["gzip on", "gzip on"]);
    }

    [Fact]
    public void Syntax_errors_of_included_files_are_in_the_diagnostics_with_their_own_file()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx.conf", "include x.conf;\n}\n")
            .Add("x.conf", "server {\n");
        var configuration = NginxConfigurationLoader.Load(files, "nginx.conf");
        Diagnostics(configuration).ShouldBe("""
            EA0002 nginx.conf(2,1,2,2) unexpected "}": no block is open here
            EA0002 x.conf(2,1,2,1) unexpected end of file, expecting "}": the "server" block is not closed
            """);
    }

    [Fact]
    public void Missing_main_file_throws()
    {
        Should.Throw<FileNotFoundException>(() => NginxConfigurationLoader.Load(new InMemoryFileSystem(), "nginx.conf"));
    }

    [Fact]
    public void Deep_include_chains_stop_at_the_limit()
    {
        var files = new InMemoryFileSystem();
        for (int i = 0; i < 100; i++)
        {
            files.Add($"f{i}.conf", $"include f{i + 1}.conf;");
        }

        files.Add("f100.conf", "gzip on;");
        var configuration = NginxConfigurationLoader.Load(files, "f0.conf");
        configuration.Trees.Length.ShouldBe(NginxConfigurationLoader.MaximumIncludeDepth + 1);
        configuration.Diagnostics.Single().Message.ShouldBe("include \"f65.conf\" is nested more than 64 includes deep and was not followed");
    }

    private const string Dump = """
        nginx: the configuration file /etc/nginx/nginx.conf syntax is ok
        nginx: configuration file /etc/nginx/nginx.conf test is successful
        # configuration file /etc/nginx/nginx.conf:
        events {}
        http {
            include /etc/nginx/mime.types;
            include conf.d/*.conf;
            include missing.conf;
        }

        # configuration file /etc/nginx/mime.types:
        types { text/html html; }

        # configuration file /etc/nginx/conf.d/site.conf:
        server {
            listen 80


        """;

    [Theory]
    [InlineData("# configuration file /etc/nginx/nginx.conf:\nevents {}\n", true)]
    [InlineData("\r\n  \t\r\nnginx: the configuration file /etc/nginx/nginx.conf syntax is ok\r\n# configuration file /etc/nginx/nginx.conf:\r\n", true)]
    [InlineData("\rnginx: test is successful\r# configuration file /x:\r", true)]
    [InlineData("events {}\n# configuration file /x:\n", false)]
    [InlineData("# configuration file :\n", false)]
    [InlineData("\n\n\n", false)]
    [InlineData("", false)]
    public void A_dump_is_told_from_a_snapshot_by_its_first_line_that_is_not_blank_or_a_message(string text, bool expected)
    {
        NginxDump.IsDump(text).ShouldBe(expected);
        var snapshot = SourceText.FromBytes("dump.txt", System.Text.Encoding.ASCII.GetBytes(text));
        NginxDump.IsDump(snapshot).ShouldBe(expected);
        snapshot.HasMadeText.ShouldBeFalse();
        NginxDump.IsDump(new SourceText("dump.txt", text)).ShouldBe(expected);

        // A text that still starts with a byte order mark (its file had three) reads past it, as the string test does.
        var marked = SourceText.FromBytes("dump.txt", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. System.Text.Encoding.ASCII.GetBytes(text)]);
        marked.Text[0].ShouldBe('\uFEFF');
        NginxDump.IsDump(marked).ShouldBe(NginxDump.IsDump(marked.Text));
        NginxDump.IsDump(marked).ShouldBe(expected);
    }

    [Fact]
    public void Splits_an_nginx_T_dump_into_its_files()
    {
        NginxDump.IsDump(Dump).ShouldBeTrue();
        NginxDump.IsDump("events {}\n# configuration file /x:\n").ShouldBeFalse();
        var source = new SourceText("captured/nginx-T.txt", Dump);
        var files = NginxDump.Split(source);
        files.Select(f => f.Path).ShouldBe(["/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/site.conf"]);
        files.Select(f => source.ToString(f.ContentSpan)).ShouldBe([
            "events {}\nhttp {\n    include /etc/nginx/mime.types;\n    include conf.d/*.conf;\n    include missing.conf;\n}\n",
            "types { text/html html; }\n",
            "server {\n    listen 80\n",
        ]);
        source.ToString(files[1].MarkerSpan).ShouldBe("# configuration file /etc/nginx/mime.types:");
    }

    [Fact]
    public void Loads_a_dump_with_locations_pointing_into_the_dump_file()
    {
        var files = new InMemoryFileSystem().Add("captured/nginx-T.txt", Dump);
        var configuration = NginxConfigurationLoader.Load(files, "captured/nginx-T.txt");
        configuration.Trees.Select(t => t.Path).ShouldBe(["/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/site.conf"]);
        configuration.Trees.ShouldAllBe(t => t.IsFromDump && t.Source.Path == "captured/nginx-T.txt");
        Diagnostics(configuration).ShouldBe("""
            EA0003 captured/nginx-T.txt(8,13,8,25) include file "missing.conf" is not in the dump (nginx -T prints every file it reads, so the dump was cut or edited)
            EA0002 captured/nginx-T.txt(17,1,17,1) unexpected end of file, expecting ";" or "}": the "listen" directive is not terminated
            """);
        var listen = configuration.GetAllEffectiveDirectives().Single(d => d.Name == "listen");
        listen.GetLocation().ToString().ShouldBe("captured/nginx-T.txt(16,5,16,14)");
        ((NginxSyntaxTree)listen.Tree).Path.ShouldBe("/etc/nginx/conf.d/site.conf");
    }
}
