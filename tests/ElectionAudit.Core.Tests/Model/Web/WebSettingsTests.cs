using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>The per-level web settings: effective values with their origins, nginx's merge rules and defaults.</summary>
public class WebSettingsTests
{
    private static string At(Location location) => $"{location.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    private static IReadOnlyList<WebSite> Bind(string config, params (string Path, string Text)[] more)
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", config);
        foreach (var (path, text) in more)
        {
            files.Add(path, text);
        }

        return [.. WebModelTests.Bind(files).BoundElementsOfType<WebSite>()];
    }

    private static WebLocationBlock Location(WebSite site, string match) => site.Locations.Single(l => l.Match == match);

    [Fact]
    public void Without_directives_every_value_is_the_documented_default_scoped_to_its_block()
    {
        var site = Bind("http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        location / { }\n    }\n}\n").Single();
        var settings = site.Settings!;

        settings.DisclosesVersion.Value.ShouldBeTrue();
        settings.DisclosesVersion.IsDefault.ShouldBeTrue();
        settings.DisclosesVersion.DefaultDescription.ShouldBe("the default \"server_tokens on;\" of nginx 1.30 (assumed: the current stable release, as no version is declared)");
        At(settings.DisclosesVersion.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,11)");
        settings.DirectoryListing.Value.ShouldBeFalse();
        settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(75));
        settings.ClientHeaderTimeout.Value.ShouldBe(TimeSpan.FromSeconds(60));
        settings.ClientBodyTimeout.Value.ShouldBe(TimeSpan.FromSeconds(60));
        settings.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(60));
        settings.MaxRequestBodySize.Value.ShouldBe(1024 * 1024);
        settings.MaxRequestBodySize.DefaultDescription.ShouldBe("the default \"client_max_body_size 1m;\" of nginx 1.30 (assumed: the current stable release, as no version is declared)");
        settings.AccessLog.Value.Single().ShouldBe(new WebLogTarget("logs/access.log", false, null));
        settings.ErrorLog.Value.Single().Target.ShouldBe("logs/error.log");
        settings.ErrorLog.IsDefault.ShouldBeTrue();
        settings.DocumentRoot.Value.ShouldBe("html");
        settings.Limits.ShouldBeEmpty();
        settings.AccessRules.ShouldBeEmpty();
        settings.Authentication.Value.ShouldBeNull();
        settings.IsRestricted.ShouldBeFalse();

        // A location's default is scoped to the location, where its directive would go.
        var root = Location(site, "/").Settings!;
        root.DisclosesVersion.IsDefault.ShouldBeTrue();
        At(root.DisclosesVersion.Location).ShouldBe("nginx/nginx.conf(5,9)-(5,17)");
    }

    [Fact]
    public void A_placeholder_in_a_literal_setting_makes_it_unknown_and_an_invalid_value_keeps_the_inherited_one()
    {
        var site = Bind("""
            http {
                client_max_body_size 100k;
                client_body_timeout 10s;
                server_tokens off;
                server {
                    listen 8080;
                    server_name results.example.nl;
                    client_max_body_size ${CLIENT_MAX_BODY_SIZE};
                    client_body_timeout banana;
                    keepalive_timeout $KEEPALIVE;
                    server_tokens ${SERVER_TOKENS};
                    root /srv/$host;
                    location /files/ {
                        autoindex ${AUTOINDEX};
                    }
                }
            }
            """).Single();
        var settings = site.Settings!;

        // What the rendered file says is not known: the value is what applies without the directive, marked unknown.
        settings.MaxRequestBodySize.IsUnknown.ShouldBeTrue();
        settings.MaxRequestBodySize.IsDefault.ShouldBeFalse();
        settings.MaxRequestBodySize.Value.ShouldBe(100 * 1024);
        At(settings.MaxRequestBodySize.Location).ShouldBe("nginx/nginx.conf(8,9)-(8,54)");
        settings.KeepaliveTimeout.IsUnknown.ShouldBeTrue();
        settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(75));
        settings.DisclosesVersion.IsUnknown.ShouldBeTrue();
        settings.DisclosesVersion.Value.ShouldBeFalse();
        Location(site, "/files/").Settings!.DirectoryListing.IsUnknown.ShouldBeTrue();

        // A value nginx rejects without a "$" is an error in the file, not a placeholder: the inherited value stays.
        settings.ClientBodyTimeout.IsUnknown.ShouldBeFalse();
        settings.ClientBodyTimeout.Value.ShouldBe(TimeSpan.FromSeconds(10));
        At(settings.ClientBodyTimeout.Location).ShouldBe("nginx/nginx.conf(3,5)-(3,29)");

        // root expands variables: "$host" there is nginx's own.
        settings.DocumentRoot.IsUnknown.ShouldBeFalse();
        settings.DocumentRoot.Value.ShouldBe("/srv/$host");

        // An inner level without its own directive inherits the unknown value, scoped to itself.
        var inner = Location(site, "/files/").Settings!;
        inner.MaxRequestBodySize.IsUnknown.ShouldBeTrue();
        At(inner.MaxRequestBodySize.Location).ShouldBe("nginx/nginx.conf(8,9)-(8,54)");
    }

    [Theory]
    [InlineData("${NGINX_ERROR_LOG}", true, true, true)]
    [InlineData("$ERROR_LOG", true, true, false)]
    [InlineData("${LOG}.log", true, true, true)]
    [InlineData("${LOG_DIR}/error.log", false, false, false)]
    [InlineData("$host.access.log", true, false, false)]
    [InlineData("${host}", true, false, true)]
    [InlineData("/var/log/nginx/error.log", false, false, false)]
    [InlineData("syslog:server=${SYSLOG}", false, false, false)]
    [InlineData("${", false, false, false)]
    [InlineData("$", false, false, false)]
    public void A_log_target_that_begins_with_a_placeholder_not_naming_a_folder_may_be_remote(string target, bool nginxErrorLog, bool nginxAccessLog, bool apache)
    {
        LogTargetPlaceholders.NginxErrorLog(target).ShouldBe(nginxErrorLog);
        LogTargetPlaceholders.NginxAccessLog(target).ShouldBe(nginxAccessLog);
        LogTargetPlaceholders.Apache(target).ShouldBe(apache);
    }

    [Fact]
    public void A_log_list_with_a_placeholder_target_is_unknown_and_inherited_as_such()
    {
        var site = Bind("""
            error_log ${NGINX_ERROR_LOG} warn;
            http {
                access_log /var/log/nginx/access.log;
                server {
                    listen 443 ssl;
                    server_name results.example.nl;
                    location /api/ {
                        access_log ${API_ACCESS_LOG};
                    }
                }
            }
            """).Single();
        var settings = site.Settings!;

        settings.ErrorLog.IsUnknown.ShouldBeTrue();
        settings.ErrorLog.Value.Select(t => t.Target).ShouldBe(["${NGINX_ERROR_LOG}"]);
        At(settings.ErrorLog.Location).ShouldBe("nginx/nginx.conf(1,1)-(1,35)");
        settings.AccessLog.IsUnknown.ShouldBeFalse();
        var api = Location(site, "/api/").Settings!;
        api.AccessLog.IsUnknown.ShouldBeTrue();
        api.ErrorLog.IsUnknown.ShouldBeTrue();
    }

    [Fact]
    public void Shared_defaults_and_inherited_values_report_at_the_level_they_are_read_at()
    {
        // The binder gives every level the value object of the level it inherits from (the defaults are made once, at
        // the http level); each site and level must still report a default at its own block.
        var sites = Bind("http {\n    keepalive_timeout 10s;\n    server {\n        listen 80;\n        location / { }\n    }\n    server {\n        listen 81;\n        send_timeout 5s;\n        location /a { }\n    }\n}\n");
        var first = sites[0].Settings!;
        var second = sites[1].Settings!;
        var firstRoot = Location(sites[0], "/").Settings!;
        var secondA = Location(sites[1], "/a").Settings!;
        first.SharesInheritedValues.ShouldBeTrue();

        foreach (var (settings, block) in new[] { (first, "(3,5)-(3,11)"), (second, "(7,5)-(7,11)"), (firstRoot, "(5,9)-(5,17)"), (secondA, "(10,9)-(10,17)") })
        {
            var defaults = new (Location Location, Location Scope, bool IsDefault)[]
            {
                (settings.DirectoryListing.Location, settings.DirectoryListing.Scope, settings.DirectoryListing.IsDefault),
                (settings.DisclosesVersion.Location, settings.DisclosesVersion.Scope, settings.DisclosesVersion.IsDefault),
                (settings.HiddenUpstreamHeaders.Location, settings.HiddenUpstreamHeaders.Scope, settings.HiddenUpstreamHeaders.IsDefault),
                (settings.ClientHeaderTimeout.Location, settings.ClientHeaderTimeout.Scope, settings.ClientHeaderTimeout.IsDefault),
                (settings.ClientBodyTimeout.Location, settings.ClientBodyTimeout.Scope, settings.ClientBodyTimeout.IsDefault),
                (settings.MaxRequestBodySize.Location, settings.MaxRequestBodySize.Scope, settings.MaxRequestBodySize.IsDefault),
                (settings.AccessLog.Location, settings.AccessLog.Scope, settings.AccessLog.IsDefault),
                (settings.ErrorLog.Location, settings.ErrorLog.Scope, settings.ErrorLog.IsDefault),
                (settings.Authentication.Location, settings.Authentication.Scope, settings.Authentication.IsDefault),
                (settings.Expires.Location, settings.Expires.Scope, settings.Expires.IsDefault),
                (settings.ResponseCache.Location, settings.ResponseCache.Scope, settings.ResponseCache.IsDefault),
                (settings.DocumentRoot.Location, settings.DocumentRoot.Scope, settings.DocumentRoot.IsDefault),
            };
            defaults.Select(d => (At(d.Location), At(d.Scope), d.IsDefault)).Distinct().ShouldBe([("nginx/nginx.conf" + block, "nginx/nginx.conf" + block, true)]);

            // Inherited from http: the directive's location, the level's scope.
            At(settings.KeepaliveTimeout.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,27)");
            At(settings.KeepaliveTimeout.Scope).ShouldBe("nginx/nginx.conf" + block);
            settings.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(10));
        }

        // The second server's own send_timeout reaches its location; the first server keeps the default.
        At(second.SendTimeout.Location).ShouldBe("nginx/nginx.conf(9,9)-(9,25)");
        At(secondA.SendTimeout.Location).ShouldBe("nginx/nginx.conf(9,9)-(9,25)");
        At(secondA.SendTimeout.Scope).ShouldBe("nginx/nginx.conf(10,9)-(10,17)");
        secondA.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(5));
        first.SendTimeout.IsDefault.ShouldBeTrue();
        At(first.SendTimeout.Location).ShouldBe("nginx/nginx.conf(3,5)-(3,11)");
        first.SendTimeout.DefaultDescription.ShouldBe("the default \"send_timeout 60s;\" of nginx 1.30 (assumed: the current stable release, as no version is declared)");

        // Read again, the same answer; a value that already has the level's scope is handed out as it is.
        At(firstRoot.DocumentRoot.Location).ShouldBe("nginx/nginx.conf(5,9)-(5,17)");
        second.SendTimeout.ShouldBeSameAs(second.SendTimeout);
    }

    [Fact]
    public void Plain_directives_inherit_from_the_nearest_level_and_keep_the_directive_as_origin()
    {
        var site = Bind("""
            error_log /var/log/nginx/error.log warn;
            http {
                server_tokens off;
                keepalive_timeout 1m30s;
                client_max_body_size 10M;
                server {
                    listen 443 ssl;
                    server_name results.example.nl;
                    send_timeout 5;
                    location /downloads/ {
                        autoindex on;
                        server_tokens build;
                        client_body_timeout 500ms;
                    }
                }
            }
            """).Single();
        var server = site.Settings!;

        server.DisclosesVersion.Value.ShouldBeFalse();
        server.DisclosesVersion.IsDefault.ShouldBeFalse();
        At(server.DisclosesVersion.Location).ShouldBe("nginx/nginx.conf(3,5)-(3,23)");
        At(server.DisclosesVersion.Scope).ShouldBe("nginx/nginx.conf(6,5)-(6,11)");
        server.KeepaliveTimeout.Value.ShouldBe(TimeSpan.FromSeconds(90));
        server.MaxRequestBodySize.Value.ShouldBe(10L * 1024 * 1024);
        server.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(5));
        At(server.SendTimeout.Location).ShouldBe("nginx/nginx.conf(9,9)-(9,24)");
        // error_log in the main context reaches http and the servers (ngx_http_core_merge_loc_conf).
        server.ErrorLog.IsDefault.ShouldBeFalse();
        server.ErrorLog.Value.Single().Target.ShouldBe("/var/log/nginx/error.log");
        At(server.ErrorLog.Location).ShouldBe("nginx/nginx.conf(1,1)-(1,41)");

        var downloads = Location(site, "/downloads/").Settings!;
        downloads.DirectoryListing.Value.ShouldBeTrue();
        At(downloads.DirectoryListing.Location).ShouldBe("nginx/nginx.conf(11,13)-(11,26)");
        downloads.DisclosesVersion.Value.ShouldBeTrue();
        downloads.ClientBodyTimeout.Value.ShouldBe(TimeSpan.FromMilliseconds(500));
        downloads.SendTimeout.Value.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Array_directives_are_inherited_only_by_levels_without_their_own()
    {
        var site = Bind("""
            http {
                limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;
                limit_conn_zone $binary_remote_addr zone=addr:10m;
                limit_req zone=perip burst=20;
                access_log /var/log/nginx/access.log combined;
                access_log syslog:server=192.0.2.10 combined;
                server {
                    listen 443 ssl;
                    server_name results.example.nl;
                    allow 10.20.0.0/16;
                    deny all;
                    location /api/ {
                        limit_conn addr 10;
                        proxy_pass http://127.0.0.1:8080;
                        proxy_hide_header X-Powered-By;
                    }
                    location /public/ {
                        allow all;
                        access_log off;
                    }
                }
            }
            """).Single();
        var server = site.Settings!;
        server.Limits.Select(l => (l.Kind, l.Zone, l.Rate)).ShouldBe([(WebLimitKind.Requests, "perip", (string?)"10r/s")]);
        server.Limits[0].ZoneDefinition!.GetLocation().StartLine.ShouldBe(2);
        server.AccessLog.Value.Select(t => (t.Target, t.IsRemote)).ShouldBe([("/var/log/nginx/access.log", false), ("syslog:server=192.0.2.10", true)]);
        server.AccessRules.Select(r => (r.Allows, r.Address)).ShouldBe([(true, "10.20.0.0/16"), (false, "all")]);
        server.IsRestricted.ShouldBeTrue();
        server.DeniesEveryone.ShouldBeFalse();

        // limit_req and limit_conn are separate arrays: the location's limit_conn does not drop the inherited limit_req.
        var api = Location(site, "/api/").Settings!;
        api.Limits.Select(l => (l.Kind, l.Zone)).ShouldBe([(WebLimitKind.Requests, "perip"), (WebLimitKind.Connections, "addr")]);
        api.IsRestricted.ShouldBeTrue();
        api.Upstream!.GetLocation().StartLine.ShouldBe(14);
        api.HiddenUpstreamHeaders.Value.ShouldBe(["x-powered-by"]);
        api.UnrestrictedMethods.ShouldBeNull();

        // A level with its own allow replaces the inherited list; access_log off empties the access log.
        var open = Location(site, "/public/").Settings!;
        open.AccessRules.Select(r => r.Address).ShouldBe(["all"]);
        open.IsRestricted.ShouldBeFalse();
        open.AccessLog.Value.ShouldBeEmpty();
        At(open.AccessLog.Location).ShouldBe("nginx/nginx.conf(19,13)-(19,28)");
    }

    [Fact]
    public void Each_hide_header_list_is_inherited_on_its_own_and_the_first_in_effect_is_the_origin()
    {
        var sites = Bind("""
            http {
                proxy_hide_header X-Powered-By;
                proxy_hide_header Server;
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    fastcgi_hide_header server;
                    fastcgi_hide_header X-Runtime;
                    location /app/ { }
                    location /api/ {
                        proxy_hide_header X-Debug;
                    }
                }
            }
            """);
        var server = sites[0].Settings!;
        server.HiddenUpstreamHeaders.Value.ShouldBe(["x-powered-by", "server", "x-runtime"]);
        server.HiddenUpstreamHeaders.IsDefault.ShouldBeFalse();
        At(server.HiddenUpstreamHeaders.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,36)");
        At(server.HiddenUpstreamHeaders.Scope).ShouldBe("nginx/nginx.conf(4,5)-(4,11)");

        // A level without any keeps every inherited list; the scope is the level's own.
        var app = Location(sites[0], "/app/").Settings!;
        app.HiddenUpstreamHeaders.Value.ShouldBe(["x-powered-by", "server", "x-runtime"]);
        At(app.HiddenUpstreamHeaders.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,36)");
        At(app.HiddenUpstreamHeaders.Scope).ShouldBe("nginx/nginx.conf(9,9)-(9,17)");

        // A level's own proxy_hide_header replaces the inherited proxy list only.
        var api = Location(sites[0], "/api/").Settings!;
        api.HiddenUpstreamHeaders.Value.ShouldBe(["x-debug", "server", "x-runtime"]);
        At(api.HiddenUpstreamHeaders.Location).ShouldBe("nginx/nginx.conf(11,13)-(11,39)");

        // Without any, the default, scoped to each level.
        var plain = Bind("http {\n    server {\n        listen 80;\n        location / { }\n    }\n}\n").Single();
        plain.Settings!.HiddenUpstreamHeaders.Value.ShouldBeEmpty();
        plain.Settings.HiddenUpstreamHeaders.DefaultDescription.ShouldBe("no *_hide_header directive");
        At(plain.Settings.HiddenUpstreamHeaders.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,11)");
        At(Location(plain, "/").Settings!.HiddenUpstreamHeaders.Location).ShouldBe("nginx/nginx.conf(4,9)-(4,17)");
    }

    [Fact]
    public void Directives_brought_in_by_include_count_at_the_level_of_the_include()
    {
        var site = Bind(
            "http {\n    server {\n        listen 443 ssl;\n        server_name a.example.nl;\n        location /admin/ {\n            include snippets/office-only.conf;\n        }\n    }\n}\n",
            ("nginx/snippets/office-only.conf", "allow 192.0.2.0/24;\ndeny all;\nauth_basic \"Office\";\n")).Single();

        var admin = Location(site, "/admin/").Settings!;
        admin.AccessRules.Select(r => r.Directive.GetLocation().Path).Distinct().ShouldBe(["nginx/snippets/office-only.conf"]);
        admin.Authentication.Value.ShouldBe("Office");
        At(admin.Authentication.Location).ShouldBe("nginx/snippets/office-only.conf(3,1)-(3,21)");
        admin.IsRestricted.ShouldBeTrue();
        site.Settings!.IsRestricted.ShouldBeFalse();
    }

    [Theory]
    [InlineData("return 301 https://$host$request_uri;", 301, "https://$host$request_uri", false, true)]
    [InlineData("return https://results.example.nl/;", 302, "https://results.example.nl/", false, true)]
    [InlineData("rewrite ^ https://results.example.nl$request_uri? permanent;", 301, "https://results.example.nl$request_uri?", false, true)]
    [InlineData("rewrite ^/old/(.*)$ https://results.example.nl/$1 permanent;", 301, "https://results.example.nl/$1", true, true)]
    [InlineData("if ($host = results.example.nl) { return 301 https://$host$request_uri; }", 301, "https://$host$request_uri", true, true)]
    [InlineData("return 444;", 444, null, false, false)]
    [InlineData("return 301 http://results.example.nl;", 301, "http://results.example.nl", false, false)]
    public void Server_level_return_and_rewrite_become_the_catch_all_response(string directive, int status, string? target, bool conditional, bool toHttps)
    {
        var site = Bind($"http {{\n    server {{\n        listen 80;\n        server_name results.example.nl;\n        {directive}\n    }}\n}}\n").Single();

        var response = site.CatchAllResponse!;
        response.StatusCode.ShouldBe(status);
        response.Target.ShouldBe(target);
        response.IsConditional.ShouldBe(conditional);
        response.RedirectsToHttps.ShouldBe(toHttps);
        response.Location.StartLine.ShouldBe(5);
    }

    [Fact]
    public void Location_root_return_is_the_catch_all_and_a_site_without_returns_serves_content()
    {
        var sites = Bind("""
            http {
                server {
                    listen 80;
                    server_name a.example.nl;
                    location /.well-known/acme-challenge/ { root /var/www/acme; }
                    location / { return 308 https://a.example.nl$request_uri; }
                }
                server {
                    listen 80;
                    server_name b.example.nl;
                    root /srv/b;
                }
            }
            """);

        sites[0].CatchAllResponse!.StatusCode.ShouldBe(308);
        sites[0].ServesContent.ShouldBeFalse();
        sites[1].CatchAllResponse.ShouldBeNull();
        sites[1].ServesContent.ShouldBeTrue();
        sites[1].Settings!.DocumentRoot.Value.ShouldBe("/srv/b");
    }

    [Fact]
    public void A_conditional_https_redirect_in_a_server_that_also_serves_tls_leaves_it_serving_content()
    {
        var site = Bind("""
            http {
                server {
                    listen 80;
                    listen 443 ssl;
                    server_name a.example.nl;
                    root /srv/a;
                    if ($scheme != "https") {
                        return 301 https://$host$request_uri;
                    }
                }
            }
            """).Single();

        site.CatchAllResponse!.IsConditional.ShouldBeTrue();
        site.CatchAllResponse.RedirectsToHttps.ShouldBeTrue();
        site.ServesContent.ShouldBeTrue();
    }

    [Fact]
    public void An_unresolved_include_in_the_server_or_its_http_block_marks_the_site_incomplete()
    {
        var sites = Bind(
            "http {\n    include conf.d/*.conf;\n    server { listen 443 ssl; server_name a.example.nl; location / { include missing.conf; } }\n    server { listen 443 ssl; server_name b.example.nl; include snippets/present.conf; }\n}\n",
            ("nginx/snippets/present.conf", "add_header X-Content-Type-Options nosniff;\n"));

        sites[0].HasUnresolvedIncludes.ShouldBeTrue();
        sites[1].HasUnresolvedIncludes.ShouldBeFalse("a glob that matches nothing is fine for nginx, and the snippet exists");
    }

    [Fact]
    public void A_server_whose_include_was_cut_for_reading_files_again_too_often_is_incomplete()
    {
        // f0 stands for 3^12 = 531,441 readings of f12: the first server reads it in full (531,440 of them again), the
        // second would read all of it again, past the 1,000,000 a configuration may read again, so its include is cut. A glob
        // that brings in nothing is fine for nginx; one that was cut is not.
        var files = Enumerable.Range(0, 12).Select(i => ($"nginx/f{i}.conf", string.Concat(Enumerable.Repeat($"include f{i + 1}.conf;\n", 3))))
            .Append(("nginx/f12.conf", "add_header X-Frame-Options DENY;\n"))
            .ToArray();
        var sites = Bind(
            "http {\n    server { listen 443 ssl; server_name a.example.nl; include f[0].conf; }\n    server { listen 443 ssl; server_name b.example.nl; include f[0].conf; }\n}\n",
            files);

        sites.Select(s => (s.ServerNames[0].Value, s.HasUnresolvedIncludes)).ShouldBe([("a.example.nl", false), ("b.example.nl", true)]);
    }

    [Fact]
    public void Default_servers_are_the_marked_one_or_else_the_first_per_address()
    {
        var sites = Bind("""
            http {
                server { listen 443 ssl; server_name first.example.nl; }
                server { listen 443 ssl; server_name second.example.nl; }
                server { listen 80; server_name plain.example.nl; }
                server { listen 80 default_server; server_name _; return 444; }
            }
            """);

        sites[0].DefaultServerFor.Select(l => l.Port).ShouldBe([443]);
        sites[0].IsImplicitDefaultServer.ShouldBeTrue();
        sites[1].DefaultServerFor.ShouldBeEmpty();
        sites[2].DefaultServerFor.ShouldBeEmpty();
        sites[3].DefaultServerFor.Select(l => l.Port).ShouldBe([80]);
        sites[3].IsImplicitDefaultServer.ShouldBeFalse();
    }

    [Fact]
    public void Listen_80_star_80_and_0_0_0_0_80_are_one_pair_with_one_default()
    {
        // A live nginx answered an unknown host name on such a port with the first of the three servers.
        var sites = Bind("""
            http {
                server { listen *:80; server_name a.example.nl; }
                server { listen 0.0.0.0:80; server_name b.example.nl; }
                server { listen 80; server_name c.example.nl; }
                server { listen [::]:80; server_name d.example.nl; }
            }
            """);

        sites.Select(s => string.Join(",", s.DefaultServerFor.Select(l => $"{l.Address}:{l.Port}"))).ShouldBe(["*:80", string.Empty, string.Empty, "[::]:80"]);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.20.30", true)]
    [InlineData("[::1]", true)]
    [InlineData("[::ffff:127.0.0.1]", true)]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("unix:/run/nginx/results.sock", true)]
    [InlineData("*", false)]
    [InlineData("[::]", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("[::ffff:192.0.2.10]", false)]
    [InlineData("localhost.example.nl", false)]
    [InlineData("${LISTEN_ADDRESS}", false)]
    public void A_listen_is_loopback_for_loopback_addresses_localhost_and_unix_sockets(string address, bool loopback)
    {
        new WebListen(address, 80, false, false, false, (Location?)null).IsLoopback.ShouldBe(loopback);
    }

    [Fact]
    public void A_site_is_loopback_only_when_every_listen_is()
    {
        var sites = Bind("http {\n    server { listen 127.0.0.1:8080; listen [::1]:8080; server_name a.example.nl; }\n    server { listen 127.0.0.1:8080; listen 8080; server_name b.example.nl; }\n    server { server_name c.example.nl; }\n}\n");

        sites.Select(s => s.IsLoopbackOnly).ShouldBe([true, false, false]);
    }

    [Theory]

    // One placeholder pair alone: whatever ${SSL_PORT} becomes, its first server is the default there.
    [InlineData("server { listen ${SSL_PORT} ssl; server_name a.example.nl; }\nserver { listen ${SSL_PORT} ssl; server_name b.example.nl; }", "${SSL_PORT}|")]

    // ${PORT} may become 80: the first server is the default of whatever it becomes, and the second one's is unknown.
    [InlineData("server { listen ${PORT}; server_name a.example.nl; }\nserver { listen 80; server_name b.example.nl; }", "${PORT}|")]

    // A placeholder that comes after the first server of 80 cannot take its place, but may itself be 80.
    [InlineData("server { listen 80; server_name a.example.nl; }\nserver { listen ${PORT}; server_name b.example.nl; }", "80|")]

    // Unless it says default_server: then it may be the default of 80.
    [InlineData("server { listen 80; server_name a.example.nl; }\nserver { listen ${PORT} default_server; server_name b.example.nl; }", "|${PORT}")]

    // Two placeholders may become the same pair, and so may a placeholder and an earlier pair.
    [InlineData("server { listen ${A}; server_name a.example.nl; }\nserver { listen ${B}; server_name b.example.nl; }", "${A}|")]

    // The same server's own listens never take its place.
    [InlineData("server { listen 80; listen ${PORT}; server_name a.example.nl; }\nserver { listen 80; server_name b.example.nl; }", "80,${PORT}|")]
    public void A_placeholder_listen_leaves_a_default_unknown_where_it_could_be_the_same_pair(string servers, string expected)
    {
        var sites = Bind($"http {{\n{servers}\n}}\n");

        string.Join("|", sites.Select(s => string.Join(",", s.DefaultServerFor.Select(l => l.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? l.Address)))).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/.git/config", "~ /\\.(?!well-known/)")]
    [InlineData("/.well-known/acme-challenge/x", "^~ /.well-known/")]
    [InlineData("/results/2027.csv", "~* \\.CSV$")]
    [InlineData("/results/index.html", "/results/")]
    [InlineData("/exact", "= /exact")]
    [InlineData("/other", "/")]
    public void Find_location_follows_nginx_selection(string uri, string expected)
    {
        var site = Bind("""
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    location / { }
                    location /results/ { }
                    location = /exact { }
                    location ^~ /.well-known/ { }
                    location ~ /\.(?!well-known/) { deny all; }
                    location ~* \.CSV$ { expires 1m; }
                    location @fallback { }
                }
            }
            """).Single();

        site.FindLocation(uri)!.Match.ShouldBe(expected);
    }

    [Theory]
    [InlineData("/a/b/c/d", 9)]
    [InlineData("/a/c/x", 10)]
    [InlineData("/a", 5)]
    [InlineData("/x", 12)]
    [InlineData("/z", 0)]
    public void Find_location_takes_the_first_of_equal_prefixes_and_only_top_level_locations(string uri, int line)
    {
        var site = Bind("""
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    location /a {
                        location /a/b/c { }
                    }
                    location /a/ { }
                    location ^~/a/b { }
                    location /a/c { }
                    location /a/c { }
                    location =/x { }
                }
            }
            """).Single();

        (site.FindLocation(uri)?.Location.StartLine ?? 0).ShouldBe(line);
        site.Locations.Select(l => l.ParseMatch()).ShouldBe([("", "/a"), ("", "/a/b/c"), ("", "/a/"), ("^~", "/a/b"), ("", "/a/c"), ("", "/a/c"), ("=", "/x")]);
    }

    [Fact]
    public void Status_pages_methods_caching_and_denials_are_recorded_per_location()
    {
        var site = Bind("""
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    location = /basic_status { stub_status; }
                    location /api/ {
                        limit_except GET { deny all; }
                        fastcgi_pass unix:/run/php.sock;
                        fastcgi_cache results;
                    }
                    location /private/ { return 404; }
                    location /internal/ { internal; }
                    location /live/ { expires 30s; }
                }
            }
            """).Single();

        Location(site, "= /basic_status").Settings!.IsStatusPage.ShouldBeTrue();
        var api = Location(site, "/api/").Settings!;
        api.UnrestrictedMethods.ShouldBe(["GET", "HEAD"]);
        api.ResponseCache.Value.ShouldBe("results");
        Location(site, "/private/").Settings!.DeniesEveryone.ShouldBeTrue();
        Location(site, "/internal/").Settings!.IsInternal.ShouldBeTrue();
        Location(site, "/live/").Settings!.Expires.Value.ShouldBe("30s");
        site.Settings!.Expires.Value.ShouldBeNull();
    }

    [Theory]
    [InlineData("75", 75.0)]
    [InlineData("10s", 10.0)]
    [InlineData("1m30s", 90.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("1h", 3600.0)]
    [InlineData("0", 0.0)]
    public void Times_follow_nginx_units(string text, double seconds) =>
        NginxSettingsBinder.ParseTime(text).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("10x")]
    [InlineData("s")]
    public void Invalid_times_are_not_times(string text) => NginxSettingsBinder.ParseTime(text).ShouldBeNull();

    [Theory]
    [InlineData("1m", 1048576L)]
    [InlineData("100k", 102400L)]
    [InlineData("2G", 2147483648L)]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    public void Sizes_follow_nginx_units(string text, long bytes) => NginxSettingsBinder.ParseSize(text).ShouldBe(bytes);
}
