using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>The Apache side of <see cref="WebSettings"/>: effective values, their origins and defaults, per virtual host and section.</summary>
public class ApacheSettingsTests
{
    private const string Main = """
        ServerRoot "/etc/apache2"
        Listen 80
        Listen 443
        ServerTokens OS
        Timeout 300
        KeepAlive On
        ErrorLog ${APACHE_LOG_DIR}/error.log
        <IfModule reqtimeout_module>
            RequestReadTimeout header=20-40,MinRate=500 body=10,MinRate=500
        </IfModule>
        IncludeOptional sites-enabled/*.conf
        """;

    private const string Sites = """
        <VirtualHost *:80>
            ServerName results.example.nl
            RewriteEngine on
            RewriteCond %{SERVER_NAME} =results.example.nl
            RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [END,NE,R=permanent]
        </VirtualHost>
        <VirtualHost *:443>
            ServerName www.example.nl
            SSLEngine on
            ServerSignature On
            KeepAliveTimeout 3
            LimitRequestBody 102400
            CustomLog "|/usr/bin/logger -t apache -p local6.info" combined
            Options -Indexes
            <Directory /srv/www/downloads>
                Options +Indexes
            </Directory>
            <Location /server-status>
                SetHandler server-status
                Require ip 192.0.2.0/24 2001:db8::/32
            </Location>
            <Location /admin>
                AuthType Basic
                AuthName "Admin"
                Require valid-user
            </Location>
            <Location /old>
                Redirect 301 https://www.example.nl/new
            </Location>
        </VirtualHost>
        """;

    private static InfrastructureModel Bind(InMemoryFileSystem files) =>
        new AuditEngine([]).Analyze(files, [.. files.Paths]).Model;

    private static InMemoryFileSystem Files() => new InMemoryFileSystem()
        .Add("apache2/apache2.conf", Main)
        .Add("apache2/sites-enabled/sites.conf", Sites);

    private static WebSite Site(InfrastructureModel model, string name) =>
        model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames.Any(n => n.Value == name));

    private static string At(Location location) => $"{location.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    /// <summary>The port-80 virtual host certbot's Apache plugin leaves behind, for the given names and conditions.</summary>
    private static string CertbotRedirect(string aliases, string conditions) => $$"""
        <VirtualHost *:80>
            ServerName results.example.nl
            {{aliases}}
            DocumentRoot /var/www/results
        {{conditions}}
        RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [END,NE,R=permanent]
        </VirtualHost>
        """;

    private const string RewriteOn = "RewriteEngine on\n";

    [Theory]
    // certbot's own form: every name of the host tested, joined with [OR]; the host is not the first on *:80.
    [InlineData("ServerAlias www.results.example.nl", RewriteOn + "RewriteCond %{SERVER_NAME} =www.results.example.nl [OR]\nRewriteCond %{SERVER_NAME} =results.example.nl", true, false)]
    [InlineData("", RewriteOn + "RewriteCond %{SERVER_NAME} =Results.Example.NL", true, false)]
    // A name left out, conditions joined by AND, another variable, a wildcard alias, no RewriteEngine: the redirect may not apply.
    [InlineData("ServerAlias www.results.example.nl", RewriteOn + "RewriteCond %{SERVER_NAME} =results.example.nl", true, true)]
    [InlineData("ServerAlias www.results.example.nl", RewriteOn + "RewriteCond %{SERVER_NAME} =www.results.example.nl\nRewriteCond %{SERVER_NAME} =results.example.nl", true, true)]
    [InlineData("", RewriteOn + "RewriteCond %{HTTPS} off", true, true)]
    [InlineData("ServerAlias *.results.example.nl", RewriteOn + "RewriteCond %{SERVER_NAME} =results.example.nl", true, true)]
    [InlineData("", "RewriteCond %{SERVER_NAME} =results.example.nl", true, true)]
    // The first host on *:80 also gets the requests for names no host has, which the condition lets through.
    [InlineData("", RewriteOn + "RewriteCond %{SERVER_NAME} =results.example.nl", false, true)]
    public void Certbots_name_conditioned_redirect_holds_for_every_request_a_later_host_gets(string aliases, string conditions, bool afterAnotherHost, bool servesContent)
    {
        var first = afterAnotherHost ? "<VirtualHost *:80>\n    ServerName other.example.nl\n    DocumentRoot /srv/other\n</VirtualHost>\n" : string.Empty;
        var model = Bind(new InMemoryFileSystem().Add("apache2/sites-enabled/results.conf", first + CertbotRedirect(aliases, conditions)));
        var site = Site(model, "results.example.nl");
        site.ServesContent.ShouldBe(servesContent);
        if (conditions.StartsWith(RewriteOn, StringComparison.Ordinal))
        {
            site.CatchAllResponse!.RedirectsToHttps.ShouldBeTrue();
            site.CatchAllResponse.IsConditional.ShouldBe(servesContent);
        }
    }

    [Fact]
    public void Environment_variables_make_a_setting_unknown_and_defined_ones_are_substituted()
    {
        // httpd replaces ${NAME} with a Define'd value, else with its environment variable when it starts.
        var model = Bind(new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Define TIMEOUT 120
            Timeout ${TIMEOUT}
            ServerTokens ${APACHE_SERVER_TOKENS}
            <VirtualHost *:443>
                ServerName results.example.nl
                SSLEngine on
                KeepAliveTimeout ${APACHE_KEEPALIVE}
                LimitRequestBody ${APACHE_BODY}
                SSLProtocol ${APACHE_SSL_PROTOCOLS}
                SSLCipherSuite ECDHE+AESGCM
                SSLSessionTickets ${APACHE_TICKETS}
            </VirtualHost>
            """));
        var site = Site(model, "results.example.nl");
        var settings = site.Settings!;

        settings.SendTimeout.IsUnknown.ShouldBeFalse();
        settings.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(120));
        settings.DisclosesVersion.IsUnknown.ShouldBeTrue();
        At(settings.DisclosesVersion.Location).ShouldBe("apache2/apache2.conf(3,1)-(3,37)");
        settings.KeepaliveTimeout.IsUnknown.ShouldBeTrue();
        settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(5));
        settings.MaxRequestBodySize.IsUnknown.ShouldBeTrue();
        At(settings.MaxRequestBodySize.Location).ShouldBe("apache2/apache2.conf(8,5)-(8,36)");

        var tls = site.Tls!;
        tls.Protocols.IsUnknown.ShouldBeTrue();
        tls.CipherString.IsUnknown.ShouldBeFalse();
        tls.CipherString.Value.ShouldBe("ECDHE+AESGCM");
        tls.SessionTickets.IsUnknown.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Listen 127.0.0.1:8080\n<VirtualHost *:8080>", true)]
    [InlineData("Listen 127.0.0.1:8080\nListen [::1]:8080\n<VirtualHost _default_:8080>", true)]
    [InlineData("Listen 8080\n<VirtualHost 127.0.0.1:8080>", true)]
    [InlineData("Listen 127.0.0.1:8080\nListen 192.0.2.10:8080\n<VirtualHost *:8080>", false)]
    [InlineData("Listen 8080\n<VirtualHost *:8080>", false)]
    [InlineData("Listen 127.0.0.1:8081\n<VirtualHost *:8080>", false)]
    public void A_virtual_host_is_loopback_only_when_its_addresses_or_the_listen_sockets_for_its_ports_are(string head, bool loopbackOnly)
    {
        // httpd only accepts connections on its Listen sockets: a wildcard virtual host on a port that only loopback
        // sockets open is reached by local programs alone.
        var model = Bind(new InMemoryFileSystem().Add("apache2/apache2.conf", $"{head}\n    ServerName a.example.nl\n</VirtualHost>\n"));

        Site(model, "a.example.nl").IsLoopbackOnly.ShouldBe(loopbackOnly);
    }

    [Theory]
    [InlineData("Options ${APACHE_OPTIONS}", null)]
    [InlineData("Options FollowSymLinks ${EXTRA_OPTIONS}", null)]
    [InlineData("Options +FollowSymLinks ${EXTRA_OPTIONS}", null)]
    [InlineData("Options ${EXTRA_OPTIONS} -Indexes", false)]
    [InlineData("Options ${EXTRA_OPTIONS} +Indexes", true)]
    [InlineData("Options ${EXTRA_OPTIONS} None", false)]
    [InlineData("Options FollowSymLinks", false)]
    public void Options_from_the_environment_leave_indexes_unknown_unless_a_later_word_decides(string options, bool? indexes)
    {
        // httpd substitutes ${NAME} in the whole line before splitting it into words, so the variable may become any
        // options, "Indexes" among them; a word after it still has the last say.
        var model = Bind(new InMemoryFileSystem().Add("apache2/apache2.conf", $"Listen 80\nOptions Indexes\n<VirtualHost *:80>\n    ServerName a.example.nl\n    {options}\n</VirtualHost>\n"));
        var listing = Site(model, "a.example.nl").Settings!.DirectoryListing;

        listing.IsUnknown.ShouldBe(indexes is null);
        if (indexes is { } value)
        {
            listing.Value.ShouldBe(value);
        }

        At(listing.Location).ShouldBe($"apache2/apache2.conf(5,5)-(5,{5 + options.Length})");
    }

    [Fact]
    public void Server_level_values_come_from_the_main_server_the_virtual_host_or_the_documented_default()
    {
        var model = Bind(Files());
        var plain = Site(model, "results.example.nl").Settings!;

        // ServerTokens OS names the version; ServerSignature is off by default, so ServerTokens is the origin.
        plain.DisclosesVersion.Value.ShouldBeTrue();
        At(plain.DisclosesVersion.Location).ShouldBe("apache2/apache2.conf(4,1)-(4,16)");
        plain.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(300));
        At(plain.SendTimeout.Location).ShouldBe("apache2/apache2.conf(5,1)-(5,12)");
        plain.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(5));
        plain.KeepaliveTimeout.DefaultDescription.ShouldBe("the default \"KeepAliveTimeout 5\" of apache 2.4 (assumed: the current stable release, as no version is declared)");
        At(plain.KeepaliveTimeout.Scope).ShouldBe("apache2/sites-enabled/sites.conf(1,1)-(1,13)");
        plain.ClientHeaderTimeout.Value.ShouldBe(TimeSpan.FromSeconds(40));
        plain.ClientHeaderTimeout.Condition.ShouldBe("<IfModule reqtimeout_module>");
        plain.ClientBodyTimeout.Value.ShouldBe(TimeSpan.FromSeconds(10));
        plain.MaxRequestBodySize.Value.ShouldBe(1073741824L);
        plain.MaxRequestBodySize.IsDefault.ShouldBeTrue();
        plain.AccessLog.Value.ShouldBeEmpty();
        plain.AccessLog.DefaultDescription!.ShouldContain("no CustomLog");
        plain.ErrorLog.Value.Single().Target.ShouldBe("${APACHE_LOG_DIR}/error.log");
        plain.DirectoryListing.Value.ShouldBeFalse();
        plain.DirectoryListing.IsDefault.ShouldBeTrue();

        // certbot's redirect: conditional on the RewriteCond, but to https.
        var redirect = plain.FixedResponse!;
        (redirect.StatusCode, redirect.Target, redirect.IsConditional, redirect.RedirectsToHttps).ShouldBe((301, "https://%{SERVER_NAME}%{REQUEST_URI}", true, true));
        At(redirect.Location).ShouldBe("apache2/sites-enabled/sites.conf(5,5)-(5,76)");
    }

    [Fact]
    public void Virtual_host_values_win_over_the_main_server()
    {
        var www = Site(Bind(Files()), "www.example.nl");
        var settings = www.Settings!;

        settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(3));
        At(settings.KeepaliveTimeout.Location).ShouldBe("apache2/sites-enabled/sites.conf(11,5)-(11,23)");
        settings.MaxRequestBodySize.Value.ShouldBe(102400L);
        settings.AccessLog.Value.Single().ShouldBe(new WebLogTarget("|/usr/bin/logger -t apache -p local6.info", true, settings.AccessLog.Directive));
        settings.DirectoryListing.Value.ShouldBeFalse();
        settings.DirectoryListing.IsDefault.ShouldBeFalse();
        settings.FixedResponse.ShouldBeNull();
        www.CatchAllResponse.ShouldBeNull();
    }

    [Fact]
    public void RequestReadTimeout_lines_each_set_the_stages_they_name()
    {
        // Debian's mods-available/reqtimeout.conf gives the header stage in one line and the body stage in the next.
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", "Listen 80\nRequestReadTimeout header=20-40,minrate=500\nRequestReadTimeout body=10,minrate=500\nIncludeOptional sites-enabled/*.conf\n")
            .Add("apache2/sites-enabled/a.conf", "<VirtualHost *:80>\n    ServerName results.example.nl\n</VirtualHost>\n<VirtualHost *:80>\n    ServerName www.example.nl\n    RequestReadTimeout body=5\n</VirtualHost>\n");
        var model = Bind(files);
        var results = Site(model, "results.example.nl").Settings!;
        var www = Site(model, "www.example.nl").Settings!;

        (results.ClientHeaderTimeout.Value, results.ClientBodyTimeout.Value).ShouldBe((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)));
        At(results.ClientHeaderTimeout.Location).ShouldBe("apache2/apache2.conf(2,1)-(2,44)");
        At(results.ClientBodyTimeout.Location).ShouldBe("apache2/apache2.conf(3,1)-(3,39)");
        (www.ClientHeaderTimeout.Value, www.ClientBodyTimeout.Value).ShouldBe((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("Require local", "+127.0.0.0/8 +::1 -all", true)]
    [InlineData("Require local\n    Require ip 192.0.2.0/24", "+127.0.0.0/8 +::1 +192.0.2.0/24 -all", true)]
    [InlineData("Require not local", "-127.0.0.0/8 -::1 -all", true)]
    [InlineData("Require local extra", "", false)]
    [InlineData("Require all granted", "+all", false)]
    public void Require_local_admits_the_loopback_addresses_only(string require, string rules, bool restricted)
    {
        // mod_authz_host's "local" provider: 127.0.0.0/8, ::1, or a client connecting from the server's own address
        // (Debian's mods-available/status.conf guards /server-status with it).
        var files = new InMemoryFileSystem().Add("apache2/sites-enabled/status.conf", $"""
            <VirtualHost *:80>
                ServerName results.example.nl
                <Location /server-status>
                    SetHandler server-status
                    {require}
                </Location>
            </VirtualHost>
            """);
        var status = Site(Bind(files), "results.example.nl").Locations.Single().Settings!;

        string.Join(' ', status.AccessRules.Select(r => (r.Allows ? "+" : "-") + r.Address)).ShouldBe(rules);
        status.IsRestricted.ShouldBe(restricted);
    }

    [Fact]
    public void Sections_have_settings_of_their_own()
    {
        var www = Site(Bind(Files()), "www.example.nl");
        var blocks = www.Locations.ToDictionary(l => l.Match);
        blocks.Keys.ShouldBe(["/srv/www/downloads", "/server-status", "/admin", "/old"]);

        var downloads = blocks["/srv/www/downloads"].Settings!;
        downloads.DirectoryListing.Value.ShouldBeTrue();
        At(downloads.DirectoryListing.Location).ShouldBe("apache2/sites-enabled/sites.conf(16,9)-(16,25)");

        var status = blocks["/server-status"].Settings!;
        status.IsStatusPage.ShouldBeTrue();
        status.AccessRules.Select(r => (r.Allows, r.Address)).ShouldBe([(true, "192.0.2.0/24"), (true, "2001:db8::/32"), (false, "all")]);
        status.IsRestricted.ShouldBeTrue();
        status.DisclosesVersion.Value.ShouldBeTrue();

        var admin = blocks["/admin"].Settings!;
        admin.Authentication.Value.ShouldBe("Basic");
        admin.IsRestricted.ShouldBeTrue();
        admin.IsStatusPage.ShouldBeFalse();

        var old = blocks["/old"].Settings!.FixedResponse!;
        (old.StatusCode, old.Target, old.IsConditional).ShouldBe((301, "https://www.example.nl/new", false));
    }

    [Theory]
    [InlineData("ServerTokens Prod", "", false)]
    [InlineData("ServerTokens ProductOnly", "ServerSignature Off", false)]
    [InlineData("ServerTokens Prod", "ServerSignature On", true)]
    [InlineData("ServerTokens Minor", "", true)]
    [InlineData("", "", true)]
    public void Version_disclosure_follows_server_tokens_and_server_signature(string main, string virtualHost, bool discloses)
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", $"Listen 80\n{main}\n<VirtualHost *:80>\n    ServerName a.example.nl\n    {virtualHost}\n</VirtualHost>\n");
        var settings = Site(Bind(files), "a.example.nl").Settings!;
        settings.DisclosesVersion.Value.ShouldBe(discloses);
        settings.DisclosesVersion.IsDefault.ShouldBe(main.Length == 0);
    }

    [Theory]
    [InlineData("Redirect permanent / https://a.example.nl/", 301, false)]
    [InlineData("Redirect / http://a.example.nl/", 302, false)]
    [InlineData("Redirect /docs https://a.example.nl/docs", 302, true)]
    [InlineData("RedirectMatch 308 ^/(.*)$ https://a.example.nl/$1", 308, false)]
    [InlineData("RewriteEngine On\n    RewriteRule ^/?(.*) https://a.example.nl/$1 [R=301,L]", 301, false)]
    [InlineData("RewriteRule ^/?(.*) https://a.example.nl/$1 [R=301,L]", 0, false)]
    public void Redirects_are_read_from_mod_alias_and_mod_rewrite(string directives, int status, bool conditional)
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", $"Listen 80\n<VirtualHost *:80>\n    ServerName a.example.nl\n    {directives}\n</VirtualHost>\n");
        var response = Site(Bind(files), "a.example.nl").Settings!.FixedResponse;
        if (status == 0)
        {
            // Without "RewriteEngine On" mod_rewrite does nothing.
            response.ShouldBeNull();
            return;
        }

        response.ShouldNotBeNull();
        (response.StatusCode, response.IsConditional).ShouldBe((status, conditional));
    }

    [Fact]
    public void Keep_alive_off_and_options_all_and_older_body_limit_default()
    {
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", "Listen 80\nKeepAlive Off\nOptions All\n<VirtualHost *:80>\n    ServerName a.example.nl\n</VirtualHost>\n")
            .Add("election.yml", "version: 1\nelection:\n  name: Test\n  date: 2027-03-17\nsoftware:\n  - name: apache2\n    version: 2.4.52\n");
        var settings = Site(Bind(files), "a.example.nl").Settings!;
        settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.Zero);
        At(settings.KeepaliveTimeout.Location).ShouldBe("apache2/apache2.conf(2,1)-(2,14)");
        settings.DirectoryListing.Value.ShouldBeTrue();
        settings.MaxRequestBodySize.Value.ShouldBe(0L);
        settings.MaxRequestBodySize.DefaultDescription.ShouldBe("the default \"LimitRequestBody 0\" of apache 2.4.52 (declared in the descriptor's software list)");
    }

    [Fact]
    public void Limits_of_mod_qos_and_mod_evasive_in_the_main_server_reach_every_virtual_host()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", "Listen 80\n<IfModule mod_evasive20.c>\n    DOSPageCount 5\n</IfModule>\n<VirtualHost *:80>\n    ServerName a.example.nl\n    QS_SrvMaxConnPerIP 50\n    <Location /api>\n        Require all granted\n    </Location>\n</VirtualHost>\n<VirtualHost *:80>\n    ServerName b.example.nl\n</VirtualHost>\n");
        var model = Bind(files);

        var a = Site(model, "a.example.nl");
        a.Settings!.Limits.Select(l => (l.Kind, l.Zone, l.Rate, At(l.Location))).ShouldBe([
            (WebLimitKind.Requests, "mod_evasive", "5", "apache2/apache2.conf(3,5)-(3,19)"),
            (WebLimitKind.Connections, "mod_qos", "50", "apache2/apache2.conf(7,5)-(7,26)"),
        ]);
        a.Locations.Single().Settings!.Limits.Count.ShouldBe(2);
        Site(model, "b.example.nl").Settings!.Limits.Select(l => l.Zone).ShouldBe(["mod_evasive"]);
    }
}
