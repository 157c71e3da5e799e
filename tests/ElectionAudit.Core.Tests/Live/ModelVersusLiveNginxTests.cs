using System.Collections.Immutable;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Live;

/// <summary>
/// The model against a live server: each fixture configuration runs in a real nginx on 127.0.0.1, and the protocols that
/// really handshake (openssl s_client, one protocol at a time) and the response headers really sent on each location
/// must equal what the model (WebSite, TlsEndpoint, ResponseHeaderSet — via AuditEngine over the same files) says.
/// </summary>
/// <remarks>
/// <para>
/// The model says which protocols <em>nginx enables</em> (ssl_protocols, or the installed version's default). Whether a
/// handshake succeeds also depends on the server's OpenSSL: since OpenSSL 3.0, "SSL 3, TLS 1.0, TLS 1.1 and DTLS 1.0 [are]
/// no longer working at the default security level of 1 and instead [require] security level 0" (OpenSSL CHANGES.md,
/// 3.0, commit aba03ae: MD5 and SHA1 signatures now count below 80 bits). nginx passes its cipher string to OpenSSL
/// unchanged, so an <c>@SECLEVEL=0</c> there (which the model's cipher expansion reads as
/// <see cref="ElectionAudit.Tls.CipherExpansion.SecurityLevel"/>) lifts that. The expected handshakes are therefore: the enabled
/// protocols, less TLS 1.0 and 1.1 unless the security level is 0. The test checks the OpenSSL it runs against is 3.x.
/// </para>
/// <para>
/// Headers: nginx sends an <c>add_header</c> without <c>always</c> only with 200, 201, 204, 206, 301, 302, 303, 304, 307
/// and 308 responses (https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header), and never one with an
/// empty value; each fixture requests a 404 too, so <c>always</c> is exercised. Only the header names the configuration
/// mentions are compared (nginx adds Server, Date and the like of its own), in the order sent.
/// </para>
/// </remarks>
public sealed class ModelVersusLiveNginxTests
{
    private static readonly int[] StatusesForPlainAddHeader = [200, 201, 204, 206, 301, 302, 303, 304, 307, 308];

    private static readonly (TlsProtocol Protocol, string Option, string Name)[] Probes =
    [
        (TlsProtocol.Tls10, "-tls1", "TLSv1"),
        (TlsProtocol.Tls11, "-tls1_1", "TLSv1.1"),
        (TlsProtocol.Tls12, "-tls1_2", "TLSv1.2"),
        (TlsProtocol.Tls13, "-tls1_3", "TLSv1.3"),
    ];

    /// <summary>Each fixture's requests: path, the location the test's author says nginx picks (null: no location, the server level), expected status.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "default-protocols", "/ -> / 200; /api -> /api 200; /gone -> /gone 404" },
        { "legacy-security-level-0", "/ -> / 200; /missing -> /missing 404" },
        { "includes", "/ -> / 200; /downloads -> /downloads 200; /missing -> /missing 404" },
        { "location-drops", "/ -> / 200; /static -> /static 200; /static/fonts/a.woff2 -> /static/fonts 200; /bare -> /bare 200" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Protocols_that_handshake_and_headers_sent_equal_the_model(string fixture, string requests)
    {
        var nginx = ExternalProgram.Require("nginx");
        var openssl = ExternalProgram.Require("openssl");
        var opensslVersion = ExternalProgram.Run(openssl, ["version"]).StdOut;
        opensslVersion.ShouldStartWith("OpenSSL 3.", customMessage: "the security-level rule above is OpenSSL 3's");
        var versionText = ExternalProgram.Run(nginx, ["-v"]).StdErr.Trim();
        var installed = WebServerVersion.ParseVersion(versionText[(versionText.LastIndexOf('/') + 1)..])
            ?? throw new InvalidOperationException("cannot read the nginx version from: " + versionText);

        using var server = LiveNginx.Start(nginx, Path.Combine(FixtureRoot, fixture));
        var site = BindSite(server.Directory);
        var tls = site.Tls.ShouldNotBeNull();
        var log = TestContext.Current.TestOutputHelper;

        // Protocols: the model's enabled set for the installed version, less what OpenSSL 3 refuses above level 0.
        var enabled = tls.GetProtocols(new WebServerVersion("nginx", installed, WebServerVersionSource.Option)).Value.Select(p => p.Value).ToImmutableHashSet();
        int securityLevel = tls.Ciphers.SecurityLevel ?? 1;
        var expected = Probes.Where(p => enabled.Contains(p.Protocol) && (p.Protocol >= TlsProtocol.Tls12 || securityLevel == 0)).Select(p => p.Name).ToList();
        var live = Probes.Where(p => server.Handshakes(openssl, p.Option, p.Name)).Select(p => p.Name).ToList();
        log?.WriteLine($"{fixture}: nginx {installed} enables [{string.Join(' ', Probes.Where(p => enabled.Contains(p.Protocol)).Select(p => p.Name))}], security level {securityLevel}; model expects handshakes [{string.Join(' ', expected)}]; live [{string.Join(' ', live)}]");
        live.ShouldBe(expected, $"{fixture}: protocols that handshake");

        // Headers, per location.
        var mentioned = site.Locations.SelectMany(l => l.ResponseHeaders.Headers.Concat(l.ResponseHeaders.Dropped))
            .Concat(site.ResponseHeaders.Headers).Concat(site.ResponseHeaders.Dropped)
            .Select(h => h.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        mentioned.ShouldNotBeEmpty();
        foreach (var request in requests.Split("; "))
        {
            var parts = request.Split(' ');
            var (path, match, status) = (parts[0], parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
            var set = site.Locations.Single(l => l.Match == match).ResponseHeaders;
            var expectedHeaders = set.Headers
                .Where(h => !h.IsEmpty && (h.IsAlways || StatusesForPlainAddHeader.Contains(status)))
                .Select(h => $"{h.Name}: {h.Value}")
                .ToList();
            var (liveStatus, headers) = server.Get(path);
            liveStatus.ShouldBe(status, $"{fixture} {path}: status");
            var liveHeaders = headers.Where(h => mentioned.Contains(h.Name)).Select(h => $"{h.Name}: {h.Value}").ToList();
            log?.WriteLine($"{fixture} GET {path} ({status}, location {match}): model [{string.Join(" | ", expectedHeaders)}]; live [{string.Join(" | ", liveHeaders)}]");
            liveHeaders.ShouldBe(expectedHeaders, $"{fixture} {path}: headers sent");
        }
    }

    [Fact]
    public void The_server_that_answers_an_unknown_host_name_is_the_model_s_default()
    {
        // "listen *:PORT", "listen 0.0.0.0:PORT" and "listen PORT" are one address:port pair: the model's default for
        // it must be the server nginx answers an unknown name (Host: localhost) with.
        var nginx = ExternalProgram.Require("nginx");
        using var server = LiveNginx.Start(nginx, Path.Combine(FixtureRoot, "default-servers"));
        var (status, headers) = server.Get("/");
        status.ShouldBe(200);
        var answered = headers.Single(h => h.Name == "X-Server").Value;

        var sites = BindSites(server.Directory);
        sites.Count.ShouldBe(3);
        sites.Where(s => s.DefaultServerFor.Count > 0).ShouldHaveSingleItem().ServerNames[0].Value.ShouldBe(answered);
        answered.ShouldBe("first.example.test");
    }

    private static WebSite BindSite(string directory) => BindSites(directory).Single();

    private static List<WebSite> BindSites(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("key.pem", StringComparison.Ordinal) && !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith(".pid", StringComparison.Ordinal))
            .Select(f => PathUtil.Normalize(Path.GetRelativePath(directory, f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var result = new AuditEngine([]).Analyze(new DiskFileSystem(directory), files);
        result.Findings.Where(f => f.RuleId is "EA0002" or "EA0003").ShouldBeEmpty();
        return [.. result.Model.BoundElementsOfType<WebSite>()];
    }

    private static string FixtureRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ElectionAudit.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "ElectionAudit.Core.Tests", "Live", "Fixtures");
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
