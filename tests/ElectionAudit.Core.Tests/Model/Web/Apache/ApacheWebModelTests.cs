using System.Collections.Immutable;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>The Apache side of the web model, read through the real engine: sites, effective TLS values with their origins, headers.</summary>
public class ApacheWebModelTests(ITestOutputHelper output)
{
    private static InfrastructureModel Bind(InMemoryFileSystem files) =>
        new AuditEngine([]).Analyze(files, [.. files.Paths]).Model;

    private static WebSite Site(InfrastructureModel model, string name) =>
        model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames.Any(n => n.Value == name));

    private static string Protocols(EffectiveValue<ImmutableArray<Located<TlsProtocol>>> value) =>
        string.Join(' ', value.Value.Select(p => p.Value.ToConfigurationName()));

    private static string At(Location location) => $"{location.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    private const string Main = """
        ServerRoot "/etc/apache2"
        ServerName main.example.nl
        Listen 80
        Listen 443
        <IfModule mod_ssl.c>
            SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1
            SSLCipherSuite HIGH:!aNULL
        </IfModule>
        SSLSessionTickets off
        Header always set X-Content-Type-Options nosniff
        IncludeOptional sites-enabled/*.conf
        """;

    private const string Sites = """
        <VirtualHost *:80>
            ServerName www.example.nl
            Redirect permanent / https://www.example.nl/
        </VirtualHost>
        <VirtualHost *:443>
            ServerName https://www.example.nl:443
            ServerAlias example.nl
            SSLEngine on
            SSLCertificateFile /etc/apache2/ssl/www.pem
            SSLCertificateKeyFile /etc/apache2/ssl/www.key
            Header always set Strict-Transport-Security "max-age=63072000"
            <Location /admin>
                Header always unset Strict-Transport-Security
                Header set Cache-Control no-store
            </Location>
        </VirtualHost>
        <VirtualHost *:443>
            ServerName old.example.nl
            SSLEngine on
            SSLProtocol TLSv1.1 +TLSv1.2
            SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384
            SSLSessionTickets on
            SSLCompression on
        </VirtualHost>
        """;

    private static InMemoryFileSystem Files() => new InMemoryFileSystem()
        .Add("apache2/apache2.conf", Main)
        .Add("apache2/sites-enabled/sites.conf", Sites);

    [Fact]
    public void Every_virtual_host_is_a_site_with_its_names_listens_and_default()
    {
        var model = Bind(Files());
        var sites = model.BoundElementsOfType<WebSite>().ToList();

        // Both Listen ports are covered by virtual hosts, so the main server serves nothing itself.
        sites.Select(s => s.Key).ShouldBe(["vhost:www.example.nl:80", "vhost:www.example.nl:443", "vhost:old.example.nl:443"]);
        sites.ShouldAllBe(s => s.Software == "apache");

        var www = sites[1];
        www.ServerNames.Select(n => n.Value).ShouldBe(["www.example.nl", "example.nl"]);
        At(www.ServerNames[0].Location).ShouldBe("apache2/sites-enabled/sites.conf(6,16)-(6,42)");
        At(www.Location).ShouldBe("apache2/sites-enabled/sites.conf(5,1)-(5,13)");
        www.Listens.Single().ShouldBe(www.Listens[0] with { Address = "*", Port = 443, IsSsl = true, IsDefaultServer = true });

        // The second *:443 host is not the default: httpd takes the first one for an address.
        sites[2].Listens.Single().IsDefaultServer.ShouldBeFalse();
        sites[0].Tls.ShouldBeNull();
        sites[0].Listens.Single().IsSsl.ShouldBeFalse();
    }

    [Fact]
    public void Virtual_host_inherits_the_main_server_tls_settings_and_its_own_win()
    {
        var model = Bind(Files());

        var www = Site(model, "example.nl").Tls!;
        Protocols(www.Protocols).ShouldBe("TLSv1.2 TLSv1.3");
        www.Protocols.IsDefault.ShouldBeFalse();
        www.Protocols.Condition.ShouldBe("<IfModule mod_ssl.c>");
        At(www.Protocols.Location).ShouldBe("apache2/apache2.conf(6,5)-(6,43)");
        www.CipherString.Value.ShouldBe("HIGH:!aNULL");
        www.CipherString.IsConditional.ShouldBeTrue();
        www.SessionTickets.Value.ShouldBeFalse();
        www.SessionTickets.IsConditional.ShouldBeFalse();
        At(www.SessionTickets.Location).ShouldBe("apache2/apache2.conf(9,1)-(9,22)");
        www.Stapling.IsDefault.ShouldBeTrue();
        www.Stapling.DefaultDescription.ShouldBe("Apache 2.4's default \"SSLUseStapling off\"");
        At(www.Stapling.Scope).ShouldBe("apache2/sites-enabled/sites.conf(5,1)-(5,13)");
        www.Compression!.Value.ShouldBeFalse();
        www.Compression.IsDefault.ShouldBeTrue();
        www.Tls13CipherSuites.IsDefault.ShouldBeTrue();

        var old = Site(model, "old.example.nl").Tls!;
        Protocols(old.Protocols).ShouldBe("TLSv1.1 TLSv1.2");
        At(old.Protocols.Value[0].Location).ShouldBe("apache2/sites-enabled/sites.conf(20,17)-(20,24)");
        At(old.Protocols.Value[1].Location).ShouldBe("apache2/sites-enabled/sites.conf(20,25)-(20,33)");
        old.Protocols.Condition.ShouldBeNull();
        old.Tls13CipherSuites.Value.Select(s => s.Name).ShouldBe(["TLS_AES_256_GCM_SHA384"]);
        old.CipherString.Value.ShouldBe("HIGH:!aNULL");
        old.SessionTickets.Value.ShouldBeTrue();
        old.Compression!.Value.ShouldBeTrue();
        At(old.Compression.Location).ShouldBe("apache2/sites-enabled/sites.conf(23,5)-(23,22)");
    }

    [Fact]
    public void Defaults_name_the_apache_default_and_the_version_assumed()
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/site.conf", """
            <VirtualHost *:443>
                ServerName www.example.nl
                SSLEngine on
            </VirtualHost>
            """));

        var tls = Site(model, "www.example.nl").Tls!;
        Protocols(tls.Protocols).ShouldBe("TLSv1 TLSv1.1 TLSv1.2 TLSv1.3");
        tls.Protocols.DefaultDescription.ShouldBe("the default \"SSLProtocol all -SSLv3\" of apache 2.4 (assumed: the current stable release, as no version is declared)");
        tls.CipherString.Value.ShouldBe("DEFAULT");
        tls.SessionTickets.Value.ShouldBeTrue();
        tls.SessionTickets.IsDefault.ShouldBeTrue();
        tls.InsecureRenegotiation!.Value.ShouldBeFalse();
        tls.DhParameters.Value.ShouldBeNull();
        tls.Certificates.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("all -SSLv3", "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3")]
    [InlineData("-all +TLSv1.2 +TLSv1.3", "TLSv1.2 TLSv1.3")]
    [InlineData("all -TLSv1 -TLSv1.1", "TLSv1.2 TLSv1.3")]
    [InlineData("TLSv1 +TLSv1.3", "TLSv1.3")]
    [InlineData("TLSv1 TLSv1.2", "TLSv1.2")]
    [InlineData("+TLSv1 +TLSv1.1 +TLSv1.2", "TLSv1 TLSv1.1 TLSv1.2")]
    [InlineData("all -TLSv1.2", "TLSv1.3")]
    [InlineData("tlsv1.2 +TLSV1.3", "TLSv1.2 TLSv1.3")]
    [InlineData("-all", "")]
    public void SSLProtocol_enables_the_contiguous_range_below_the_highest_protocol_as_mod_ssl_does(string value, string expected)
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/site.conf", $"<VirtualHost *:443>\n    ServerName www.example.nl\n    SSLEngine on\n    SSLProtocol {value}\n</VirtualHost>\n"));

        Protocols(Site(model, "www.example.nl").Tls!.Protocols).ShouldBe(expected);
    }

    [Fact]
    public void OpenSSL_min_and_max_protocol_commands_bound_the_range()
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/site.conf", """
            <VirtualHost *:443>
                ServerName www.example.nl
                SSLEngine on
                SSLOpenSSLConfCmd MinProtocol TLSv1.1
            </VirtualHost>
            """));

        var protocols = Site(model, "www.example.nl").Tls!.Protocols;
        Protocols(protocols).ShouldBe("TLSv1.1 TLSv1.2 TLSv1.3");
        protocols.IsDefault.ShouldBeFalse();
        At(protocols.Location).ShouldBe("sites-available/site.conf(4,5)-(4,42)");
        At(protocols.Value[0].Location).ShouldBe("sites-available/site.conf(4,35)-(4,42)");
    }

    [Fact]
    public void The_protocols_function_an_endpoint_keeps_holds_only_the_directives_it_reads_and_the_scope()
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/site.conf", """
            <VirtualHost *:443>
                ServerName www.example.nl
                SSLEngine on
                SSLProtocol -all +TLSv1.2 +TLSv1.3
                SSLOpenSSLConfCmd MaxProtocol TLSv1.2
                SSLCipherSuite HIGH:!aNULL
            </VirtualHost>
            """));
        var site = Site(model, "www.example.nl");
        var tls = site.Tls!;

        // The endpoint lives to the end of the scan; a closure shared with the binder's locals kept the bind state and
        // both levels' directive lists alive with it.
        var protocols = (Delegate)typeof(TlsEndpoint).GetField("_protocols", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(tls)!;
        // (Besides them, the closure caches its own inner lambdas.)
        var captured = protocols.Target!.GetType().GetFields().Where(f => !typeof(Delegate).IsAssignableFrom(f.FieldType)).Select(f => f.GetValue(protocols.Target)).ToList();
        captured.Count.ShouldBe(4);
        captured.OfType<ElectionAudit.Syntax.Apache.ApacheConfigurationNode>().Select(n => n.Name).ShouldBe(["SSLProtocol", "SSLOpenSSLConfCmd"]);
        captured.Count(c => c is null).ShouldBe(1); // no MinProtocol command
        captured.OfType<Location>().Single().ShouldBe(site.Location);
        Protocols(tls.Protocols).ShouldBe("TLSv1.2");
        At(tls.Protocols.Location).ShouldBe("sites-available/site.conf(4,5)-(4,39)");
    }

    [Fact]
    public void Main_server_is_a_site_when_a_listen_address_has_no_virtual_host()
    {
        var model = Bind(new InMemoryFileSystem().Add("httpd/httpd.conf", """
            Listen 443 https
            ServerName intranet.example.nl:443
            SSLEngine on
            SSLProtocol -all +TLSv1.3
            """));

        var site = Site(model, "intranet.example.nl");
        site.Key.ShouldBe("main:intranet.example.nl:443");
        At(site.Location).ShouldBe("httpd/httpd.conf(2,1)-(2,11)");
        site.Listens.Single().IsSsl.ShouldBeTrue();
        Protocols(site.Tls!.Protocols).ShouldBe("TLSv1.3");
    }

    [Fact]
    public void Path_aliases_list_the_virtual_host_own_then_the_main_server_ones()
    {
        var model = Bind(new InMemoryFileSystem().Add("apache2/apache2.conf", """
            Listen 80
            Alias /phpmyadmin /usr/share/phpmyadmin
            ScriptAliasMatch ^/cgi-bin/(.*) /usr/lib/cgi-bin/$1
            <VirtualHost *:80>
                ServerName www.example.nl
                WSGIScriptAlias /app /srv/app/wsgi.py process-group=app
            </VirtualHost>
            """));

        Site(model, "www.example.nl").PathAliases
            .Select(a => $"{a.UrlPath} -> {a.Target} regex={a.IsRegex} main={a.IsFromMainServer} {At(a.Location)}")
            .ShouldBe([
                "/app -> /srv/app/wsgi.py regex=False main=False apache2/apache2.conf(6,5)-(6,60)",
                "/phpmyadmin -> /usr/share/phpmyadmin regex=False main=True apache2/apache2.conf(2,1)-(2,40)",
                "^/cgi-bin/(.*) -> /usr/lib/cgi-bin/$1 regex=True main=True apache2/apache2.conf(3,1)-(3,52)",
            ]);
    }

    [Fact]
    public void Unspecified_addresses_share_the_wildcard_group_and_its_one_default()
    {
        // apache2 -S lists <VirtualHost 0.0.0.0:80>, [::]:80 and *:80 as one name-based *:80 whose default is the first.
        var model = Bind(new InMemoryFileSystem().Add("apache2/sites-enabled/all.conf", """
            <VirtualHost *:80>
                ServerName a.example.nl
            </VirtualHost>
            <VirtualHost [::]:80>
                ServerName b.example.nl
            </VirtualHost>
            <VirtualHost 0.0.0.0:80 192.0.2.1:80>
                ServerName c.example.nl
            </VirtualHost>
            """));

        model.BoundElementsOfType<WebSite>()
            .SelectMany(s => s.Listens.Select(l => $"{s.ServerNames[0].Value} {l.Address}:{l.Port} default={l.IsDefaultServer}"))
            .ShouldBe([
                "a.example.nl *:80 default=True",
                "b.example.nl [::]:80 default=False",
                "c.example.nl 0.0.0.0:80 default=False",
                "c.example.nl 192.0.2.1:80 default=True",
            ]);
    }

    [Fact]
    public void Standalone_virtual_host_file_has_no_main_server_site()
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/plain.conf", """
            Listen 8080
            <VirtualHost *:80>
                ServerName www.example.nl
            </VirtualHost>
            """));

        model.BoundElementsOfType<WebSite>().Select(s => s.Key).ShouldBe(["vhost:www.example.nl:80"]);
    }

    [Fact]
    public void Headers_merge_main_server_then_virtual_host_then_section()
    {
        var model = Bind(Files());
        var www = Site(model, "example.nl");

        www.ResponseHeaders.Headers.Select(h => h.ToString()).ShouldBe(["X-Content-Type-Options: nosniff (always)", "Strict-Transport-Security: max-age=63072000 (always)"]);
        www.ResponseHeaders.Headers[0].Level.ShouldBe(ConfigurationLevel.Http);
        At(www.ResponseHeaders.Find("strict-transport-security")!.ValueLocation).ShouldBe("apache2/sites-enabled/sites.conf(11,49)-(11,67)");

        var admin = www.Locations.Single();
        admin.Match.ShouldBe("/admin");
        admin.Level.ShouldBe(ConfigurationLevel.Location);
        At(admin.Location).ShouldBe("apache2/sites-enabled/sites.conf(12,5)-(12,14)");
        admin.ResponseHeaders.Headers.Select(h => h.ToString()).ShouldBe(["X-Content-Type-Options: nosniff (always)", "Cache-Control: no-store"]);
        admin.ResponseHeaders.FindDropped("Strict-Transport-Security").ShouldNotBeNull();
    }

    [Fact]
    public void Header_actions_follow_mod_headers()
    {
        var model = Bind(new InMemoryFileSystem().Add("sites-available/site.conf", """
            <VirtualHost *:80>
                ServerName www.example.nl
                Header set Cache-Control private
                Header append Cache-Control no-cache
                Header merge Cache-Control no-cache
                Header add Link "</a.css>"
                Header add Link "</b.js>"
                Header setifempty Cache-Control ignored
                Header always set X-Frame-Options DENY
                Header unset X-Frame-Options
                Header onsuccess set Referrer-Policy no-referrer
                Header unset Referrer-Policy
                Header echo ^TS
            </VirtualHost>
            """));

        // "unset" without "always" leaves the always table's X-Frame-Options alone (separate tables).
        Site(model, "www.example.nl").ResponseHeaders.Headers.Select(h => h.ToString()).ShouldBe(
        [
            "Cache-Control: private, no-cache",
            "Link: </a.css>",
            "Link: </b.js>",
            "X-Frame-Options: DENY (always)",
        ]);
    }

    [Fact]
    public void Certificate_chain_file_and_dh_parameters_are_bound_and_the_key_is_never_read()
    {
        var files = new InMemoryFileSystem()
            .Add("apache2/sites-enabled/site.conf", """
                <VirtualHost *:443>
                    ServerName www.example.nl
                    SSLEngine on
                    SSLCertificateFile /etc/apache2/ssl/www.pem
                    SSLCertificateChainFile ssl/missing-chain.pem
                    SSLCertificateKeyFile /etc/apache2/ssl/www.key
                    SSLOpenSSLConfCmd DHParameters "ssl/dh.pem"
                </VirtualHost>
                """)
            .Add("apache2/ssl/www.pem", "not a certificate")
            .Add("apache2/ssl/www.key", "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n");
        var result = new AuditEngine([]).Analyze(files, ["apache2/sites-enabled/site.conf"]);

        var tls = Site(result.Model, "www.example.nl").Tls!;
        var certificate = tls.Certificates.Single();
        certificate.ResolvedPath.ShouldBe("apache2/ssl/www.pem");
        certificate.Status.ShouldBe(ReferencedFileStatus.Unusable);
        certificate.ChainFile.ShouldBeNull();
        certificate.KeyPathAsWritten.ShouldBe("/etc/apache2/ssl/www.key");
        certificate.KeyFileExists.ShouldBe(true);
        At(certificate.PathLocation).ShouldBe("apache2/sites-enabled/site.conf(4,24)-(4,48)");
        tls.DhParameters.Value!.Status.ShouldBe(ReferencedFileStatus.NotFound);
        At(tls.DhParameters.Value.PathLocation).ShouldBe("apache2/sites-enabled/site.conf(7,36)-(7,48)");
        result.Sources.Keys.ShouldBe(["apache2/sites-enabled/site.conf", "apache2/ssl/www.pem"], ignoreOrder: true);
    }

    [Fact]
    public void Declared_version_comes_from_the_descriptor_software_list()
    {
        var model = Bind(new InMemoryFileSystem()
            .Add("election.yml", "version: 1\nelection:\n  name: Test\n  date: 2027-03-17\nsoftware:\n  - name: apache2\n    version: 2.4.62\n")
            .Add("sites-available/site.conf", "<VirtualHost *:443>\n    ServerName www.example.nl\n    SSLEngine on\n</VirtualHost>\n"));

        var site = Site(model, "www.example.nl");
        site.DeclaredVersion!.Version.ShouldBe(new Version(2, 4, 62));
        site.Tls!.Protocols.DefaultDescription!.ShouldContain("apache 2.4.62 (declared in the descriptor's software list)");
    }

    [Fact]
    public void Every_corpus_file_binds_without_a_rule_or_binder_failure()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var files = Directory.EnumerateFiles(Path.Combine(corpus, "apache"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(corpus, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var result = new AuditEngine([]).Analyze(new DiskFileSystem(corpus), files);
        var sites = result.Model.BoundElementsOfType<WebSite>().Where(s => s.IsApache).ToList();
        output.WriteLine($"{files.Count} Apache corpus files: {sites.Count} sites, {sites.Count(s => s.UsesTls)} with TLS, {result.Model.BoundElementsOfType<CertificateChain>().Count()} certificate files.");
        result.Findings.Where(f => f.RuleId == "EA0001").ShouldBeEmpty();
        sites.Count.ShouldBeGreaterThan(50);
    }
}
