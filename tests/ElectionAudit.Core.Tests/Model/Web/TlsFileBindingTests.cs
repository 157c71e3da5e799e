using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>Certificates and DH parameters reached through ssl_certificate / ssl_dhparam: resolution, reading, recording what is missing, never reading keys.</summary>
public class TlsFileBindingTests
{
    // openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 (OpenSSL 3.0.19): the RFC 7919 group, public data.
    private const string Ffdhe2048 = """
        -----BEGIN DH PARAMETERS-----
        MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
        +8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
        87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
        YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
        7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
        ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
        -----END DH PARAMETERS-----

        """;

    /// <summary>A file system that records every path read, to prove private keys are never opened.</summary>
    private sealed class RecordingFileSystem(InMemoryFileSystem inner) : IScanFileSystem
    {
        public List<string> Read { get; } = [];

        public bool FileExists(string relativePath) => inner.FileExists(relativePath);

        public IReadOnlyList<string> Glob(string pattern) => inner.Glob(pattern);

        public SourceText? TryRead(string relativePath)
        {
            lock (Read)
            {
                Read.Add(PathUtil.Normalize(relativePath));
            }

            return inner.TryRead(relativePath);
        }
    }

    [Fact]
    public void Rfc7919_primes_computed_from_the_rfc_match_what_openssl_writes()
    {
        var parameters = DhParameters.Parse(Ffdhe2048)!;
        parameters.PrimeBits.ShouldBe(2048);
        parameters.Generator.ShouldBe(2);
        parameters.KnownGroup.ShouldBe("ffdhe2048");
        parameters.Prime.ShouldBe(DhParameters.Rfc7919Prime("ffdhe2048"));
        DhParameters.Rfc7919Prime("ffdhe8192").GetBitLength().ShouldBe(8192);
    }

    [Fact]
    public void A_changed_prime_is_a_self_generated_group_and_garbage_is_no_parameters()
    {
        var tampered = Ffdhe2048.Replace("MIIBCAKCAQEA//////////+t", "MIIBCAKCAQEA//////////+s", StringComparison.Ordinal);
        DhParameters.Parse(tampered)!.KnownGroup.ShouldBeNull();
        DhParameters.Parse("-----BEGIN DH PARAMETERS-----\nnot base64!\n-----END DH PARAMETERS-----\n").ShouldBeNull();
        DhParameters.Parse("-----BEGIN DH PARAMETERS-----\nMIIB\n").ShouldBeNull();
        DhParameters.Parse(string.Empty).ShouldBeNull();
    }

    [Fact]
    public void Certificate_and_dhparam_paths_resolve_like_nginx_and_keys_are_never_read()
    {
        const string Config = """
            http {
                ssl_dhparam /etc/nginx/ssl/dhparam.pem;
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    ssl_certificate     ssl/a.pem;
                    ssl_certificate_key ssl/a.key;
                    ssl_certificate     /etc/ssl/certs/missing.pem;
                    ssl_certificate_key /etc/ssl/private/missing.key;
                    ssl_certificate     /etc/letsencrypt/live/a.example.nl/fullchain.pem;
                    ssl_certificate     /etc/ssl/private/b.pem;
                }
                server {
                    listen 443 ssl;
                    server_name b.example.nl;
                    ssl_certificate $ssl_server_name.pem;
                    ssl_certificate_key $ssl_server_name.key;
                }
            }
            """;
        var files = new RecordingFileSystem(new InMemoryFileSystem()
            .Add("web/nginx/nginx.conf", Config)
            .Add("web/nginx/ssl/dhparam.pem", Ffdhe2048)
            .Add("web/nginx/ssl/a.pem", "not a certificate\n")
            .Add("web/nginx/ssl/a.key", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
            .Add("web/letsencrypt/live/a.example.nl/fullchain.pem", "not a certificate either\n")
            .Add("b.pem", "a bare file name higher up is not taken for /etc/ssl/private/b.pem\n"));
        var model = new AuditEngine([]).Analyze(files, ["web/nginx/nginx.conf"]).Model;

        var a = model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames[0].Value == "a.example.nl").Tls!;
        a.Certificates.Select(c => (c.PathAsWritten, c.ResolvedPath, c.Status)).ShouldBe(
        [
            ("ssl/a.pem", "web/nginx/ssl/a.pem", ReferencedFileStatus.Unusable),
            ("/etc/ssl/certs/missing.pem", (string?)null, ReferencedFileStatus.NotFound),

            // certbot's certificate beside the configuration's folder: found under the folder above by its trailing segments.
            ("/etc/letsencrypt/live/a.example.nl/fullchain.pem", "web/letsencrypt/live/a.example.nl/fullchain.pem", ReferencedFileStatus.Unusable),
            ("/etc/ssl/private/b.pem", null, ReferencedFileStatus.NotFound),
        ]);
        a.Certificates[0].Problem.ShouldBe("\"web/nginx/ssl/a.pem\" holds no readable certificate");
        a.Certificates[1].Problem.ShouldBe("\"/etc/ssl/certs/missing.pem\" is an absolute path outside the scan, and no file under \"web/nginx\" has its trailing path segments, nor any folder above it by at least the file's folder and name");
        a.Certificates[1].PathLocation.StartLine.ShouldBe(8);
        a.LoadedChains.ShouldBeEmpty();

        var dh = a.DhParameters;
        dh.IsDefault.ShouldBeFalse();
        dh.Location.StartLine.ShouldBe(2);
        dh.Value!.ResolvedPath.ShouldBe("web/nginx/ssl/dhparam.pem");
        dh.Value.Parameters!.KnownGroup.ShouldBe("ffdhe2048");
        dh.Value.ParametersLocation!.ToString().ShouldBe("web/nginx/ssl/dhparam.pem(1,1,1,30)");

        var b = model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames[0].Value == "b.example.nl").Tls!;
        b.Certificates.Single().Status.ShouldBe(ReferencedFileStatus.NotStatic);

        files.Read.ShouldNotContain(p => p.EndsWith(".key", StringComparison.Ordinal));
        files.Read.ShouldContain("web/nginx/ssl/a.pem");
    }

    [Fact]
    public void Fragments_of_one_folder_share_what_they_resolve_and_their_sites_keep_no_bind_state()
    {
        // Each sites-enabled file without an nginx.conf is a configuration of its own; what depends only on the folder (the
        // TLS file a path names, where roots are) is resolved once for all of them, and equal listen addresses are one string.
        static string Site(string name) => $"server {{\n listen [::]:443 ssl;\n server_name {name}.example.nl;\n ssl_protocols TLSv1.2 TLSv1.3;\n ssl_certificate ssl/site.pem;\n root /srv/{name}/public;\n}}\n";
        var files = new InMemoryFileSystem()
            .Add("web/nginx/sites-enabled/a.conf", Site("a"))
            .Add("web/nginx/sites-enabled/b.conf", Site("b"));
        // One worker: strings are pooled per thread.
        var model = new AuditEngine([]).Analyze(files, [.. files.Paths], ElectionAudit.Configuration.AuditConfiguration.Default, 1).Model;
        var sites = model.BoundElementsOfType<WebSite>().OrderBy(s => s.ServerNames[0].Value, StringComparer.Ordinal).ToList();
        sites.Select(s => s.ServerNames[0].Value).ShouldBe(["a.example.nl", "b.example.nl"]);

        var (a, b) = (sites[0].Tls!.Certificates.Single(), sites[1].Tls!.Certificates.Single());
        a.Problem.ShouldBe("\"ssl/site.pem\" is not in the scan: nginx resolves it against the configuration prefix, \"web/nginx/sites-enabled\", as \"web/nginx/sites-enabled/ssl/site.pem\"");
        ReferenceEquals(a.Problem, b.Problem).ShouldBeTrue();
        ReferenceEquals(a.ResolvedPath, b.ResolvedPath).ShouldBeTrue();
        sites[0].Content.ShouldNotBeNull();
        ReferenceEquals(sites[0].Content, sites[1].Content).ShouldBeTrue();
        sites[0].Listens.Single().Address.ShouldBe("[::]");
        ReferenceEquals(sites[0].Listens.Single().Address, sites[1].Listens.Single().Address).ShouldBeTrue();

        // The endpoint keeps a function for its protocols; what it closes over is the ssl_protocols directives and the
        // scope, not the bind state or the server's directive lists.
        var tls = sites[0].Tls!;
        var protocols = (Delegate)typeof(TlsEndpoint).GetField("_protocols", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(tls)!;
        // (Besides them, the closure caches its own inner lambdas.)
        var captured = protocols.Target!.GetType().GetFields().Where(f => !typeof(Delegate).IsAssignableFrom(f.FieldType)).Select(f => f.GetValue(protocols.Target)).ToList();
        captured.Count.ShouldBe(2);
        captured.OfType<List<ElectionAudit.Syntax.Nginx.NginxDirectiveSyntax>>().Single().ShouldHaveSingleItem().Name.ShouldBe("ssl_protocols");
        captured.OfType<Location>().Single().ShouldBe(sites[0].Location);
        tls.Protocols.Value.Select(p => p.Value).ShouldBe([TlsProtocol.Tls12, TlsProtocol.Tls13]);
    }

    [Fact]
    public void A_certificate_file_used_by_two_sites_is_one_chain_element()
    {
        var certificate = GeneratedCertificate();
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", "http {\n ssl_certificate ssl/shared.pem;\n server { listen 443 ssl; server_name results.example.nl; }\n server { listen 443 ssl; server_name www.results.example.nl; }\n server { listen 443 ssl; server_name own.example.nl; ssl_certificate ../outside.pem; }\n}\n")
            .Add("nginx/ssl/shared.pem", certificate);
        var model = new AuditEngine([]).Analyze(files, [.. files.Paths]).Model;

        var chain = model.BoundElementsOfType<CertificateChain>().ShouldHaveSingleItem();
        chain.Path.ShouldBe("nginx/ssl/shared.pem");
        chain.Key.ShouldBe("certificate:nginx/ssl/shared.pem");
        chain.Leaf!.SubjectCommonName.ShouldBe("results.example.nl");
        chain.Location.ToString().ShouldBe("nginx/ssl/shared.pem(1,1,1,28)");
        chain.Sites.Select(s => s.ServerNames[0].Value).ShouldBe(["results.example.nl", "www.results.example.nl"]);
        chain.References.Count.ShouldBe(2);

        var own = model.BoundElementsOfType<WebSite>().Single(s => s.ServerNames[0].Value == "own.example.nl").Tls!;
        own.Certificates.Single().Status.ShouldBe(ReferencedFileStatus.NotFound);
        own.Certificates.Single().ResolvedPath.ShouldBe("outside.pem");
    }

    private static string GeneratedCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=results.example.nl", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        return certificate.ExportCertificatePem() + "\n";
    }
}
