using ElectionAudit.Core.Tests.Live;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// The Apache <see cref="WebSettings"/> and <see cref="WebSite.HandleRequest"/> against a live httpd (Debian package
/// <c>apache2</c>), over plain HTTP on 127.0.0.1: what the server really answers must equal what the model says — the
/// version in the Server header or an error page signature (<see cref="WebSettings.DisclosesVersion"/>), the redirect
/// every request gets (<see cref="WebSite.CatchAllResponse"/>), directory listings
/// (<see cref="WebSettings.DirectoryListing"/>, also from a main-server <c>&lt;Directory&gt;</c>), whether a client
/// outside the <c>Require ip</c> list reaches a section (<see cref="WebSettings.IsRestricted"/>), whether TRACE is
/// answered (<see cref="WebSettings.TraceEnabled"/>), whether <c>/.htaccess</c> and <c>/.git/config</c> are refused
/// (<see cref="WebRequestHandling.IsProtected"/>) and whether pages carry Cache-Control or Expires
/// (<see cref="WebSettings.Expires"/> and the response headers), and whether an over-long request line, header field
/// or header count is refused (<see cref="WebSettings.RequestLineLimit"/> and the other request limits). The server runs in <see cref="LiveApache"/>.
/// </summary>
public sealed class ApacheSettingsLiveServerTests(ITestOutputHelper output)
{
    private static readonly string[] Modules = ["mpm_event", "authz_core", "authz_host", "alias", "rewrite", "autoindex", "status", "expires", "headers", "mime"];

    private static readonly string[] HiddenPaths = ["/.htaccess", "/.git/config"];

    /// <summary>Main server directives and virtual host bodies; each virtual host gets a port of its own.</summary>
    public static TheoryData<string, string, string[]> Configurations() => new()
    {
        {
            "stock tokens",
            string.Empty,
            [
                string.Empty,
                "Redirect permanent / https://site1.example.nl/",
                "ServerSignature On\n    RewriteEngine on\n    RewriteRule ^/?(.*) https://site2.example.nl/$1 [R=308,L]",
                "RedirectMatch 301 ^/(.*)$ http://site3.example.nl/$1",
            ]
        },
        {
            "product only",
            "ServerTokens Prod\nOptions -Indexes",
            [
                string.Empty,
                "ServerSignature On",
                "<Directory /srv/www/listing>\n        Options +Indexes\n    </Directory>",
                "<Location /server-status>\n        SetHandler server-status\n        Require ip 192.0.2.0/24\n    </Location>",
                "<Location /server-status>\n        SetHandler server-status\n        Require all granted\n    </Location>",
            ]
        },
        {
            // Debian's apache2.conf lists /var/www/ with "Options Indexes FollowSymLinks" in the main server: it reaches
            // every virtual host serving from there, over a virtual-host-level "Options -Indexes", until a longer
            // <Directory> of the virtual host says otherwise.
            "main server directory",
            "<Directory /srv/www/>\n    Options Indexes FollowSymLinks\n</Directory>",
            [
                string.Empty,
                "Options -Indexes",
                "<Directory /srv/www/listing>\n        Options -Indexes\n    </Directory>",
            ]
        },
        {
            "hidden files and trace",
            string.Empty,
            [
                string.Empty,
                "TraceEnable off\n    <FilesMatch \"^\\.ht\">\n        Require all denied\n    </FilesMatch>\n    <DirectoryMatch \"/\\.(git|svn)\">\n        Require all denied\n    </DirectoryMatch>",
                "TraceEnable extended\n    RedirectMatch 404 /\\.git\n    <Files \".ht*\">\n        Require all denied\n    </Files>",
                "RewriteEngine on\n    RewriteRule (^|/)\\.(?!well-known) - [F]",
                "<LocationMatch \"/\\.git\">\n        Require all denied\n    </LocationMatch>",
            ]
        },
        {
            // Each virtual host has a port of its own, so it is the default one there, whose limits httpd applies
            // while it reads the request line and header (core documentation of LimitRequestLine).
            "request limits",
            string.Empty,
            [
                string.Empty,
                "LimitRequestLine 512",
                "LimitRequestFieldSize 1024",
                "LimitRequestFields 20",
            ]
        },
        {
            // mod_expires adds "Cache-Control: max-age=…" and Expires; inside <IfModule mod_expires.c> it applies when loaded, as here.
            "caching",
            "<Directory /srv/www/nocache>\n    ExpiresActive Off\n</Directory>",
            [
                string.Empty,
                "ExpiresActive On\n    ExpiresDefault \"access plus 30 seconds\"",
                "Header set Cache-Control \"public, max-age=60\"",
                "<IfModule mod_expires.c>\n        ExpiresActive On\n        ExpiresByType text/html \"access plus 1 minute\"\n    </IfModule>",
                "ExpiresActive On\n    <Directory /srv/www>\n        ExpiresDefault \"access plus 1 hour\"\n    </Directory>",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Answers_of_a_live_server_equal_the_settings_model(string name, string mainServer, string[] virtualHosts)
    {
        using var apache = LiveApache.Require(Modules);
        apache.WriteContent("index.html", "<p>test</p>\n");
        apache.WriteContent("listing/draft.csv", "a,b\n");
        apache.WriteContent("nocache/index.html", "<p>test</p>\n");
        apache.WriteContent(".htaccess", "# no overrides are allowed, so httpd never reads this file\n");
        apache.WriteContent(".git/config", "[core]\n");

        var configuration = apache.Configuration(mainServer, virtualHosts);
        var sites = LiveApache.Model(configuration);
        sites.Count.ShouldBe(virtualHosts.Length, "one site per virtual host");

        apache.Start(configuration);
        var disagreements = new List<string>();
        int compared = 0;
        void Compare(string what, object? real, object? modelled)
        {
            compared++;
            if (!Equals(real, modelled))
            {
                disagreements.Add($"{what}: server {real}, model {modelled}");
            }
        }

        for (int i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var settings = site.Settings!;
            var root = apache.Get(i, "/index.html");
            var notFound = apache.Get(i, "/missing.html");

            // The version shows in "Server: Apache/2.4.x" or in the error page's "Apache/2.4.x … Server at" footer;
            // ServerSignature On without a version ("Apache Server at") still discloses the server, as the model counts it.
            bool versionInHeader = root.Header("Server").Contains('/', StringComparison.Ordinal);
            bool signature = notFound.Body.Contains("Server at", StringComparison.Ordinal);
            Compare($"{name} #{i} discloses", versionInHeader || signature, settings.DisclosesVersion.Value);

            var redirect = site.CatchAllResponse is { IsConditional: false } response ? response : null;
            Compare($"{name} #{i} status of /index.html", root.Status, redirect?.StatusCode ?? 200);
            if (redirect is not null)
            {
                // RedirectMatch / RewriteRule substitute $1; mod_alias Redirect appends what follows its URL-path ("/").
                var target = redirect.Target!;
                var expected = target.Contains("$1", StringComparison.Ordinal) ? target.Replace("$1", "index.html", StringComparison.Ordinal) : target + "index.html";
                Compare($"{name} #{i} redirect target", root.Location, expected);
                continue;
            }

            var listing = apache.Get(i, "/listing/");
            Compare($"{name} #{i} listing of /listing/", listing.Status == 200 && listing.Body.Contains("Index of", StringComparison.Ordinal), site.HandleRequest("/listing/").Settings.DirectoryListing.Value);

            foreach (var block in site.Locations.Where(b => b.Level == ConfigurationLevel.Location))
            {
                var page = apache.Get(i, block.Match);
                Compare($"{name} #{i} {block.Match} refused to 127.0.0.1", page.Status == 403, block.Settings!.IsRestricted);
            }

            // core TraceEnable: "off" answers 405; on or extended echoes the request with 200.
            Compare($"{name} #{i} TRACE answered", apache.Send(i, "TRACE", "/index.html").Status == 200, settings.TraceEnabled!.Value);

            foreach (var path in HiddenPaths)
            {
                var answer = apache.Get(i, path);
                Compare($"{name} #{i} {path} refused", answer.Status is 403 or 404, site.HandleRequest(path).IsProtected);
            }

            // A 614-byte request line, a 2008-byte header field, 40 header fields: 414 or 400 exactly when a limit is below them.
            var longLine = apache.Get(i, "/" + new string('a', 600));
            Compare($"{name} #{i} 614-byte request line refused", longLine.Status == 414, settings.RequestLineLimit!.Value < 614);
            var longField = apache.Send(i, "GET", "/index.html", [new("X-Long", new string('b', 2000))]);
            Compare($"{name} #{i} 2008-byte header field refused", longField.Status == 400, settings.RequestFieldSizeLimit!.Value < 2008);
            var manyFields = apache.Send(i, "GET", "/index.html", Enumerable.Range(1, 40).Select(n => new KeyValuePair<string, string>($"X-Field-{n}", "x")));
            Compare($"{name} #{i} 40 header fields refused", manyFields.Status == 400, settings.RequestFieldCountLimit!.Value is > 0 and < 40);

            foreach (var path in new[] { "/index.html", "/nocache/index.html" })
            {
                var page = apache.Get(i, path);
                var handling = site.HandleRequest(path);
                bool modelCaches = handling.Settings.Expires.Value is not null || handling.ResponseHeaders.Find("Cache-Control") is not null;
                Compare($"{name} #{i} {path} carries Cache-Control or Expires", page.Headers.ContainsKey("Cache-Control") || page.Headers.ContainsKey("Expires"), modelCaches);
            }
        }

        output.WriteLine($"{name}: {compared - disagreements.Count} of {compared} answers agree with the model.");
        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void IfModule_sections_apply_as_the_modules_the_configuration_loads_decide()
    {
        // The configuration loads mod_headers and not mod_rewrite: httpd reads the first and third sections and skips the
        // others, and so must the model (apache2.conf with its LoadModule lines decides every IfModule).
        using var apache = LiveApache.Require(["mpm_event", "authz_core", "headers", "mime"]);
        apache.WriteContent("index.html", "<p>test</p>\n");
        var configuration = apache.Configuration(string.Empty, ["""
            <IfModule mod_headers.c>
                    Header always set X-Headers loaded
                </IfModule>
                <IfModule mod_rewrite.c>
                    Header always set X-Rewrite loaded
                </IfModule>
                <IfModule !mod_rewrite.c>
                    Header always set X-No-Rewrite yes
                </IfModule>
                <IfModule !headers_module>
                    Header always set X-No-Headers yes
                </IfModule>
            """]);
        var site = LiveApache.Model(configuration).Single();
        apache.Start(configuration);

        var response = apache.Get(0, "/index.html");
        response.Status.ShouldBe(200);
        var model = site.HandleRequest("/index.html").ResponseHeaders;
        foreach (var name in new[] { "X-Headers", "X-Rewrite", "X-No-Rewrite", "X-No-Headers" })
        {
            string.Join(", ", model.Headers.Where(h => h.Is(name) && !h.IsEmpty).Select(h => h.Value)).ShouldBe(response.Header(name), name);
        }

        response.Header("X-Headers").ShouldBe("loaded");
        response.Header("X-No-Rewrite").ShouldBe("yes");
    }

    [Fact]
    public void A_later_name_based_virtual_host_is_held_to_the_first_ones_request_limits()
    {
        using var apache = LiveApache.Require(["mpm_event", "authz_core", "headers"]);
        apache.WriteContent("index.html", "<p>test</p>\n");
        var configuration = apache.Configuration(string.Empty, [string.Empty]);
        var port = apache.Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration += $"<VirtualHost 127.0.0.1:{port}>\n    ServerName second.example.nl\n    Header always set X-Host second\n    LimitRequestFieldSize 1024\n    LimitRequestFields 10\n</VirtualHost>\n";
        var sites = LiveApache.Model(configuration);
        sites.Count.ShouldBe(2);
        apache.Start(configuration);

        var second = sites[1].Settings!;
        var longField = apache.Send(0, "GET", "/index.html", [new("Host", "second.example.nl"), new("X-Long", new string('b', 2000))]);
        var manyFields = apache.Send(0, "GET", "/index.html", [new("Host", "second.example.nl"), .. Enumerable.Range(1, 40).Select(n => new KeyValuePair<string, string>($"X-Field-{n}", "x"))]);
        (longField.Status == 400).ShouldBe(second.RequestFieldSizeLimit!.Value < 2008);
        (manyFields.Status == 400).ShouldBe(second.RequestFieldCountLimit!.Value is > 0 and < 40);
        longField.Status.ShouldBe(200, "the second host's own LimitRequestFieldSize 1024 is not enforced");
        longField.Header("X-Host").ShouldBe("second", "the request reached the second host");
    }
}
