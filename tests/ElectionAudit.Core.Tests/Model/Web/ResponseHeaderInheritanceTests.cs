using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>nginx add_header inheritance, computed once in the model (STYLE.md §6), including headers brought in by include (gixy issue #114).</summary>
public class ResponseHeaderInheritanceTests
{
    private static string Names(ResponseHeaderSet set) => string.Join(", ", set.Headers.Select(h => h.Name + (h.IsAlways ? "!" : string.Empty)));

    private static WebSite Bind(string config, params (string Path, string Text)[] more)
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", config);
        foreach (var (path, text) in more)
        {
            files.Add(path, text);
        }

        return WebModelTests.Bind(files).BoundElementsOfType<WebSite>().Single();
    }

    private static WebLocationBlock Location(WebSite site, string match) => site.Locations.Single(l => l.Match == match);

    [Fact]
    public void A_level_without_add_header_inherits_and_a_level_with_one_drops_everything_inherited()
    {
        var site = Bind("""
            http {
                add_header Strict-Transport-Security "max-age=63072000" always;
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    location / { root /srv; }
                    location /results {
                        add_header Cache-Control "public, max-age=30";
                        location /results/live { add_header X-Live 1; }
                        location /results/archive { root /srv/archive; }
                    }
                }
            }
            """);

        Names(site.ResponseHeaders).ShouldBe("Strict-Transport-Security!");
        site.ResponseHeaders.DefinedIn!.StartLine.ShouldBe(1);
        Names(Location(site, "/").ResponseHeaders).ShouldBe("Strict-Transport-Security!");

        var results = Location(site, "/results").ResponseHeaders;
        Names(results).ShouldBe("Cache-Control");
        results.Find("strict-transport-security").ShouldBeNull();
        results.FindDropped("Strict-Transport-Security")!.Location.StartLine.ShouldBe(2);
        results.DefinedIn!.StartLine.ShouldBe(7);

        var live = Location(site, "/results/live").ResponseHeaders;
        Names(live).ShouldBe("X-Live");
        live.Dropped.Select(h => h.Name).ShouldBe(["Strict-Transport-Security", "Cache-Control"]);

        var archive = Location(site, "/results/archive");
        archive.Parent!.Match.ShouldBe("/results");
        Names(archive.ResponseHeaders).ShouldBe("Cache-Control");
    }

    [Fact]
    public void Headers_an_include_brings_in_count_at_the_level_of_the_include()
    {
        var site = Bind(
            """
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    add_header X-Frame-Options DENY;
                    location / {
                        include snippets/security-headers.conf;
                    }
                    location /api { proxy_pass http://backend; }
                }
            }
            """,
            ("nginx/snippets/security-headers.conf", "add_header Strict-Transport-Security \"max-age=31536000\" always;\nadd_header X-Content-Type-Options nosniff always;\n"));

        var root = Location(site, "/").ResponseHeaders;
        Names(root).ShouldBe("Strict-Transport-Security!, X-Content-Type-Options!");
        root.Headers[0].Location.Path.ShouldBe("nginx/snippets/security-headers.conf");
        root.Headers[0].Location.StartLine.ShouldBe(1);
        root.Headers[0].ValueLocation.StartColumn.ShouldBe(38);
        root.Headers[0].Level.ShouldBe(ConfigurationLevel.Location);
        root.DefinedIn!.StartLine.ShouldBe(6);
        root.FindDropped("X-Frame-Options")!.Value.ShouldBe("DENY");

        Names(Location(site, "/api").ResponseHeaders).ShouldBe("X-Frame-Options");
    }

    [Fact]
    public void Header_locations_are_the_directive_s_and_its_arguments_made_once()
    {
        var site = Bind("http {\n    add_header X-A 1 always;\n    add_header X-B;\n    server { listen 80; server_name a.example.nl; }\n}\n");
        var (a, b) = (site.ResponseHeaders.Headers[0], site.ResponseHeaders.Headers[1]);

        At(a.Location).ShouldBe("(2,5)-(2,29)");
        At(a.NameLocation).ShouldBe("(2,16)-(2,19)");
        At(a.ValueLocation).ShouldBe("(2,20)-(2,21)");
        a.Location.ShouldBeSameAs(a.Location);
        a.NameLocation.ShouldBeSameAs(a.NameLocation);
        a.ValueLocation.ShouldBeSameAs(a.ValueLocation);

        // Without a value, the value's location is the name's.
        At(b.NameLocation).ShouldBe("(3,16)-(3,19)");
        b.ValueLocation.ShouldBe(b.NameLocation);

        // A header made with the public constructor keeps the locations it is given.
        var given = new ResponseHeader("X-C", "2", false, a.Directive, a.ValueLocation, a.NameLocation, ConfigurationLevel.Http, a.LevelLocation);
        given.NameLocation.ShouldBeSameAs(a.ValueLocation);
        given.ValueLocation.ShouldBeSameAs(a.NameLocation);
        given.Location.ShouldBe(a.Location);
    }

    private static string At(ElectionAudit.Text.Location location) => $"({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    [Fact]
    public void An_empty_add_header_adds_nothing_but_still_stops_inheritance()
    {
        var site = Bind("http { add_header X-A 1; server { listen 80; server_name a.example.nl; location / { add_header X-Powered-By \"\"; } } }");
        var set = Location(site, "/").ResponseHeaders;
        set.Headers.Single().IsEmpty.ShouldBeTrue();
        set.Find("X-Powered-By").ShouldBeNull();
        set.Find("X-A").ShouldBeNull();
        set.FindDropped("X-A").ShouldNotBeNull();
    }

    [Fact]
    public void If_in_location_is_a_level_of_its_own()
    {
        var site = Bind("http { server { listen 80; server_name a.example.nl; add_header X-A 1; location / { if ($arg_x) { add_header X-B 2; } } } }");
        Names(Location(site, "/").ResponseHeaders).ShouldBe("X-A");
        var branch = site.Locations.Single(l => l.Level == ConfigurationLevel.If);
        branch.Match.ShouldBe("($arg_x)");
        Names(branch.ResponseHeaders).ShouldBe("X-B");
    }

    [Fact]
    public void Add_header_inherit_merge_appends_inherited_headers_and_off_cancels_them()
    {
        var site = Bind("""
            http {
                add_header_inherit merge;
                add_header X-A 1;
                server {
                    listen 80;
                    server_name a.example.nl;
                    add_header X-B 2;
                    location /merged { add_header X-C 3; }
                    location /off { add_header_inherit off; }
                    location /on { add_header_inherit on; add_header X-D 4; }
                }
            }
            """);

        Names(site.ResponseHeaders).ShouldBe("X-B, X-A");
        Names(Location(site, "/merged").ResponseHeaders).ShouldBe("X-C, X-B, X-A");
        var off = Location(site, "/off").ResponseHeaders;
        off.Headers.ShouldBeEmpty();
        off.DefinedIn.ShouldBeNull();
        off.Dropped.Select(h => h.Name).ShouldBe(["X-B", "X-A"]);
        Names(Location(site, "/on").ResponseHeaders).ShouldBe("X-D");
    }

    [Fact]
    public void No_add_header_anywhere_gives_empty_sets()
    {
        var site = Bind("http { server { listen 80; server_name a.example.nl; location / { } } }");
        site.ResponseHeaders.Headers.ShouldBeEmpty();
        site.ResponseHeaders.DefinedIn.ShouldBeNull();
        Location(site, "/").ResponseHeaders.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public void Add_header_inherit_off_is_inherited_and_levels_that_change_nothing_share_their_set()
    {
        var site = Bind("""
            http {
                server {
                    listen 80;
                    server_name a.example.nl;
                    add_header_inherit off;
                    location /a {
                        add_header X-A 1;
                        location /a/b { }
                    }
                    location /c { }
                }
            }
            """);

        site.ResponseHeaders.Headers.ShouldBeEmpty();
        Names(Location(site, "/a").ResponseHeaders).ShouldBe("X-A");
        Location(site, "/a").ResponseHeaders.Dropped.ShouldBeEmpty();

        // "off" reaches /a/b, which has no add_header of its own: it drops what /a adds.
        var inner = Location(site, "/a/b").ResponseHeaders;
        inner.Headers.ShouldBeEmpty();
        inner.DefinedIn.ShouldBeNull();
        inner.Dropped.Select(h => h.Name).ShouldBe(["X-A"]);

        // Without headers so far, "off" drops nothing: /c's set is the server's, which is http's.
        var c = Location(site, "/c").ResponseHeaders;
        c.Headers.ShouldBeEmpty();
        c.Dropped.ShouldBeEmpty();
        c.ShouldBeSameAs(site.ResponseHeaders);
    }

    [Fact]
    public void Values_the_server_fills_in_per_request_are_told_apart_from_text()
    {
        var site = Bind("""
            http {
                map $scheme $sts { https "max-age=63072000"; default ""; }
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    add_header Strict-Transport-Security $sts always;
                    add_header Content-Security-Policy "default-src 'self' ${cdn}";
                    add_header X-Capture "$1";
                    add_header X-Price "5$ only";
                    add_header X-Trailing "costs $";
                    add_header X-Frame-Options DENY;
                }
            }
            """);

        site.ResponseHeaders.Headers.Select(h => (h.Name, h.ValueHasVariables)).ShouldBe(
        [
            ("Strict-Transport-Security", true),
            ("Content-Security-Policy", true),
            ("X-Capture", true),
            ("X-Price", false),
            ("X-Trailing", false),
            ("X-Frame-Options", false),
        ]);
    }

    [Fact]
    public void Apache_format_specifiers_and_expression_variables_are_values_filled_in_per_request()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Listen 443
            <VirtualHost *:443>
                ServerName a.example.nl
                SSLEngine on
                Header always set Strict-Transport-Security "%{HSTS}e"
                Header always set X-Timing "took %D us"
                Header always set X-Discount "100%% sure"
                Header always set X-Host "expr=%{HTTP_HOST}"
                Header always set X-Frame-Options "expr=DENY"
                Header always set X-Content-Type-Options nosniff
            </VirtualHost>
            """);
        var site = WebModelTests.Bind(files).BoundElementsOfType<WebSite>().Single();
        site.ResponseHeaders.Headers.Select(h => (h.Name, h.Value, h.ValueHasVariables)).ShouldBe(
        [
            ("Strict-Transport-Security", "%{HSTS}e", true),
            ("X-Timing", "took %D us", true),
            ("X-Discount", "100%% sure", false),
            ("X-Host", "%{HTTP_HOST}", true),
            ("X-Frame-Options", "DENY", false),
            ("X-Content-Type-Options", "nosniff", false),
        ]);
    }
}
