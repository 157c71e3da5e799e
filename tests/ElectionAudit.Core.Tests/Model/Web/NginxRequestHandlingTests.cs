using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>nginx's side of <see cref="WebSite.HandleRequest"/>: the file a request maps to through <c>root</c> or <c>alias</c>, and whether it is in the scan.</summary>
public class NginxRequestHandlingTests
{
    private const string Config = """
        http {
            server {
                listen 80;
                server_name results.example.nl;
                root /srv/results/;
                location /downloads/ {
                    alias /srv/exports/2027/;
                }
                location /misaligned/ {
                    alias /srv/exports/2027;
                }
                location ~ ^/archive/(.+)$ {
                    alias /srv/archive/$1;
                }
                location /live/ {
                    root /srv/$host;
                }
            }
        }

        """;

    private static WebSite Site(InMemoryFileSystem files) => WebModelTests.Site(WebModelTests.Bind(files), "results.example.nl");

    private static InMemoryFileSystem Files() => new InMemoryFileSystem()
        .Add("nginx/nginx.conf", Config)
        .Add("srv/results/index.html", "<p>results</p>\n")
        .Add("srv/results/.git/HEAD", "ref: refs/heads/main\n")
        .Add("srv/exports/2027/totals.csv", "party,votes\n");

    [Fact]
    public void Root_appends_the_whole_path_and_finds_the_file_under_the_root_folder_in_the_scan()
    {
        var site = Site(Files());

        var head = site.HandleRequest("/.git/HEAD");
        (head.FilePath, head.FileInScan, head.Alias).ShouldBe(("/srv/results/.git/HEAD", (string?)"srv/results/.git/HEAD", (ElectionAudit.Syntax.SyntaxNode?)null));

        // The root folder is in the scan but this file is not.
        var config = site.HandleRequest("/.git/config");
        (config.FilePath, config.FileInScan).ShouldBe(("/srv/results/.git/config", (string?)null));

        // A folder is not a file.
        site.HandleRequest("/").FilePath.ShouldBe("/srv/results/");
        site.HandleRequest("/").FileInScan.ShouldBeNull();
    }

    [Fact]
    public void Alias_replaces_the_location_prefix()
    {
        var site = Site(Files());

        var totals = site.HandleRequest("/downloads/totals.csv");
        (totals.FilePath, totals.FileInScan).ShouldBe(("/srv/exports/2027/totals.csv", (string?)"srv/exports/2027/totals.csv"));
        totals.Alias!.GetLocation().StartLine.ShouldBe(7);

        // nginx looks up /srv/exports/2027totals.csv here, which is not in the alias folder.
        var misaligned = site.HandleRequest("/misaligned/totals.csv");
        (misaligned.FilePath, misaligned.FileInScan).ShouldBe(("/srv/exports/2027totals.csv", (string?)null));
        misaligned.Alias!.GetLocation().StartLine.ShouldBe(10);
    }

    [Fact]
    public void Paths_that_depend_on_the_request_are_not_mapped()
    {
        var site = Site(Files());

        var archive = site.HandleRequest("/archive/2023.csv");
        archive.FilePath.ShouldBeNull();
        archive.FileInScan.ShouldBeNull();
        archive.Alias!.GetLocation().StartLine.ShouldBe(13);

        var live = site.HandleRequest("/live/totals.csv");
        (live.FilePath, live.FileInScan, live.Alias).ShouldBe(((string?)null, (string?)null, (ElectionAudit.Syntax.SyntaxNode?)null));
    }

    [Fact]
    public void The_default_root_html_is_found_under_the_prefix_the_folder_of_nginx_conf()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "http {\n    server {\n        server_name results.example.nl;\n    }\n}\n")
            .Add("nginx/html/index.html", "<p>Welcome to nginx!</p>\n")
            .Add("nginx/html/.git/HEAD", "ref: refs/heads/main\n");
        var head = Site(files).HandleRequest("/.git/HEAD");
        (head.FilePath, head.FileInScan).ShouldBe(("html/.git/HEAD", (string?)"nginx/html/.git/HEAD"));
    }

    [Fact]
    public void Without_the_root_folder_in_the_scan_nothing_is_found()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", Config);
        var head = Site(files).HandleRequest("/.git/HEAD");
        (head.FilePath, head.FileInScan).ShouldBe(("/srv/results/.git/HEAD", (string?)null));
    }
}
