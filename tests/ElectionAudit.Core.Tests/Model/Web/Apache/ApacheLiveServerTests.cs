using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// The Apache model against a live httpd (Debian package <c>apache2</c>): each configuration runs in a real apache2
/// on 127.0.0.1, <c>openssl s_client</c> tries every protocol version on every virtual host, and an HTTP client fetches
/// each location; the protocols that really handshake and the headers really sent must equal what the model says.
/// OPENSSL_CONF points at an empty file and the cipher list allows SECLEVEL 0, so that the system's crypto policy
/// does not hide what mod_ssl itself enables. Every wait is bounded and the server is stopped by its PID.
/// </summary>
public sealed class ApacheLiveServerTests(ITestOutputHelper output) : IDisposable
{
    private const string ModuleDirectory = "/usr/lib/apache2/modules";

    private static readonly (TlsProtocol Protocol, string Flag)[] Versions =
        [(TlsProtocol.Tls10, "-tls1"), (TlsProtocol.Tls11, "-tls1_1"), (TlsProtocol.Tls12, "-tls1_2"), (TlsProtocol.Tls13, "-tls1_3")];

    private readonly string _directory = Directory.CreateTempSubdirectory("electionaudit-apache-live-").FullName;

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
        var apache = ExternalProgram.Require("apache2");
        var openssl = ExternalProgram.Require("openssl");
        if (!File.Exists(Path.Combine(ModuleDirectory, "mod_ssl.so")))
        {
            var reason = $"{ModuleDirectory}/mod_ssl.so is missing (Debian package apache2)";
            if (ExternalProgram.IsCi)
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        WriteServerFiles();
        var ports = virtualHosts.Select(_ => FreePort()).ToList();
        var configuration = Configuration(mainServer, virtualHosts, ports);
        var configurationPath = Path.Combine(_directory, "apache2.conf");
        File.WriteAllText(configurationPath, configuration);

        var model = new AuditEngine([]).Analyze(new InMemoryFileSystem().Add("apache2/apache2.conf", configuration), ["apache2/apache2.conf"]).Model;
        var sites = model.BoundElementsOfType<WebSite>().ToList();
        sites.Count.ShouldBe(virtualHosts.Length, "one site per virtual host; the main server serves no port of its own");

        using var server = Start(apache, configurationPath, ports);
        int agreed = 0, compared = 0;
        var disagreements = new List<string>();
        for (int i = 0; i < sites.Count; i++)
        {
            var expected = sites[i].Tls!.Protocols.Value.Select(p => p.Value).ToHashSet();
            foreach (var (protocol, flag) in Versions)
            {
                bool real = Handshakes(openssl, ports[i], flag);
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
            headerChecks = CompareHeaders(sites[0], ports[0], disagreements);
        }

        output.WriteLine($"{name}: {agreed} of {compared} protocol probes agree with the model; {headerChecks} header values compared.");
        disagreements.ShouldBeEmpty();
    }

    /// <summary>Fetches each location's path and compares every header the model tracks (and every one it says is dropped).</summary>
    private static int CompareHeaders(WebSite site, int port, List<string> disagreements)
    {
        // Paths each handled by the vhost level, one section, or two sections (Directory and Files both apply).
        var requests = new (string Path, ResponseHeaderSet Expected)[]
        {
            ("/index.html", site.ResponseHeaders),
            ("/admin/index.html", site.Locations.Single(l => l.Match == "/admin").ResponseHeaders),
            ("/docs/index.html", site.Locations.Single(l => l.Level == ConfigurationLevel.Directory).ResponseHeaders),
        };
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        int checks = 0;
        foreach (var (path, expected) in requests)
        {
            using var response = client.GetAsync(new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}")).GetAwaiter().GetResult();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var names = expected.Headers.Select(h => h.Name).Concat(expected.Dropped.Select(h => h.Name)).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var headerName in names)
            {
                var modelValues = expected.Headers.Where(h => h.Is(headerName) && !h.IsEmpty).Select(h => h.Value).ToList();
                var realValues = response.Headers.TryGetValues(headerName, out var values) ? values.ToList()
                    : response.Content.Headers.TryGetValues(headerName, out var contentValues) ? contentValues.ToList() : [];

                // HttpClient splits some known headers (Cache-Control, Link) at commas; compare the joined text.
                var modelText = string.Join(", ", modelValues);
                var realText = string.Join(", ", realValues);
                checks++;
                if (!string.Equals(modelText, realText, StringComparison.Ordinal))
                {
                    disagreements.Add($"{path}: {headerName} sent '{realText}', model '{modelText}'");
                }
            }
        }

        return checks;
    }

    private string Configuration(string mainServer, string[] virtualHosts, List<int> ports)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            ServerRoot "{_directory}"
            DefaultRuntimeDir "{_directory}"
            PidFile "{_directory}/httpd.pid"
            ErrorLog "{_directory}/error.log"
            ServerName localhost
            User www-data
            Group www-data
            LoadModule mpm_event_module {ModuleDirectory}/mod_mpm_event.so
            LoadModule authz_core_module {ModuleDirectory}/mod_authz_core.so
            LoadModule headers_module {ModuleDirectory}/mod_headers.so
            LoadModule ssl_module {ModuleDirectory}/mod_ssl.so
            DocumentRoot "{_directory}/www"
            <Directory "{_directory}/www">
                Require all granted
            </Directory>
            SSLCipherSuite DEFAULT:@SECLEVEL=0
            SSLCertificateFile "{_directory}/server.pem"
            SSLCertificateKeyFile "{_directory}/server.key"

            """);
        text.Append(mainServer.Replace("/srv/www", _directory + "/www", StringComparison.Ordinal)).Append('\n');
        for (int i = 0; i < virtualHosts.Length; i++)
        {
            var port = ports[i].ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"Listen 127.0.0.1:{port}\n<VirtualHost 127.0.0.1:{port}>\n    ServerName site{i}.example.nl\n    SSLEngine on\n    {virtualHosts[i].Replace("/srv/www", _directory + "/www", StringComparison.Ordinal)}\n</VirtualHost>\n");
        }

        return text.ToString();
    }

    private void WriteServerFiles()
    {
        foreach (var folder in new[] { "www", "www/admin", "www/docs" })
        {
            Directory.CreateDirectory(Path.Combine(_directory, folder));
            File.WriteAllText(Path.Combine(_directory, folder, "index.html"), "<p>test</p>\n");
        }

        // A throwaway test key and certificate, made here and deleted with the directory: no key is ever committed.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_directory, "server.pem"), certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_directory, "server.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(_directory, "openssl.cnf"), string.Empty);

        // The server drops to www-data, which must read the files (apache2 only runs here on Linux).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(_directory, "*", SearchOption.AllDirectories).Append(_directory))
        {
            File.SetUnixFileMode(path, Directory.Exists(path)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private RunningServer Start(string apache, string configurationPath, List<int> ports)
    {
        var info = new ProcessStartInfo(apache) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", configurationPath, "-DFOREGROUND" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["OPENSSL_CONF"] = Path.Combine(_directory, "openssl.cnf");
        var process = Process.Start(info)!;
        var server = new RunningServer(process);
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!Accepts(port))
            {
                if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
                {
                    var log = Path.Combine(_directory, "error.log");
                    var detail = process.HasExited ? process.StandardError.ReadToEnd() : "still not listening after 20 s";
                    server.Dispose();
                    Assert.Fail($"apache2 did not start: {detail} {(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
                }

                Thread.Sleep(100);
            }
        }

        return server;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private bool Handshakes(string openssl, int port, string versionFlag)
    {
        var info = new ProcessStartInfo(openssl) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", versionFlag, "-cipher", "DEFAULT:@SECLEVEL=0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["OPENSSL_CONF"] = Path.Combine(_directory, "openssl.cnf");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client {versionFlag} on port {port} did not finish within 15 s");
        }

        return process.ExitCode == 0 && !stdout.Result.Contains("Cipher is (NONE)", StringComparison.Ordinal) ;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping server; the temporary directory is left behind.
        }
    }

    /// <summary>The apache2 started by a test, stopped by its PID (the parent, which stops its children).</summary>
    private sealed class RunningServer(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }
}
