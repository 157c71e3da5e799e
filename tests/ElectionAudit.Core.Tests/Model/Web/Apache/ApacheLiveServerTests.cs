using System.Diagnostics;
using System.Globalization;
using ElectionAudit.Core.Tests.Live;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// The Apache model against a live httpd (Debian package <c>apache2</c>): each configuration runs in a real apache2
/// on 127.0.0.1, <c>openssl s_client</c> tries every protocol version on every virtual host, and an HTTP client fetches
/// each location; the protocols that really handshake and the headers really sent must equal what the model says.
/// OPENSSL_CONF points at an empty file and the cipher list allows SECLEVEL 0, so that the system's crypto policy
/// does not hide what mod_ssl itself enables. The server runs in <see cref="LiveApache"/>.
/// </summary>
public sealed class ApacheLiveServerTests(ITestOutputHelper output)
{
    private static readonly string[] Modules = ["mpm_event", "authz_core", "headers", "ssl"];

    private static readonly (TlsProtocol Protocol, string Flag)[] Versions =
        [(TlsProtocol.Tls10, "-tls1"), (TlsProtocol.Tls11, "-tls1_1"), (TlsProtocol.Tls12, "-tls1_2"), (TlsProtocol.Tls13, "-tls1_3")];

    /// <summary>Main server settings and virtual host bodies; each virtual host gets a port of its own.</summary>
    public static TheoryData<string, string, string[]> Configurations() => new()
    {
        {
            "protocol words",
            string.Empty,
            [
                string.Empty,
                "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                "SSLProtocol all -TLSv1 -TLSv1.1",
                "SSLProtocol TLSv1 +TLSv1.3",
                "SSLProtocol +TLSv1 +TLSv1.1 +TLSv1.2",
                "SSLProtocol all -TLSv1.2",
                "SSLProtocol TLSv1.3 TLSv1.1",
                "SSLProtocol -all +TLSv1.1\n    SSLProtocol +TLSv1.2",
                "SSLOpenSSLConfCmd MinProtocol TLSv1.2",
                "SSLProtocol -all +TLSv1.1 +TLSv1.2 +TLSv1.3\n    SSLOpenSSLConfCmd MaxProtocol TLSv1.2",
            ]
        },
        {
            "inherited from the main server",
            "<IfModule mod_ssl.c>\n    SSLProtocol -all +TLSv1.1 +TLSv1.2\n</IfModule>",
            [
                string.Empty,
                "SSLProtocol -all +TLSv1.3",
                "<IfModule mod_ssl.c>\n        SSLProtocol all\n    </IfModule>",
            ]
        },
        {
            "headers",
            "Header always set X-Main main\nHeader always set X-Frame-Options DENY\nSSLProtocol -all +TLSv1.2 +TLSv1.3",
            [
                "Header always set Strict-Transport-Security \"max-age=63072000\"\n    Header always append X-Frame-Options SAMEORIGIN\n    Header set X-Cache-Policy private\n    Header append X-Cache-Policy no-cache\n    Header add Link \"</a.css>\"\n    Header add Link \"</b.js>\"\n" +
                "    <Location /admin>\n        Header always unset Strict-Transport-Security\n        Header always set X-Admin yes\n        Header unset X-Cache-Policy\n    </Location>\n" +
                "    <Directory /srv/www/docs>\n        Header always set X-Docs yes\n        Header always unset X-Main\n    </Directory>\n" +
                "    <Files \"*.txt\">\n        Header always merge X-Admin no\n        Header always setifempty X-Main files\n    </Files>",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Protocols_that_handshake_and_headers_sent_equal_the_model(string name, string mainServer, string[] virtualHosts)
    {
        using var apache = LiveApache.Require(Modules, tls: true);
        var openssl = ExternalProgram.Require("openssl");
        foreach (var folder in new[] { string.Empty, "admin/", "docs/" })
        {
            apache.WriteContent(folder + "index.html", "<p>test</p>\n");
        }

        apache.WriteContent("docs/notes.txt", "notes\n");

        var configuration = apache.Configuration(mainServer, virtualHosts);
        var sites = LiveApache.Model(configuration);
        sites.Count.ShouldBe(virtualHosts.Length, "one site per virtual host; the main server serves no port of its own");

        apache.Start(configuration);
        int agreed = 0, compared = 0;
        var disagreements = new List<string>();
        for (int i = 0; i < sites.Count; i++)
        {
            var expected = sites[i].Tls!.Protocols.Value.Select(p => p.Value).ToHashSet();
            foreach (var (protocol, flag) in Versions)
            {
                bool real = Handshakes(apache, openssl, apache.Ports[i], flag);
                compared++;
                if (real == expected.Contains(protocol))
                {
                    agreed++;
                }
                else
                {
                    disagreements.Add($"virtual host {i} ({virtualHosts[i].Split('\n')[0]}): {protocol.ToConfigurationName()} handshakes={real}, model={expected.Contains(protocol)}");
                }
            }
        }

        int headerChecks = 0;
        if (name == "headers")
        {
            headerChecks = CompareHeaders(apache, sites[0], disagreements);
        }

        output.WriteLine($"{name}: {agreed} of {compared} protocol probes agree with the model; {headerChecks} header values compared.");
        disagreements.ShouldBeEmpty();
    }

    /// <summary>
    /// Fetches paths handled by the virtual host level, one section, and two sections (Directory and Files both apply),
    /// and compares every header the model says the request gets (and every one it says is dropped).
    /// </summary>
    private static int CompareHeaders(LiveApache apache, WebSite site, List<string> disagreements)
    {
        int checks = 0;
        foreach (var path in new[] { "/index.html", "/admin/index.html", "/docs/index.html", "/docs/notes.txt" })
        {
            var expected = site.HandleRequest(path).ResponseHeaders;
            var response = apache.Get(0, path);
            response.Status.ShouldBe(200, path);
            var names = expected.Headers.Select(h => h.Name).Concat(expected.Dropped.Select(h => h.Name)).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var headerName in names)
            {
                // HttpClient splits some known headers (Cache-Control, Link) at commas; compare the joined text.
                var modelText = string.Join(", ", expected.Headers.Where(h => h.Is(headerName) && !h.IsEmpty).Select(h => h.Value));
                var realText = response.Header(headerName);
                checks++;
                if (!string.Equals(modelText, realText, StringComparison.Ordinal))
                {
                    disagreements.Add($"{path}: {headerName} sent '{realText}', model '{modelText}'");
                }
            }
        }

        return checks;
    }

    private static bool Handshakes(LiveApache apache, string openssl, int port, string versionFlag)
    {
        var info = new ProcessStartInfo(openssl) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", versionFlag, "-cipher", "DEFAULT:@SECLEVEL=0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["OPENSSL_CONF"] = Path.Combine(apache.Directory, "openssl.cnf");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client {versionFlag} on port {port} did not finish within 15 s");
        }

        return process.ExitCode == 0 && !stdout.Result.Contains("Cipher is (NONE)", StringComparison.Ordinal);
    }
}
