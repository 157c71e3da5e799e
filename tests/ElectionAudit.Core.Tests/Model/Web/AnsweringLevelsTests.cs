using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>
/// <see cref="WebSite.AnsweringLevels"/> and <see cref="WebSettings.AcceptsOnlyListedClients"/>: which levels of a site can
/// answer a request, and whether each accepts only listed clients, with what includes bring in counted where the include is.
/// </summary>
public class AnsweringLevelsTests
{
    private static string At(Location location) => $"{location.Path}({location.StartLine},{location.StartColumn})";

    private static WebSite Bind(string config, params (string Path, string Text)[] more)
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", config);
        foreach (var (path, text) in more)
        {
            files.Add(path, text);
        }

        return WebModelTests.Bind(files).BoundElementsOfType<WebSite>().Single();
    }

    [Fact]
    public void The_server_level_answers_when_no_location_catches_every_request()
    {
        var site = Bind("http {\n    server {\n        listen 443 ssl;\n        server_name r.example.nl;\n        location /api/ { }\n        location ~ \\.json$ { }\n    }\n}\n");

        site.AnsweringLevels().Select(l => At(l.Scope)).ShouldBe(["nginx/nginx.conf(2,5)", "nginx/nginx.conf(5,9)", "nginx/nginx.conf(6,9)"]);
    }

    [Theory]
    [InlineData("location / { }")]
    [InlineData("location ^~ / { }")]
    public void A_root_prefix_location_leaves_no_request_to_the_server_level(string root)
    {
        var site = Bind($"http {{\n    server {{\n        server_name r.example.nl;\n        {root}\n        location /api/ {{ }}\n    }}\n}}\n");

        site.AnsweringLevels().Select(l => At(l.Scope)).ShouldBe(["nginx/nginx.conf(4,9)", "nginx/nginx.conf(5,9)"]);
    }

    [Fact]
    public void An_exact_root_location_is_not_a_catch_all()
    {
        var site = Bind("http {\n    server {\n        server_name r.example.nl;\n        location = / { }\n    }\n}\n");

        site.AnsweringLevels().Select(l => At(l.Scope)).ShouldBe(["nginx/nginx.conf(2,5)", "nginx/nginx.conf(4,9)"]);
    }

    [Fact]
    public void Allow_and_deny_all_from_a_server_level_include_reach_every_location_without_its_own_rules()
    {
        var site = Bind(
            "http {\n    server {\n        server_name r.example.nl;\n        include snippets/cdn-only.conf;\n        location /live/ { expires 30s; }\n        location /open/ { allow all; }\n    }\n}\n",
            ("nginx/snippets/cdn-only.conf", "allow 203.0.113.0/24;\ndeny all;\n"));

        var levels = site.AnsweringLevels().ToList();
        levels.Select(l => l.AcceptsOnlyListedClients).ShouldBe([true, true, false]);
        levels[1].AccessRules.Select(r => (r.Allows, r.Address, At(r.Directive.GetLocation()))).ShouldBe(
        [
            (true, "203.0.113.0/24", "nginx/snippets/cdn-only.conf(1,1)"),
            (false, "all", "nginx/snippets/cdn-only.conf(2,1)"),
        ]);
    }

    [Theory]
    [InlineData("allow 203.0.113.0/24;\n        deny all;", true)]
    [InlineData("deny all;", true)]
    [InlineData("deny all;\n        allow 203.0.113.0/24;", true)]
    [InlineData("deny 192.0.2.1;\n        allow all;", false)]
    [InlineData("allow all;\n        deny all;", false)]
    [InlineData("allow 203.0.113.0/24;", false)]
    [InlineData("auth_basic \"Office\";", false)]
    [InlineData("", false)]
    public void Only_clients_listed_before_the_first_rule_for_all_get_in_when_that_rule_denies(string rules, bool expected)
    {
        // ngx_http_access_module: "The rules are checked in sequence until the first match is found."
        var site = Bind($"http {{\n    server {{\n        server_name r.example.nl;\n        {rules}\n    }}\n}}\n");

        site.Settings!.AcceptsOnlyListedClients.ShouldBe(expected);
    }
}
