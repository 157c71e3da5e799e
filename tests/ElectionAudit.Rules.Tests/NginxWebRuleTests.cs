using ElectionAudit.Engine;
using ElectionAudit.Rules.Web;

using static ElectionAudit.Rules.Tests.WebRuleScan;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The nginx half of EA3016's escalation where fixtures cannot show it: a served <c>.git</c> folder in the results
/// site's root is an error (a <c>.git</c> folder cannot be committed as a fixture); and EA3015's message for a
/// placeholder port.
/// </summary>
public class NginxWebRuleTests
{
    private const string Server = "http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        root /srv/results;\n    }\n}\n";

    [Theory]
    [InlineData(true, true, Severity.Error)]
    [InlineData(true, false, Severity.Warning)]
    [InlineData(false, true, Severity.Warning)]
    public void A_served_git_folder_in_the_results_root_is_an_error(bool resultsSite, bool gitInScan, Severity expected)
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", Server)
            .Add("srv/results/index.html", "<p>results</p>\n");
        if (resultsSite)
        {
            files.Add("election.yml", ResultsSiteDescriptor);
        }

        if (gitInScan)
        {
            files.Add("srv/results/.git/HEAD", "ref: refs/heads/main\n");
        }

        var finding = Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldHaveSingleItem();
        finding.Severity.ShouldBe(expected);
        (finding.Location.Path, finding.Location.StartLine, finding.Location.StartColumn).ShouldBe(("nginx/nginx.conf", 2, 5));
        var evidence = expected == Severity.Error ? " The results site's document root holds a Git checkout (srv/results/.git/HEAD), so its whole history can be downloaded." : string.Empty;
        finding.Message.ShouldBe($"Requests for /.git/config and /.env on results.example.nl:443 are handled by the server level, which does not deny them.{evidence} Add \"location ~ /\\.(?!well-known/) {{ deny all; }}\" to this server.");
        if (expected == Severity.Error)
        {
            var related = finding.RelatedLocations.ShouldHaveSingleItem();
            (related.Location.StartLine, related.Location.StartColumn).ShouldBe((5, 9));
            related.Message.ShouldBe("\"/srv/results\" maps /.git/HEAD to srv/results/.git/HEAD");
        }
        else
        {
            finding.RelatedLocations.ShouldBeEmpty();
        }
    }

    [Fact]
    public void A_placeholder_port_is_named_as_written_and_as_a_placeholder()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", Server.Replace("listen 443 ssl;", "listen ${SSL_PORT} ssl;", StringComparison.Ordinal));

        var finding = Scan(new EA3015DefaultContentOrUnknownHostServed(), files).ShouldHaveSingleItem();
        (finding.Location.StartLine, finding.Location.StartColumn).ShouldBe((2, 5));
        finding.Message.ShouldBe("No server is marked default_server for the address written as \"${SSL_PORT}\" (a placeholder filled in when the server is deployed), so nginx uses the first one there, results.example.nl, for requests with any unknown host name. Add a default server that refuses them (\"listen ... default_server; return 444;\", and \"ssl_reject_handshake on;\" for TLS).");
    }

    public static TheoryData<string, string> LoopbackListens => new()
    {
        { "EA3001", "listen 127.0.0.1:80;" },
        { "EA3001", "listen localhost:80;" },
        { "EA3002", "listen [::1]:443 ssl;" },
        { "EA3003", "listen 127.0.0.2:443 ssl;" },
        { "EA3004", "listen 127.0.0.1:443 ssl;" },
        { "EA3011", "listen unix:/run/nginx/results.sock;" },
        { "EA3012", "listen 127.0.0.1:8080;\n        listen [::ffff:127.0.0.1]:8080;" },
        { "EA3015", "listen 127.0.0.1:8080;" },
    };

    [Theory]
    [MemberData(nameof(LoopbackListens))]
    public void A_back_end_that_only_listens_on_loopback_is_left_to_the_front_end(string ruleId, string loopbackListen)
    {
        // The same server on a network address gets the rule's finding; behind a local proxy, only the proxy faces clients.
        // Its HSTS header is too short (EA3003) and not preload-ready (EA3004); EA3002's case has none.
        const string Config = "http {\n    server {\n        LISTEN\n        server_name example.nl;\n        root /srv/results;\n        add_header Strict-Transport-Security \"max-age=600\" always;\n    }\n}\n";
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == ruleId));
        var publicListen = loopbackListen.Replace("127.0.0.2", "192.0.2.10", StringComparison.Ordinal).Replace("127.0.0.1", "192.0.2.10", StringComparison.Ordinal)
            .Replace("[::1]", "[2001:db8::10]", StringComparison.Ordinal).Replace("localhost", "192.0.2.10", StringComparison.Ordinal).Replace("unix:/run/nginx/results.sock", "8080", StringComparison.Ordinal)
            .Replace("[::ffff:192.0.2.10]", "[::ffff:192.0.2.11]", StringComparison.Ordinal);
        Files(publicListen).ShouldNotBeEmpty();
        Files(loopbackListen).ShouldBeEmpty();

        IReadOnlyList<Finding> Files(string listen) => Scan(rule, new InMemoryFileSystem()
            .Add("nginx/nginx.conf", Config.Replace("LISTEN", listen, StringComparison.Ordinal).Replace(ruleId == "EA3002" ? "add_header" : "\0", "# add_header", StringComparison.Ordinal))
            .Add("election.yml", "version: 1\nelection:\n  name: Test\n  date: 2027-03-17\ndns:\n  zones:\n    - name: example.nl.\n"));
    }

    [Fact]
    public void A_git_folder_the_server_denies_is_no_finding()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", Server.Replace("root /srv/results;\n", "root /srv/results;\n        location ~ /\\.(?!well-known/) { deny all; }\n", StringComparison.Ordinal))
            .Add("srv/results/index.html", "<p>results</p>\n")
            .Add("srv/results/.git/HEAD", "ref: refs/heads/main\n")
            .Add("election.yml", ResultsSiteDescriptor);
        Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldBeEmpty();
    }

    [Fact]
    public void A_listen_port_from_a_template_placeholder_is_not_taken_for_plain_http_on_port_80()
    {
        // "listen ${NGINX_PORT};" alone used to read as an address with nginx's default port: an EA3001 error for plain
        // HTTP on port 80, a port the rendered file may not use.
        const string Template = "http {\n    server {\n        listen ${NGINX_PORT};\n        server_name results.example.nl;\n        root /srv/results;\n    }\n    server {\n        listen 80;\n        server_name www.example.nl;\n        root /srv/www;\n    }\n}\n";
        var findings = Scan(new EA3001NoHttpToHttpsRedirect(), new InMemoryFileSystem().Add("nginx/templates/default.conf.template", Template));
        findings.Select(f => (f.Location.StartLine, f.Message)).ShouldBe(
        [
            (7, "www.example.nl:80 answers plain HTTP on port 80 (the listen at line 8) and serves content instead of redirecting. Add \"return 301 https://$host$request_uri;\" to this server (and serve the site from a separate listen 443 ssl server)."),
        ]);
    }

    [Fact]
    public void Header_findings_keep_their_logical_keys_and_messages()
    {
        // CheckHeader lowers the header name once per name and keeps each key as its parts; the keys must read as the
        // joined strings did: missing at the server, missing at a level, dropped at a level, and a rejected value.
        const string Nginx = """
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    add_header Content-Security-Policy "default-src 'self'; script-src 'unsafe-inline'" always;
                    location /live/ {
                        add_header Cache-Control "no-store";
                    }
                }
                server {
                    listen 443 ssl;
                    server_name b.example.nl;
                    location / {
                        add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'" always;
                    }
                    location /feed/ {
                        return 200 "x";
                    }
                    location /api/ {
                        proxy_pass http://127.0.0.1:8080;
                    }
                }
                server {
                    listen 443 ssl;
                    server_name c.example.nl;
                    root /srv/c;
                }
            }
            """;
        var findings = Scan(new EA3005CspMissingOrUnsafe(), new InMemoryFileSystem().Add("nginx/nginx.conf", Nginx))
            .OrderBy(f => f.Location.StartLine).ToList();
        findings.Select(f => (f.Location.StartLine, f.LogicalKey)).ShouldBe([
            (5, "server:a.example.nl:443/content-security-policy-value"),
            (6, "server:a.example.nl:443/location /live//content-security-policy"),
            (19, "server:b.example.nl:443/location /api//content-security-policy"),
            (23, "server:c.example.nl:443/content-security-policy"),
        ]);
        findings.Select(f => f.Message).ShouldBe([
            "The Content-Security-Policy of a.example.nl:443 allows 'unsafe-inline'; lacks frame-ancestors, base-uri, form-action.",
            "Requests handled by location /live/ of a.example.nl:443 get no Content-Security-Policy header: this block has its own add_header, so nginx drops the Content-Security-Policy set at nginx/nginx.conf:5. Repeat it here (or include the shared headers snippet).",
            "Requests handled by location /api/ of b.example.nl:443 get no Content-Security-Policy header: add a policy such as \"default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'\".",
            "No Content-Security-Policy header applies to c.example.nl:443: add a policy such as \"default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'\".",
        ]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void A_header_that_reaches_every_level_is_judged_once_however_many_levels(int locations)
    {
        // The levels are the server, the proxied locations and /own/. The headers found per level are kept on the stack
        // for up to four levels (up to two proxied locations) and in an array past that; either way
        // a header inherited by every location is one finding, and a location with its own add_header is its own.
        var nginx = new System.Text.StringBuilder("http {\n    server {\n        listen 443 ssl;\n        server_name a.example.nl;\n");
        nginx.Append("        add_header Content-Security-Policy \"default-src *\" always;\n");
        for (int i = 0; i < locations; i++)
        {
            nginx.Append(System.Globalization.CultureInfo.InvariantCulture, $"        location /l{i}/ {{ proxy_pass http://127.0.0.1:80{i % 10}; }}\n");
        }

        nginx.Append("        location /own/ {\n            add_header Content-Security-Policy \"default-src 'unsafe-eval'\" always;\n        }\n    }\n}\n");
        var findings = Scan(new EA3005CspMissingOrUnsafe(), new InMemoryFileSystem().Add("nginx/nginx.conf", nginx.ToString()));
        findings.Select(f => (f.Location.StartLine, f.LogicalKey)).ShouldBe([
            (5, "server:a.example.nl:443/content-security-policy-value"),
            (7 + locations, "server:a.example.nl:443/content-security-policy-value"),
        ]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(40)]
    public void FirstHeadersAtContentLevels_gives_what_the_query_over_the_content_levels_gave(int ownHeaders)
    {
        // Levels that inherit the server's header, levels with their own (a set takes over from looking through the list
        // past 16), an empty-valued header, a location that refuses everyone, and a second site with a root location.
        var nginx = new System.Text.StringBuilder("http {\n    server {\n        listen 443 ssl;\n        server_name a.example.nl;\n");
        nginx.Append("        add_header Strict-Transport-Security \"max-age=1\" always;\n        add_header X-Frame-Options DENY;\n");
        nginx.Append("        location /inherits/ { proxy_pass http://127.0.0.1:8080; }\n        location /denied/ { deny all; add_header Strict-Transport-Security \"max-age=9\"; }\n");
        nginx.Append("        location /empty/ { add_header Strict-Transport-Security \"\"; }\n");
        for (int i = 0; i < ownHeaders; i++)
        {
            nginx.Append(System.Globalization.CultureInfo.InvariantCulture, $"        location /own{i}/ {{ add_header Strict-Transport-Security \"max-age={i}\"; add_header strict-transport-security \"max-age={i}; preload\"; }}\n");
        }

        nginx.Append("    }\n    server {\n        listen 443 ssl;\n        server_name b.example.nl;\n        add_header Strict-Transport-Security \"max-age=2\";\n");
        nginx.Append("        location / { add_header Strict-Transport-Security \"max-age=3\"; }\n        location /x/ { proxy_pass http://127.0.0.1:8081; }\n    }\n}\n");
        var rule = new HeadersAtContentLevelsProbe();
        Scan(rule, new InMemoryFileSystem().Add("nginx/nginx.conf", nginx.ToString())).ShouldBeEmpty();
        rule.Sites.ShouldBe(2);
        rule.Headers.ShouldBe(1 + ownHeaders + 2);
    }

    /// <summary>Holds <see cref="WebRuleSupport.FirstHeadersAtContentLevels"/> to the query it replaced, for every site and a few names.</summary>
    private sealed class HeadersAtContentLevelsProbe : AuditRule
    {
        private static readonly RuleDescriptor Descriptor = new(
            "EA9999", "probe", "{0}", Severity.Note, "A test probe.", 1.0, RulePrecision.High, [], [Syntax.InputFormat.Nginx]);

        public int Sites { get; private set; }

        public int Headers { get; private set; }

        public override System.Collections.Immutable.ImmutableArray<RuleDescriptor> SupportedRules => [Descriptor];

        public override void Initialize(RuleContext context) => context.RegisterElementAction<Model.Web.WebSite>(ctx =>
        {
            foreach (var name in new[] { "Strict-Transport-Security", "X-Frame-Options", "Content-Security-Policy" })
            {
                var expected = WebRuleSupport.ContentLevels(ctx.Element).Select(l => l.Headers.Find(name)).OfType<Model.Web.ResponseHeader>().Distinct().ToList();
                var headers = WebRuleSupport.FirstHeadersAtContentLevels(ctx.Element, name);
                if (expected.Count == 0)
                {
                    headers.ShouldBeNull();
                }
                else
                {
                    headers.ShouldNotBeNull().ShouldBe(expected);
                    Headers += name == "Strict-Transport-Security" ? headers.Count : 0;
                }
            }

            Sites++;
        });
    }
}
