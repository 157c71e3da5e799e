using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// Symbolic links as server packages and repositories of a server's <c>/etc</c> hold them: Debian's nginx links
/// <c>sites-enabled/default</c> to the absolute <c>/etc/nginx/sites-available/default</c>, a2ensite links with a relative
/// path, and a site is one site whichever name the scan meets it under.
/// </summary>
public sealed class LinkedConfigurationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ea-links-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var full = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    private void Link(string relative, string target)
    {
        var full = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    private AuditResult Scan() =>
        new AuditEngine([]).Scan(new ScanRequest(_root) { Configuration = AuditConfiguration.Default, MaxDegreeOfParallelism = 1 });

    private static void SkipOnWindows()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
        }
    }

    [Fact]
    public void A_link_to_an_absolute_path_is_read_from_the_file_its_trailing_segments_name_in_the_scan()
    {
        SkipOnWindows();
        Write("etc/nginx/sites-available/results", "server { listen 80; }\n");
        Write("etc/passwd", "the scan's copy\n");
        Link("etc/nginx/sites-enabled/results", "/etc/nginx/sites-available/results");
        // The scanning machine's own /etc/passwd exists; the link names the deployed server's, which the scan holds.
        Link("etc/users", "/etc/passwd");
        // Only a name left: not enough to say which file of the scan is meant.
        Link("etc/nginx/sites-enabled/lone", "/srv/elsewhere/results");
        // A target thousands of segments long is mapped by its last ones only (a hostile link costs no more than a real one).
        Link("etc/deep", "/" + string.Concat(Enumerable.Repeat("x/", 1500)) + "nginx/sites-available/results");
        // Mapping to the link itself is no mapping.
        Link("etc/self/loop.conf", "/x/etc/self/loop.conf");
        var fileSystem = new DiskFileSystem(_root);
        ILinkProbe probe = fileSystem;

        fileSystem.FileExists("etc/nginx/sites-enabled/results").ShouldBeTrue();
        var read = fileSystem.TryRead("etc/nginx/sites-enabled/results")!;
        read.Text.ShouldBe("server { listen 80; }\n");
        read.Path.ShouldBe("etc/nginx/sites-available/results");
        fileSystem.ToFullPath("etc/nginx/sites-enabled/results").ShouldBe(Path.Combine(_root, "etc/nginx/sites-available/results"));
        probe.LinkTarget("etc/nginx/sites-enabled/results").ShouldBe("etc/nginx/sites-available/results");
        fileSystem.TryRead("etc/users")!.Text.ShouldBe("the scan's copy\n");
        fileSystem.TryRead("etc/deep")!.Path.ShouldBe("etc/nginx/sites-available/results");
        probe.LinkTarget("etc/nginx/sites-available/results").ShouldBeNull();

        fileSystem.TryRead("etc/nginx/sites-enabled/lone").ShouldBeNull();
        fileSystem.TryRead("etc/self/loop.conf").ShouldBeNull();
        fileSystem.ReadProblems.Select(p => p.Location.Path).Order(StringComparer.Ordinal).ShouldBe(["etc/nginx/sites-enabled/lone", "etc/self/loop.conf"]);

        var discovery = FileDiscovery.DiscoverWithProblems(_root, [], AuditConfiguration.Default, allowOutsideRoot: false);
        discovery.Files.ShouldContain("etc/nginx/sites-enabled/results");
        discovery.Files.ShouldContain("etc/users");
        discovery.Problems.Select(p => p.Location.Path).Order(StringComparer.Ordinal).ShouldBe(["etc/nginx/sites-enabled/lone", "etc/self/loop.conf"]);
    }

    [Fact]
    public void An_nginx_site_enabled_through_a_link_is_one_site_bound_under_the_main_configuration()
    {
        SkipOnWindows();
        Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server_tokens off;\n    include /etc/nginx/sites-enabled/*;\n}\n");
        Write("etc/nginx/sites-available/default", "server {\n    listen 80 default_server;\n    return 444;\n}\n");
        Write("etc/nginx/sites-available/unused", "server {\n    listen 8080;\n}\n");
        Link("etc/nginx/sites-enabled/default", "/etc/nginx/sites-available/default");

        var result = Scan();
        var sites = result.Model.BoundElementsOfType<WebSite>().ToList();

        // The enabled site, with the http block's settings, read once and reported in the file a fix is made in (the
        // link's target). The file sites-enabled does not enable is never read by nginx: parsed, but no site.
        sites.Select(s => (s.Location.Path, s.Settings!.DisclosesVersion.Value)).ShouldBe([("etc/nginx/sites-available/default", false)]);
        result.Model.SyntaxTrees.Select(t => t.Source.Path).ShouldContain("etc/nginx/sites-available/unused");
        result.Findings.Where(f => f.RuleId == "EA0003").ShouldBeEmpty();
    }

    [Fact]
    public void An_apache_site_enabled_through_a_relative_link_is_not_judged_again_on_its_own()
    {
        SkipOnWindows();
        Write("apache2/apache2.conf", "ServerTokens Prod\nListen 80\nIncludeOptional sites-enabled/*.conf\n");
        Write("apache2/sites-available/results.conf", "<VirtualHost *:80>\n    ServerName results.example.nl\n</VirtualHost>\n");
        Link("apache2/sites-enabled/results.conf", "../sites-available/results.conf");

        var sites = Scan().Model.BoundElementsOfType<WebSite>().ToList();

        sites.Select(s => s.Location.Path).ShouldBe(["apache2/sites-available/results.conf"]);
        sites.Single().Settings!.DisclosesVersion.Value.ShouldBeFalse("apache2.conf's ServerTokens Prod applies: the site is bound under it");
    }

    [Fact]
    public void A_link_nothing_includes_to_another_file_of_the_scan_is_read_once_under_the_file_s_own_name()
    {
        SkipOnWindows();
        Write("nginx/sites-available/results.conf", "server {\n    listen 80;\n    server_name results.example.nl;\n}\n");
        Link("nginx/sites-enabled/results.conf", "../sites-available/results.conf");

        var sites = Scan().Model.BoundElementsOfType<WebSite>().ToList();

        sites.Select(s => s.Location.Path).ShouldBe(["nginx/sites-available/results.conf"]);
    }

    [Fact]
    public void Files_the_enabled_folders_do_not_enable_make_no_site_but_keep_their_syntax_checked()
    {
        SkipOnWindows();

        // Debian's stock Apache: a2ensite enabled 000-default, not default-ssl; a2enconf enabled security, not the
        // package's phpmyadmin.conf. Those httpd never reads; a syntax error in one is still reported.
        Write("apache2/apache2.conf", "Listen 80\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n");
        Write("apache2/sites-available/000-default.conf", "<VirtualHost *:80>\n    ServerName www.example.nl\n</VirtualHost>\n");
        Write("apache2/sites-available/default-ssl.conf", "<VirtualHost *:443>\n    SSLEngine on\n</VirtualHost>\n");
        Write("apache2/conf-available/security.conf", "ServerTokens Prod\n");
        Write("apache2/conf-available/phpmyadmin.conf", "Alias /phpmyadmin /usr/share/phpmyadmin\n<Directory /usr/share/phpmyadmin>\n");
        Link("apache2/sites-enabled/000-default.conf", "../sites-available/000-default.conf");
        Link("apache2/conf-enabled/security.conf", "../conf-available/security.conf");

        // nginx sites kept as copies in sites-enabled, and a second layout whose repository makes no links (no
        // sites-enabled folder): every site there is judged.
        Write("nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*;\n}\n");
        Write("nginx/sites-enabled/results", "server {\n    listen 80;\n    server_name results.example.nl;\n}\n");
        Write("nginx/sites-available/results", "server {\n    listen 80;\n    server_name results.example.nl;\n}\n");
        Write("nginx/sites-available/old", "server {\n    listen 80;\n    server_name old.example.nl;\n}\n");
        Write("role/sites-available/vote", "server {\n    listen 80;\n    server_name vote.example.nl;\n}\n");

        var result = Scan();

        result.Model.BoundElementsOfType<WebSite>().Select(s => s.Location.Path).Order(StringComparer.Ordinal).ShouldBe([
            "apache2/sites-available/000-default.conf", "nginx/sites-enabled/results", "role/sites-available/vote"]);
        result.Model.SyntaxTrees.Select(t => t.Source.Path).ShouldContain("apache2/sites-available/default-ssl.conf");
        result.Findings.Where(f => f.RuleId == "EA0002").Select(f => f.Location.Path).ShouldBe(["apache2/conf-available/phpmyadmin.conf"]);
    }
}
