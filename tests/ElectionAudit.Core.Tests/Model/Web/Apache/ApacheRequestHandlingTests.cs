using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// <see cref="WebSite.HandleRequest"/> for Apache: main-server sections reaching virtual hosts in httpd's merge order,
/// file mapping through DocumentRoot and Alias, server-level refusals, files in the scan, and the new defaults.
/// </summary>
public class ApacheRequestHandlingTests
{
    // Debian's apache2.conf, shortened: the whole file system denied, /var/www/ listed and granted, .ht* files denied.
    private const string DebianMain = """
        Listen 80
        <Directory />
            Options FollowSymLinks
            AllowOverride None
            Require all denied
        </Directory>
        <Directory /usr/share>
            AllowOverride None
            Require all granted
        </Directory>
        <Directory /var/www/>
            Options Indexes FollowSymLinks
            AllowOverride None
            Require all granted
        </Directory>
        <FilesMatch "^\.ht">
            Require all denied
        </FilesMatch>
        IncludeOptional sites-enabled/*.conf
        """;

    private const string Site = """
        <VirtualHost *:80>
            ServerName results.example.nl
            DocumentRoot /var/www/results
            Options -Indexes
            Alias /downloads /srv/downloads
            <Directory /var/www/results/private>
                Options -Indexes
            </Directory>
            <Directory /srv/downloads>
                Require all granted
            </Directory>
        </VirtualHost>
        """;

    private static List<WebSite> Sites(InMemoryFileSystem files) =>
        [.. new AuditEngine([]).Analyze(files, [.. files.Paths]).Model.BoundElementsOfType<WebSite>()];

    private static WebSite Debian(InMemoryFileSystem? extra = null)
    {
        var files = extra ?? new InMemoryFileSystem();
        files.Add("apache2/apache2.conf", DebianMain).Add("apache2/sites-enabled/results.conf", Site);
        return Sites(files).Single();
    }

    [Fact]
    public void Main_server_directories_that_contain_the_document_root_reach_the_virtual_host_in_path_order()
    {
        var site = Debian();

        // <Directory /usr/share> serves nothing of this site, so it is not one of its levels.
        site.Locations.Select(l => l.Match).ShouldBe(["/", "/var/www/", "^\\.ht", "/var/www/results/private", "/srv/downloads"]);
        site.Locations.Select(l => l.IsFromMainServer).ShouldBe([true, true, true, false, false]);

        var front = site.HandleRequest("/index.html");
        front.FilePath.ShouldBe("/var/www/results/index.html");
        front.Blocks.Select(b => b.Match).ShouldBe(["/", "/var/www/"]);
        front.IsRefused.ShouldBeFalse();

        // The main server's <Directory /var/www/> overrides the virtual host's own "Options -Indexes" (sections merge over the server level).
        var listing = front.Settings.DirectoryListing;
        listing.Value.ShouldBeTrue();
        listing.Location.Path.ShouldBe("apache2/apache2.conf");
        listing.Location.StartLine.ShouldBe(12);
        listing.Location.StartColumn.ShouldBe(5);

        var private_ = site.HandleRequest("/private/draft.csv");
        private_.Blocks.Select(b => b.Match).ShouldBe(["/", "/var/www/", "/var/www/results/private"]);
        private_.Settings.DirectoryListing.Value.ShouldBeFalse();
        private_.Settings.DirectoryListing.Location.Path.ShouldBe("apache2/sites-enabled/results.conf");
        private_.Settings.DirectoryListing.Location.StartLine.ShouldBe(7);

        // The section's own block inherits from the main server's <Directory /var/www/> too.
        site.Locations.Single(l => l.Match == "/var/www/results/private").Settings!.AccessRules.ShouldHaveSingleItem().Allows.ShouldBeTrue();
    }

    [Fact]
    public void Main_server_files_sections_deny_hidden_files_and_alias_maps_outside_the_document_root()
    {
        var site = Debian();
        var htaccess = site.HandleRequest("/.htaccess");
        htaccess.Blocks.Select(b => b.Match).ShouldBe(["/", "/var/www/", "^\\.ht"]);
        htaccess.IsRefused.ShouldBeTrue();
        htaccess.Settings.AccessRules.ShouldHaveSingleItem().Directive.GetLocation().StartLine.ShouldBe(17);

        var git = site.HandleRequest("/.git/config");
        git.IsRefused.ShouldBeFalse();
        git.IsProtected.ShouldBeFalse();

        var download = site.HandleRequest("/downloads/2027/totals.csv");
        download.FilePath.ShouldBe("/srv/downloads/2027/totals.csv");
        download.Alias!.GetLocation().StartLine.ShouldBe(5);
        download.Blocks.Select(b => b.Match).ShouldBe(["/", "/srv/downloads"]);
        download.IsRefused.ShouldBeFalse();

        // Outside every granted folder, the main server's <Directory /> denies.
        site.HandleRequest("/downloadsX").FilePath.ShouldBe("/var/www/results/downloadsX");
    }

    [Fact]
    public void Server_level_redirects_and_rewrites_refuse_only_the_paths_they_match()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Listen 80
            RedirectMatch 404 /\.git
            <VirtualHost *:80>
                ServerName a.example.nl
                DocumentRoot /srv/a
                RewriteEngine on
                RewriteCond %{HTTP_HOST} !^a\.example\.nl$
                RewriteRule ^ - [F]
                RewriteRule (^|/)\.svn - [F]
                RedirectMatch gone ^/old/
            </VirtualHost>
            """);
        var site = Sites(files).Single();
        var git = site.HandleRequest("/.git/config").MatchingServerResponse!;
        (git.StatusCode, git.Target, git.IsConditional, git.Refuses).ShouldBe((404, (string?)null, false, true));
        git.Directive.GetLocation().StartLine.ShouldBe(2);
        site.HandleRequest("/.svn/entries").MatchingServerResponse!.StatusCode.ShouldBe(403);
        site.HandleRequest("/old/page").MatchingServerResponse!.StatusCode.ShouldBe(410);

        // The first rule has a RewriteCond: it only refuses some hosts, so it refuses nothing for certain.
        site.HandleRequest("/index.html").MatchingServerResponse.ShouldBeNull();
        site.HandleRequest("/index.html").IsProtected.ShouldBeFalse();
    }

    [Fact]
    public void Files_under_the_document_root_are_found_in_the_scan()
    {
        var files = new InMemoryFileSystem()
            .Add("var/www/results/index.html", "<p>results</p>\n")
            .Add("var/www/results/.git/HEAD", "ref: refs/heads/main\n")
            .Add("var/www/results/2027/totals.csv", "a,b\n")
            .Add("var/www/results/2027/totals.csv.sig", "-----BEGIN PGP SIGNATURE-----\n")
            .Add("var/www/other/x.sig", "not this site's\n");
        var site = Debian(files);
        site.HandleRequest("/.git/HEAD").FileInScan.ShouldBe("var/www/results/.git/HEAD");
        site.HandleRequest("/.git/config").FileInScan.ShouldBeNull();
        site.HandleRequest("/").FileInScan.ShouldBeNull();
        site.FindContentFiles("*.sig").ShouldBe(["/2027/totals.csv.sig"]);
        site.FindContentFiles("SHA256SUMS").ShouldBeEmpty();
    }

    [Fact]
    public void Request_limits_trace_and_expires_carry_their_origin_or_the_documented_default()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Listen 80
            LimitRequestLine 512
            TraceEnable off
            <VirtualHost *:80>
                ServerName a.example.nl
                DocumentRoot /srv/a
                LimitRequestFields 50
                ExpiresActive On
                <Directory /srv/a/live>
                    ExpiresByType text/html "access plus 30 seconds"
                </Directory>
            </VirtualHost>
            <VirtualHost *:80>
                ServerName b.example.nl
                DocumentRoot /srv/b
                TraceEnable extended
            </VirtualHost>
            """);
        var sites = Sites(files);
        var a = sites[0].Settings!;
        a.RequestLineLimit!.Value.ShouldBe(512);
        a.RequestLineLimit.Location.StartLine.ShouldBe(2);
        a.RequestFieldCountLimit!.Value.ShouldBe(50);
        a.RequestFieldCountLimit.Location.StartLine.ShouldBe(7);
        a.RequestFieldSizeLimit!.Value.ShouldBe(8190);
        a.RequestFieldSizeLimit.DefaultDescription.ShouldBe("the default \"LimitRequestFieldSize 8190\" of apache 2.4 (assumed: the current stable release, as no version is declared)");
        a.RequestFieldSizeLimit.Location.StartLine.ShouldBe(4);
        a.TraceEnabled!.Value.ShouldBeFalse();
        a.Expires.Value.ShouldBeNull();

        // "ExpiresActive On" in the virtual host and ExpiresByType in the section combine.
        var live = sites[0].HandleRequest("/live/index.html").Settings.Expires;
        live.Value.ShouldBe("text/html \"access plus 30 seconds\"".Replace("\"", string.Empty, StringComparison.Ordinal));
        live.Location.StartLine.ShouldBe(10);

        var b = sites[1].Settings!;
        b.TraceEnabled!.Value.ShouldBeTrue();
        b.TraceEnabled.Location.StartLine.ShouldBe(16);
    }

    [Fact]
    public void A_later_name_based_virtual_host_gets_the_request_limits_of_the_first_one_for_its_address()
    {
        // Checked against apache2 2.4.71 with and without TLS: the second host's own limits are not enforced.
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Listen 80
            <VirtualHost *:80>
                ServerName first.example.nl
                LimitRequestFields 50
            </VirtualHost>
            <VirtualHost *:80>
                ServerName second.example.nl
                LimitRequestLine 512
                LimitRequestFieldSize 1024
            </VirtualHost>
            <VirtualHost *:8080>
                ServerName third.example.nl
                LimitRequestLine 512
            </VirtualHost>
            """);
        var sites = Sites(files);
        var second = sites[1].Settings!;
        (second.RequestLineLimit!.Value, second.RequestLineLimit.IsDefault, second.RequestLineLimit.Location.StartLine).ShouldBe((8190, true, 2));
        (second.RequestFieldCountLimit!.Value, second.RequestFieldCountLimit.Location.StartLine).ShouldBe((50, 4));
        second.RequestFieldSizeLimit!.Value.ShouldBe(8190);
        sites[2].Settings!.RequestLineLimit!.Value.ShouldBe(512);
    }

    [Fact]
    public void Nginx_requests_go_to_the_location_nginx_chooses()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", "http {\n    server {\n        listen 80;\n        server_name a.example.nl;\n        location ~ /\\. { deny all; }\n        location / { }\n    }\n}\n");
        var site = Sites(files).Single();
        var hidden = site.HandleRequest("/.git/config");
        hidden.Blocks.ShouldHaveSingleItem().Match.ShouldBe("~ /\\.");
        hidden.IsRefused.ShouldBeTrue();
        // No root: nginx's default "root html", relative to its prefix; the folder is not in the scan.
        (hidden.FilePath, hidden.FileInScan).ShouldBe(("html/.git/config", (string?)null));
        site.HandleRequest("/index.html").Blocks.ShouldHaveSingleItem().Match.ShouldBe("/");
    }
}
