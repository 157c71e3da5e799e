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
        // link's target); the file that is not enabled, on its own.
        sites.Select(s => (s.Location.Path, s.Settings!.DisclosesVersion.Value)).Order().ShouldBe([
            ("etc/nginx/sites-available/default", false), ("etc/nginx/sites-available/unused", true)]);
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
}
