using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>The web model read through the real engine: sites, effective TLS values with their origins, certificate binding.</summary>
public class WebModelTests
{
    internal static InfrastructureModel Bind(InMemoryFileSystem files) =>
        new AuditEngine([]).Analyze(files, [.. files.Paths]).Model;

    internal static WebSite Site(InfrastructureModel model, string name) =>
        model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames.Any(n => n.Value == name));

    private static string Protocols(EffectiveValue<ImmutableArray<Located<TlsProtocol>>> value) =>
        string.Join(' ', value.Value.Select(p => p.Value.ToConfigurationName()));

    private static string At(Location location) => $"{location.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    private const string TwoServers = """
        http {
            ssl_protocols TLSv1.2;
            server {
                listen 443 ssl;
                server_name inherits.example.nl;
            }
            server {
                listen 443 ssl;
                server_name overrides.example.nl;
                ssl_protocols TLSv1 TLSv1.3;
            }
            server {
                listen 80;
                server_name plain.example.nl;
            }
        }
        """;

    private const string OneListen = "http {\n    server {\n        listen 443 ssl;\n        server_name a.example.nl;\n    }\n    server { server_name b.example.nl; }\n}\n";

    // A fresh binding's listen, whose location nothing has read yet.
    private static WebListen UnreadListen() => Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", OneListen)), "a.example.nl").Listens.Single();

    [Fact]
    public void A_listen_makes_its_location_when_read_and_equals_one_given_its_location()
    {
        var at = new Location("nginx/nginx.conf", new TextSpan(28, 15), 3, 9, 3, 24);
        var eager = new WebListen("*", 443, true, false, false, at);

        UnreadListen().GetHashCode().ShouldBe(eager.GetHashCode());
        UnreadListen().Equals(eager).ShouldBeTrue();
        eager.Equals(UnreadListen()).ShouldBeTrue();
        (UnreadListen() == eager).ShouldBeTrue();
        ((object)eager).Equals(UnreadListen()).ShouldBeTrue();
        UnreadListen().ToString().ShouldBe(eager.ToString());

        var listen = UnreadListen();
        listen.Location.ShouldBe(at);
        listen.Location.ShouldBeSameAs(listen.Location);
        var (address, port, ssl, isDefault, quic, location) = UnreadListen();
        (address, port, ssl, isDefault, quic, location).ShouldBe(("*", (int?)443, true, false, false, at));
        (UnreadListen() with { IsDefaultServer = true }).ShouldBe(eager with { IsDefaultServer = true });
        (UnreadListen() with { Location = null }).Location.ShouldBeNull();

        UnreadListen().Equals(eager with { Location = null }).ShouldBeFalse();
        (eager with { Location = null }).Equals(UnreadListen()).ShouldBeFalse();
        UnreadListen().Equals(eager with { Port = 8443 }).ShouldBeFalse();

        // nginx's implicit listen has no location.
        var implicitListen = Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", OneListen)), "b.example.nl").Listens.Single();
        implicitListen.ShouldBe(new WebListen("*", 80, false, false, false, (Location?)null));
        implicitListen.Location.ShouldBeNull();
        implicitListen.GetHashCode().ShouldBe(new WebListen("*", 80, false, false, false, (Location?)null).GetHashCode());
    }

    [Fact]
    public void A_listen_whose_port_is_a_template_placeholder_has_no_port()
    {
        // As the nginx image's templates/*.template files, which envsubst fills in before nginx starts: nginx itself
        // expands no variable in listen.
        const string Template = "http {\n    server {\n        listen ${NGINX_PORT};\n        listen 192.0.2.10:${ALT_PORT};\n        listen ${SSL_PORT} ssl;\n        listen ${BIND_ADDRESS}:443 ssl;\n        server_name results.example.nl;\n    }\n}\n";
        var site = Site(Bind(new InMemoryFileSystem().Add("nginx/templates/default.conf.template", Template)), "results.example.nl");
        site.Listens.Select(l => (l.Address, l.Port, l.IsSsl)).ShouldBe(
        [
            ("${NGINX_PORT}", (int?)null, false),
            ("192.0.2.10:${ALT_PORT}", null, false),
            ("${SSL_PORT}", null, true),
            ("${BIND_ADDRESS}", 443, true),
        ]);
        site.DisplayName.ShouldBe("results.example.nl");
    }

    [Fact]
    public void Server_inherits_ssl_protocols_from_http_and_its_own_directive_wins()
    {
        var model = Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", TwoServers));

        var inherits = Site(model, "inherits.example.nl").Tls!.Protocols;
        Protocols(inherits).ShouldBe("TLSv1.2");
        inherits.IsDefault.ShouldBeFalse();
        At(inherits.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,27)");
        At(inherits.Value[0].Location).ShouldBe("nginx/nginx.conf(2,19)-(2,26)");
        At(inherits.Scope).ShouldBe("nginx/nginx.conf(3,5)-(3,11)");

        var overrides = Site(model, "overrides.example.nl").Tls!.Protocols;
        Protocols(overrides).ShouldBe("TLSv1 TLSv1.3");
        At(overrides.Value[0].Location).ShouldBe("nginx/nginx.conf(10,23)-(10,28)");

        Site(model, "plain.example.nl").Tls.ShouldBeNull();
    }

    [Theory]
    [InlineData("1.22.1", "TLSv1 TLSv1.1 TLSv1.2")]
    [InlineData("1.23.4", "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3")]
    [InlineData("1.26.3", "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3")]
    [InlineData("1.27.3", "TLSv1.2 TLSv1.3")]
    [InlineData("1.28.0", "TLSv1.2 TLSv1.3")]
    [InlineData("1.8.1", "SSLv3 TLSv1 TLSv1.1 TLSv1.2")]
    public void Without_ssl_protocols_the_default_of_the_declared_version_applies(string version, string expected)
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n    }\n}\n")
            .Add("election.yml", $"version: 1\nelection:\n  name: E\nsoftware:\n  - name: nginx\n    version: {version}\n");
        var site = Site(Bind(files), "results.example.nl");

        var protocols = site.Tls!.Protocols;
        Protocols(protocols).ShouldBe(expected);
        protocols.IsDefault.ShouldBeTrue();
        protocols.Directive.ShouldBeNull();
        At(protocols.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,11)");
        protocols.DefaultDescription.ShouldBe($"the default \"ssl_protocols {expected};\" of nginx {version} (declared in the descriptor's software list)");
        At(site.DeclaredVersion!.Location!).ShouldBe($"election.yml(6,14)-(6,{14 + version.Length})");
    }

    [Fact]
    public void Without_a_declared_version_the_option_then_the_current_stable_release_is_assumed()
    {
        var site = Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", "http { server { listen 443 ssl; server_name a.example.nl; } }")), "a.example.nl");

        site.DeclaredVersion.ShouldBeNull();
        var stable = site.Tls!.GetProtocols(site.ResolveVersion());
        Protocols(stable).ShouldBe("TLSv1.2 TLSv1.3");
        stable.DefaultDescription.ShouldBe("the default \"ssl_protocols TLSv1.2 TLSv1.3;\" of nginx 1.30 (assumed: the current stable release, as no version is declared)");

        var fromOption = site.Tls.GetProtocols(site.ResolveVersion("1.24.0"));
        Protocols(fromOption).ShouldBe("TLSv1 TLSv1.1 TLSv1.2 TLSv1.3");
        fromOption.DefaultDescription.ShouldBe("the default \"ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\" of nginx 1.24.0 (from the rule option)");

        site.ResolveVersion("not a version").ShouldBe(WebServerVersion.NginxStable);
    }

    [Fact]
    public void Default_protocols_are_described_once_per_version_and_reported_at_each_site()
    {
        var model = Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", "http {\n    server { listen 443 quic reuseport default; server_name a.example.nl; }\n    server { listen 8443 ssl default_server; listen 80; server_name b.example.nl; }\n}\n"));
        var a = Site(model, "a.example.nl");
        var b = Site(model, "b.example.nl");

        a.Listens.Select(l => (l.Port, l.IsSsl, l.IsQuic, l.IsDefaultServer)).ShouldBe([((int?)443, true, true, true)]);
        b.Listens.Select(l => (l.Port, l.IsSsl, l.IsQuic, l.IsDefaultServer)).ShouldBe([((int?)8443, true, false, true), (80, false, false, false)]);

        var first = a.Tls!.GetProtocols(a.ResolveVersion());
        var second = b.Tls!.GetProtocols(b.ResolveVersion());
        second.DefaultDescription.ShouldBe(first.DefaultDescription);
        second.DefaultDescription.ShouldBeSameAs(first.DefaultDescription);
        At(first.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,11)");
        At(second.Location).ShouldBe("nginx/nginx.conf(3,5)-(3,11)");
        first.Value.Select(p => At(p.Location!)).Distinct().ShouldBe(["nginx/nginx.conf(2,5)-(2,11)"]);

        // Another version, or the same version from another source, is described on its own.
        a.Tls.GetProtocols(a.ResolveVersion("1.30.0")).DefaultDescription.ShouldBe("the default \"ssl_protocols TLSv1.2 TLSv1.3;\" of nginx 1.30.0 (from the rule option)");
        a.Tls.GetProtocols(a.ResolveVersion("1.22.1")).DefaultDescription.ShouldBe("the default \"ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\" of nginx 1.22.1 (from the rule option)");
    }

    [Fact]
    public void Several_ssl_protocols_directives_at_one_level_add_up_like_nginx_bitmask_slots()
    {
        var site = Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", "http { server { listen 443 ssl; server_name a.example.nl; ssl_protocols TLSv1.2; ssl_protocols TLSv1.3; } }")), "a.example.nl");
        Protocols(site.Tls!.Protocols).ShouldBe("TLSv1.2 TLSv1.3");
    }

    [Fact]
    public void Tls_values_record_their_directive_or_the_documented_default()
    {
        const string Config = """
            http {
                ssl_session_tickets off;
                resolver 192.0.2.53 valid=300s;
                server {
                    listen 443 ssl http2;
                    listen [::]:443 ssl default_server;
                    server_name results.example.nl;
                    ssl_ciphers ECDHE+AESGCM:AES256-SHA;
                    ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;
                    ssl_early_data on;
                    ssl_stapling on;
                }
            }
            """;
        var site = Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", Config)), "results.example.nl");
        var tls = site.Tls!;

        site.Listens.Select(l => (l.Address, l.Port, l.IsSsl, l.IsDefaultServer)).ShouldBe([("*", (int?)443, true, false), ("[::]", (int?)443, true, true)]);
        site.IsDefaultServer.ShouldBeTrue();
        site.Key.ShouldBe("server:results.example.nl:443");
        tls.SessionTickets.Value.ShouldBeFalse();
        At(tls.SessionTickets.Location).ShouldBe("nginx/nginx.conf(2,5)-(2,29)");
        tls.Resolver.Value.ShouldBe(["192.0.2.53"]);
        tls.CipherString.Value.ShouldBe("ECDHE+AESGCM:AES256-SHA");
        tls.Ciphers.Suites.Select(s => s.Name).ShouldContain("AES256-SHA");
        tls.Tls13CipherSuites.Value.Select(s => s.StandardName).ShouldBe(["TLS_AES_256_GCM_SHA384"]);
        tls.Ciphers.Tls13Suites.Select(s => s.StandardName).ShouldBe(["TLS_AES_256_GCM_SHA384"]);
        tls.EarlyData.Value.ShouldBeTrue();
        tls.Stapling.Value.ShouldBeTrue();
        tls.PreferServerCiphers.IsDefault.ShouldBeTrue();
        tls.PreferServerCiphers.DefaultDescription.ShouldBe("nginx's default \"ssl_prefer_server_ciphers off;\"");
        tls.DhParameters.Value.ShouldBeNull();
        tls.DhParameters.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Tls_values_from_envsubst_placeholders_are_unknown_with_the_value_that_applies_without_them()
    {
        // The nginx Docker image renders /etc/nginx/templates/*.template with envsubst before nginx starts; nginx reads
        // none of these directives' values with variables, so a "$" there can only be such a placeholder.
        const string Config = """
            http {
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_session_tickets off;
                server {
                    listen 443 ssl;
                    server_name results.example.nl;
                    ssl_protocols ${SSL_PROTOCOLS};
                    ssl_ciphers ${SSL_CIPHERS};
                    ssl_conf_command Ciphersuites $TLS13_SUITES;
                    ssl_session_tickets ${TICKETS};
                    ssl_stapling ${STAPLING};
                    ssl_early_data ${EARLY_DATA};
                }
            }
            """;
        var tls = Site(Bind(new InMemoryFileSystem().Add("nginx/templates/default.conf.template", Config)), "results.example.nl").Tls!;

        var protocols = tls.Protocols;
        protocols.IsUnknown.ShouldBeTrue();
        protocols.IsDefault.ShouldBeFalse();
        protocols.Origin.ShouldBe(ValueOrigin.Directive);
        protocols.Value.ShouldBeEmpty();
        At(protocols.Location).ShouldBe("nginx/templates/default.conf.template(7,9)-(7,40)");
        protocols.DescribeOrigin().ShouldBe("set at nginx/templates/default.conf.template:7 from a placeholder filled in when the server is deployed or started");

        tls.CipherString.IsUnknown.ShouldBeTrue();
        tls.CipherString.Value.ShouldBe("HIGH:!aNULL:!MD5");
        At(tls.CipherString.Location).ShouldBe("nginx/templates/default.conf.template(8,9)-(8,36)");
        tls.Tls13CipherSuites.IsUnknown.ShouldBeTrue();
        At(tls.Tls13CipherSuites.Location).ShouldBe("nginx/templates/default.conf.template(9,9)-(9,53)");

        // The flags fall back to nginx's default, not to the http level's "ssl_session_tickets off": Flag reads the
        // nearest directive, and the server's own is the placeholder.
        tls.SessionTickets.IsUnknown.ShouldBeTrue();
        tls.SessionTickets.Value.ShouldBeTrue();
        At(tls.SessionTickets.Location).ShouldBe("nginx/templates/default.conf.template(10,9)-(10,40)");
        tls.Stapling.IsUnknown.ShouldBeTrue();
        tls.EarlyData.IsUnknown.ShouldBeTrue();
        tls.PreferServerCiphers.IsUnknown.ShouldBeFalse();
        tls.PreferServerCiphers.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Default_cipher_string_is_nginx_HIGH_without_aNULL_and_MD5()
    {
        var tls = Site(Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", "http { server { listen 443 ssl; server_name a.example.nl; } }")), "a.example.nl").Tls!;
        tls.CipherString.Value.ShouldBe("HIGH:!aNULL:!MD5");
        tls.CipherString.DefaultDescription.ShouldBe("nginx's default \"ssl_ciphers HIGH:!aNULL:!MD5;\"");
        tls.Tls13CipherSuites.Value.Select(s => s.StandardName).ShouldBe(["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"]);
    }

    [Fact]
    public void Only_main_configurations_are_loaded_on_their_own_and_included_sites_bind_once()
    {
        var files = new InMemoryFileSystem()
            .Add("web/nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*.conf;\n}\n")
            .Add("web/nginx/sites-enabled/results.conf", "server {\n    listen 443 ssl;\n    server_name results.example.nl;\n}\n")
            .Add("web/other/standalone.conf", "server {\n    listen 80;\n    server_name standalone.example.nl;\n    location / { root /srv; }\n}\n");
        var model = Bind(files);

        model.BoundElementsOfType<WebSite>().Select(s => (s.Key, s.Location.Path, s.Location.StartLine)).ShouldBe(
        [
            ("server:results.example.nl:443", "web/nginx/sites-enabled/results.conf", 1),
            ("server:standalone.example.nl:80", "web/other/standalone.conf", 1),
        ]);
        model.SyntaxTrees.Select(t => t.Source.Path).ShouldBe(["web/nginx/nginx.conf", "web/nginx/sites-enabled/results.conf", "web/other/standalone.conf"]);
    }

    [Fact]
    public void Unresolved_includes_are_reported_as_EA0003()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", "http {\n    include missing.conf;\n}\n");
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths]);
        result.Findings.Select(f => (f.RuleId, At(f.Location))).ShouldBe([("EA0003", "nginx/nginx.conf(2,13)-(2,25)")]);
    }

    [Fact]
    public void Sites_link_to_the_descriptor_by_host_name()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "http {\n server { listen 443 ssl; server_name www.example.nl results.example.nl; }\n server { listen 443 ssl; server_name .info.example.nl; }\n server { listen 443 ssl; server_name other.example.nl; }\n server { listen 443 ssl; server_name staff.example.nl; }\n server { listen 443 ssl; server_name archive.example.nl; }\n}\n")
            .Add("election.yml", "version: 1\nelection:\n  name: E\nsites:\n  - name: results\n    hosts: [results.example.nl]\n    role: results\n  - name: info\n    hosts: [info.example.nl]\n    role: info\n  - name: staff\n    hosts: [staff.example.nl]\n    role: internal\n    official: true\n  - name: archive\n    hosts: [archive.example.nl]\n    role: archive\n");
        var model = Bind(files);

        Site(model, "results.example.nl").DescriptorSite!.Name.ShouldBe("results");
        Site(model, ".info.example.nl").DescriptorSite!.Name.ShouldBe("info");
        Site(model, "other.example.nl").DescriptorSite.ShouldBeNull();

        // role: results is a results site; it, info, registration and official: true are official (RULES.md, EA3xxx severity).
        string[] names = ["results.example.nl", ".info.example.nl", "staff.example.nl", "archive.example.nl", "other.example.nl"];
        names.Select(n => (n, Site(model, n).IsResultsSite, Site(model, n).IsOfficialSite)).ShouldBe(
        [
            ("results.example.nl", true, true),
            (".info.example.nl", false, true),
            ("staff.example.nl", false, true),
            ("archive.example.nl", false, false),
            ("other.example.nl", false, false),
        ]);
    }
}
