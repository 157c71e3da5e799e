using ElectionAudit.Engine;
using ElectionAudit.Syntax.Apache;
using static ElectionAudit.Core.Tests.Syntax.Apache.ApacheTreeDump;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

public class ApacheConfigurationLoaderTests
{
    private static ApacheConfiguration Load(string mainPath, params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem(files.Select(f => KeyValuePair.Create(f.Path, f.Text)));
        return ApacheConfigurationLoader.Load(fileSystem, mainPath);
    }

    /// <summary>Name, substituted arguments, applicability and file of every node, indented by effective depth.</summary>
    private static string Walk(ApacheConfiguration configuration) =>
        string.Join('\n', configuration.Walk().Select(node =>
        {
            int depth = 0;
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                depth++;
            }

            var arguments = node.Arguments.Length == 0 ? string.Empty : " " + string.Join(' ', node.Arguments);
            return $"{new string(' ', depth * 2)}{node.Name}{arguments} [{node.Applicability}] {node.GetLocation()}";
        }));

    [Fact]
    public void Includes_are_expanded_in_place_and_each_node_keeps_its_own_file_and_span()
    {
        var configuration = Load(
            "etc/apache2/apache2.conf",
            ("etc/apache2/apache2.conf", "ServerRoot \"/etc/apache2\"\n<VirtualHost *:443>\n  Include snippets/tls.conf\n  ServerName a\n</VirtualHost>\n"),
            ("etc/apache2/snippets/tls.conf", "SSLEngine on\nSSLProtocol all -SSLv3\n"));

        configuration.Diagnostics.ShouldBeEmpty();
        Walk(configuration).ShouldBe("""
            ServerRoot /etc/apache2 [Applies] etc/apache2/apache2.conf(1,1,1,26)
            VirtualHost *:443 [Applies] etc/apache2/apache2.conf(2,1,5,15)
              Include snippets/tls.conf [Applies] etc/apache2/apache2.conf(3,3,3,28)
              SSLEngine on [Applies] etc/apache2/snippets/tls.conf(1,1,1,13)
              SSLProtocol all -SSLv3 [Applies] etc/apache2/snippets/tls.conf(2,1,2,23)
              ServerName a [Applies] etc/apache2/apache2.conf(4,3,4,15)
            """);
        var included = configuration.Walk().Single(n => n.IsNamed("SSLEngine"));
        included.IncludedBy!.Name.ShouldBe("Include");
        included.Parent!.Name.ShouldBe("VirtualHost");
        configuration.Trees.Select(t => t.Source.Path).ShouldBe(["etc/apache2/apache2.conf", "etc/apache2/snippets/tls.conf"]);
        configuration.Includes.ShouldHaveSingleItem().Files.ShouldBe(["etc/apache2/snippets/tls.conf"]);
    }

    [Fact]
    public void Wildcards_in_file_and_directory_segments_match_in_httpd_order()
    {
        var configuration = Load(
            "conf/main.conf",
            ("conf/main.conf", "IncludeOptional sites-*/*.conf\n"),
            ("conf/sites-enabled/b.conf", "ServerName b\n"),
            ("conf/sites-enabled/a.conf", "ServerName a\n"),
            ("conf/sites-available/z.conf", "ServerName z\n"),
            ("conf/sites-enabled/readme.txt", "not included\n"));

        configuration.Walk().Where(n => n.IsNamed("ServerName")).Select(n => n.Arguments[0]).ShouldBe(["z", "a", "b"]);
    }

    [Fact]
    public void Directory_include_reads_every_file_below_it_level_by_level()
    {
        // httpd sorts each directory level with strcmp, so "d/a" (a directory) comes before "d/a.conf".
        var configuration = Load(
            "main.conf",
            ("main.conf", "Include d\n"),
            ("d/a.conf", "ServerName second\n"),
            ("d/a/x.conf", "ServerName first\n"));

        configuration.Walk().Where(n => n.IsNamed("ServerName")).Select(n => n.Arguments[0]).ShouldBe(["first", "second"]);
    }

    [Fact]
    public void Missing_include_is_EA0003_at_the_path_and_IncludeOptional_is_silent()
    {
        var configuration = Load(
            "site/main.conf",
            ("site/main.conf", "Include missing.conf\nIncludeOptional also-missing.conf\nIncludeOptional nothing/*.conf\n"));

        Diagnostics(configuration.Diagnostics).ShouldBe("EA0003 site/main.conf(1,9,1,21) Include 'missing.conf' was not found relative to the directory of 'site/main.conf'.");
        configuration.Includes.Select(i => (i.Pattern, i.IsOptional, i.Files.Length)).ShouldBe([("missing.conf", false, 0), ("also-missing.conf", true, 0), ("nothing/*.conf", true, 0)]);
    }

    [Fact]
    public void Include_wildcard_that_matches_nothing_is_EA0003()
    {
        // httpd 2.4 config.c: "No matches for the wildcard '*.conf' in '...', failing" unless IncludeOptional.
        var configuration = Load("main.conf", ("main.conf", "Include conf.d/*.conf\n"));

        Diagnostics(configuration.Diagnostics).ShouldBe("EA0003 main.conf(1,9,1,22) Include 'conf.d/*.conf' matches no file; httpd refuses an Include wildcard that matches nothing (IncludeOptional would ignore it).");
    }

    [Fact]
    public void Absolute_paths_are_mapped_into_the_scan_by_dropping_leading_segments()
    {
        var configuration = Load(
            "repo/apache2/apache2.conf",
            ("repo/apache2/apache2.conf", "Include /etc/apache2/sites-enabled/*.conf\nInclude /etc/apache2/ports.conf\nInclude /opt/elsewhere/x.conf\n"),
            ("repo/apache2/sites-enabled/a.conf", "ServerName a\n"),
            ("repo/apache2/ports.conf", "Listen 80\n"));

        configuration.Includes.Select(i => string.Join(',', i.Files)).ShouldBe(["repo/apache2/sites-enabled/a.conf", "repo/apache2/ports.conf", string.Empty]);
        Diagnostics(configuration.Diagnostics).ShouldBe("EA0003 repo/apache2/apache2.conf(3,9,3,30) Include '/opt/elsewhere/x.conf' is outside the scan: no file matching it was found under the directory of 'repo/apache2/apache2.conf' or the directories above it.");
    }

    [Fact]
    public void An_absolute_wildcard_keeps_the_folder_that_holds_it()
    {
        // Debian's mods-available/security2.conf: "/etc/modsecurity/*.conf" is not the "*.conf" beside apache2.conf
        // (which would read apache2.conf itself again, and ports.conf); with no modsecurity folder in the scan it matches
        // nothing, and IncludeOptional is silent. The same folder in the repository is found.
        var withoutFolder = Load(
            "apache2/apache2.conf",
            ("apache2/apache2.conf", "Listen 80\n<IfModule security2_module>\nIncludeOptional /etc/modsecurity/*.conf\nInclude /etc/modsecurity/*.rules\n</IfModule>\n"),
            ("apache2/ports.conf", "Listen 8080\n"),
            ("apache2/crs.rules", "SecRuleEngine On\n"));

        withoutFolder.Includes.Select(i => string.Join(',', i.Files)).ShouldBe([string.Empty, string.Empty]);
        Diagnostics(withoutFolder.Diagnostics).ShouldBe("EA0003 apache2/apache2.conf(4,9,4,33) Include '/etc/modsecurity/*.rules' is outside the scan: no file matching it was found under the directory of 'apache2/apache2.conf' or the directories above it.");

        var withFolder = Load(
            "apache2/apache2.conf",
            ("apache2/apache2.conf", "IncludeOptional /etc/modsecurity/*.conf\n"),
            ("modsecurity/modsecurity.conf", "SecRuleEngine On\n"),
            ("apache2/ports.conf", "Listen 8080\n"));

        withFolder.Includes.ShouldHaveSingleItem().Files.ShouldBe(["modsecurity/modsecurity.conf"]);
        withFolder.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Relative_paths_fall_back_to_directories_above_the_main_file()
    {
        // CentOS layout: httpd/conf/httpd.conf with ServerRoot /etc/httpd and "Include conf.modules.d/*.conf".
        var configuration = Load(
            "httpd/conf/httpd.conf",
            ("httpd/conf/httpd.conf", "ServerRoot \"/etc/httpd\"\nInclude conf.modules.d/*.conf\n"),
            ("httpd/conf.modules.d/00-base.conf", "LoadModule a b\n"));

        configuration.Diagnostics.ShouldBeEmpty();
        configuration.Includes.ShouldHaveSingleItem().Files.ShouldBe(["httpd/conf.modules.d/00-base.conf"]);
    }

    [Fact]
    public void Include_cycle_is_EA0003_and_stops()
    {
        var configuration = Load(
            "a.conf",
            ("a.conf", "Include b.conf\n"),
            ("b.conf", "ServerName b\nInclude a.conf\n"));

        Diagnostics(configuration.Diagnostics).ShouldBe("EA0003 b.conf(2,9,2,15) Include cycle: 'a.conf' is already being read (a.conf -> b.conf -> a.conf); it is not read again.");
        configuration.Walk().Count(n => n.IsNamed("ServerName")).ShouldBe(1);
    }

    [Fact]
    public void A_file_included_twice_is_parsed_once_and_expanded_at_both_places()
    {
        var configuration = Load(
            "main.conf",
            ("main.conf", "<VirtualHost *:80>\nInclude common.conf\n</VirtualHost>\n<VirtualHost *:443>\nInclude common.conf\n</VirtualHost>\n"),
            ("common.conf", "Header always set X-Frame-Options DENY\n</Oops>\n"));

        configuration.Trees.Length.ShouldBe(2);
        configuration.Walk().Count(n => n.IsNamed("Header")).ShouldBe(2);
        Diagnostics(configuration.Diagnostics).ShouldBe("EA0002 common.conf(2,1,2,8) </Oops> without matching <Oops> section");
    }

    [Fact]
    public void Defines_are_substituted_in_file_order_and_undefined_variables_are_left_as_written()
    {
        var configuration = Load(
            "main.conf",
            ("main.conf", "ServerName ${HOST}\nDefine HOST example.org\nDefine root /srv\nServerName ${host}\nDocumentRoot ${root}/www${APACHE_LOG_DIR}\nUnDefine HOST\nServerAlias ${HOST} $notavar ${unterminated\n"));

        Walk(configuration).ShouldBe("""
            ServerName ${HOST} [Applies] main.conf(1,1,1,19)
            Define HOST example.org [Applies] main.conf(2,1,2,24)
            Define root /srv [Applies] main.conf(3,1,3,17)
            ServerName example.org [Applies] main.conf(4,1,4,19)
            DocumentRoot /srv/www${APACHE_LOG_DIR} [Applies] main.conf(5,1,5,42)
            UnDefine HOST [Applies] main.conf(6,1,6,14)
            ServerAlias ${HOST} $notavar ${unterminated [Applies] main.conf(7,1,7,44)
            """);
        configuration.Walk().First().Syntax.Arguments[0].Value.ShouldBe("${HOST}");
    }

    [Fact]
    public void Defines_reach_included_files_and_include_paths()
    {
        var configuration = Load(
            "main.conf",
            ("main.conf", "Define site blue\nInclude sites/${site}.conf\n"),
            ("sites/blue.conf", "ServerName ${site}.example\nDefine late yes\n"),
            ("other.conf", string.Empty));

        configuration.Includes.ShouldHaveSingleItem().Files.ShouldBe(["sites/blue.conf"]);
        configuration.Walk().Single(n => n.IsNamed("ServerName")).Arguments.ShouldBe(["blue.example"]);
    }

    [Fact]
    public void IfDefine_is_evaluated_when_the_configuration_decides_and_may_apply_otherwise()
    {
        var configuration = Load(
            "main.conf",
            ("main.conf", """
                <IfDefine SSL>
                  Listen 443
                </IfDefine>
                Define SSL
                <IfDefine SSL>
                  Listen 8443
                </IfDefine>
                <IfDefine !SSL>
                  Include missing.conf
                  Define NEVER
                </IfDefine>
                <IfDefine NEVER>
                  Listen 1
                </IfDefine>
                UnDefine SSL
                <IfDefine !SSL>
                  Listen 2
                </IfDefine>
                <IfModule mod_ssl.c>
                  <IfDefine SSL>
                    Listen 3
                  </IfDefine>
                </IfModule>
                """));

        Walk(configuration).ShouldBe("""
            IfDefine SSL [MayApply] main.conf(1,1,3,12)
              Listen 443 [MayApply] main.conf(2,3,2,13)
            Define SSL [Applies] main.conf(4,1,4,11)
            IfDefine SSL [Applies] main.conf(5,1,7,12)
              Listen 8443 [Applies] main.conf(6,3,6,14)
            IfDefine !SSL [DoesNotApply] main.conf(8,1,11,12)
              Include missing.conf [DoesNotApply] main.conf(9,3,9,23)
              Define NEVER [DoesNotApply] main.conf(10,3,10,15)
            IfDefine NEVER [MayApply] main.conf(12,1,14,12)
              Listen 1 [MayApply] main.conf(13,3,13,11)
            UnDefine SSL [Applies] main.conf(15,1,15,13)
            IfDefine !SSL [Applies] main.conf(16,1,18,12)
              Listen 2 [Applies] main.conf(17,3,17,11)
            IfModule mod_ssl.c [MayApply] main.conf(19,1,23,12)
              IfDefine SSL [DoesNotApply] main.conf(20,3,22,14)
                Listen 3 [DoesNotApply] main.conf(21,5,21,13)
            """);

        // The Include inside the section that does not apply is not followed, as httpd skips such sections unread.
        configuration.Diagnostics.ShouldBeEmpty();
        var ifModule = configuration.Statements.Single(n => n.IsNamed("IfModule"));
        ifModule.Condition.ShouldBe(ApacheCondition.MayApply);
    }

    [Fact]
    public void IfModule_is_decided_in_a_whole_configuration_from_the_LoadModule_lines_read_before_it()
    {
        var configuration = Load(
            "apache2/apache2.conf",
            ("apache2/apache2.conf", """
                <IfModule mod_ssl.c>
                  Listen 1
                </IfModule>
                IncludeOptional mods-enabled/*.load
                <IfModule mod_ssl.c>
                  Listen 443
                </IfModule>
                <IfModule ssl_module>
                  Listen 2
                </IfModule>
                <IfModule !mod_ssl.c>
                  Listen 3
                </IfModule>
                <IfModule mod_headers.c>
                  Listen 4
                </IfModule>
                <IfModule !mod_headers.c>
                  Listen 5
                </IfModule>
                <IfModule mod_log_config.c>
                  Listen 6
                </IfModule>
                <IfModule core.c>
                  Listen 7
                </IfModule>
                <IfModule mod_rewrite.c>
                  Listen 8
                </IfModule>
                <IfModule mod_ssl.c>
                  <IfModule headers_module>
                    Listen 9
                  </IfModule>
                </IfModule>
                """),
            ("apache2/mods-enabled/ssl.load", "LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n"),
            ("apache2/mods-enabled/z.load", "<IfDefine REWRITE>\n  LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n</IfDefine>\n"));

        // Before any LoadModule line the configuration has not shown that it loads its modules itself (a build may have them
        // compiled in): undecided. After them mod_ssl is loaded, by identifier or source file name.
        // mod_headers is loaded by no line; mod_log_config may be compiled in; core always is; mod_rewrite is loaded
        // under a condition that may not apply.
        string.Join(' ', configuration.Walk().Where(n => n.IsNamed("Listen")).Select(n => $"{n.Arguments[0]}:{n.Applicability}")).ShouldBe(
            "1:MayApply 443:Applies 2:Applies 3:DoesNotApply 4:DoesNotApply 5:Applies 6:MayApply 7:Applies 8:MayApply 9:DoesNotApply");
    }

    [Theory]
    [InlineData("apache2/sites-enabled/site.conf", "LoadModule ssl_module modules/mod_ssl.so\n", "MayApply")]
    [InlineData("apache2/apache2.conf", "", "MayApply")]
    [InlineData("apache2/apache2.conf", "LoadModule ssl_module modules/mod_ssl.so\nInclude missing.conf\n", "MayApply")]
    [InlineData("apache2/apache2.conf", "LoadModule ssl_module modules/mod_ssl.so\nIncludeOptional /etc/apache2/modules.d/*.conf\n", "MayApply")]
    [InlineData("apache2/apache2.conf", "LoadModule ssl_module modules/mod_ssl.so\nIncludeOptional ${MODULES}/*.conf\n", "MayApply")]
    [InlineData("apache2/apache2.conf", "LoadModule ssl_module modules/mod_ssl.so\nIncludeOptional absent/*.conf\n", "DoesNotApply")]
    [InlineData("httpd/conf/httpd.conf", "LoadModule ssl_module modules/mod_ssl.so\n", "DoesNotApply")]
    public void IfModule_stays_undecided_where_the_loaded_modules_are_not_all_known(string mainPath, string before, string expected)
    {
        // A fragment's modules are loaded elsewhere; without LoadModule the modules may be compiled in; an include the scan
        // could not read may have held the LoadModule.
        var configuration = Load(mainPath, (mainPath, before + "<IfModule mod_headers.c>\n  Listen 4\n</IfModule>\n"));

        configuration.Walk().Single(n => n.IsNamed("Listen")).Applicability.ToString().ShouldBe(expected);
    }

    [Fact]
    public void Define_inside_an_undecidable_condition_makes_the_name_uncertain()
    {
        var configuration = Load(
            "main.conf",
            ("main.conf", "<IfModule mod_x.c>\nDefine X 1\n</IfModule>\n<IfDefine X>\nListen ${X}\n</IfDefine>\n"));

        var listen = configuration.Walk().Single(n => n.IsNamed("Listen"));
        listen.Applicability.ShouldBe(ApacheCondition.MayApply);
        listen.Arguments.ShouldBe(["1"]);
    }

    [Fact]
    public void Macro_bodies_do_not_apply_where_they_are_written()
    {
        var configuration = Load("main.conf", ("main.conf", "<Macro V $h>\nServerName $h\n</Macro>\nUse V a\n"));

        configuration.Walk().Single(n => n.IsNamed("ServerName")).Applicability.ShouldBe(ApacheCondition.DoesNotApply);
    }

    [Fact]
    public void Unreadable_main_file_is_EA0003_and_the_configuration_is_empty()
    {
        var configuration = Load("missing.conf");

        configuration.Statements.ShouldBeEmpty();
        configuration.MainTree.ShouldBeNull();
        Diagnostics(configuration.Diagnostics).ShouldBe("EA0003 missing.conf(1,1,1,1) The Apache configuration file 'missing.conf' could not be read.");
    }

    [Fact]
    public void Path_order_compares_each_directory_level()
    {
        var paths = new List<string> { "d/a.conf", "d/a/x.conf", "d/B.conf", "d/a-b.conf" };

        paths.Sort(ApacheConfigurationLoader.ComparePaths);

        paths.ShouldBe(["d/B.conf", "d/a/x.conf", "d/a-b.conf", "d/a.conf"]);
    }
}
