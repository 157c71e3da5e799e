using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web.Apache;

/// <summary>
/// The Apache <see cref="WebSettings"/> against a live httpd (Debian package <c>apache2</c>), over plain HTTP on
/// 127.0.0.1: what the server really answers must equal what the model says — the version in the Server header or
/// an error page signature (<see cref="WebSettings.DisclosesVersion"/>), the redirect every request gets
/// (<see cref="WebSite.CatchAllResponse"/>), directory listings (<see cref="WebSettings.DirectoryListing"/>) and
/// whether a client outside the <c>Require ip</c> list reaches a section (<see cref="WebSettings.IsRestricted"/>).
/// Every wait is bounded and the server is stopped by its PID.
/// </summary>
public sealed class ApacheSettingsLiveServerTests(ITestOutputHelper output) : IDisposable
{
    private const string ModuleDirectory = "/usr/lib/apache2/modules";

    private static readonly string[] Modules = ["mpm_event", "authz_core", "authz_host", "alias", "rewrite", "autoindex", "status"];

    private readonly string _directory = Directory.CreateTempSubdirectory("electionaudit-apache-settings-").FullName;

    /// <summary>Main server directives and virtual host bodies; each virtual host gets a port of its own.</summary>
    public static TheoryData<string, string, string[]> Configurations() => new()
    {
        {
            "stock tokens",
            string.Empty,
            [
                string.Empty,
                "Redirect permanent / https://site1.example.nl/",
                "ServerSignature On\n    RewriteEngine on\n    RewriteRule ^/?(.*) https://site2.example.nl/$1 [R=308,L]",
                "RedirectMatch 301 ^/(.*)$ http://site3.example.nl/$1",
            ]
        },
        {
            "product only",
            "ServerTokens Prod\nOptions -Indexes",
            [
                string.Empty,
                "ServerSignature On",
                "<Directory /srv/www/listing>\n        Options +Indexes\n    </Directory>",
                "<Location /server-status>\n        SetHandler server-status\n        Require ip 192.0.2.0/24\n    </Location>",
                "<Location /server-status>\n        SetHandler server-status\n        Require all granted\n    </Location>",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Answers_of_a_live_server_equal_the_settings_model(string name, string mainServer, string[] virtualHosts)
    {
        var apache = ExternalProgram.Require("apache2");
        var missing = Modules.FirstOrDefault(m => !File.Exists(Path.Combine(ModuleDirectory, $"mod_{m}.so")));
        if (missing is not null)
        {
            var reason = $"{ModuleDirectory}/mod_{missing}.so is missing (Debian package apache2)";
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
        sites.Count.ShouldBe(virtualHosts.Length, "one site per virtual host");

        using var server = Start(apache, configurationPath, ports);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var disagreements = new List<string>();
        int compared = 0;
        void Compare(string what, object? real, object? modelled)
        {
            compared++;
            if (!Equals(real, modelled))
            {
                disagreements.Add($"{what}: server {real}, model {modelled}");
            }
        }

        for (int i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var settings = site.Settings!;
            var root = Get(client, ports[i], "/index.html");
            var notFound = Get(client, ports[i], "/missing.html");

            // The version shows in "Server: Apache/2.4.x" or in the error page's "Apache/2.4.x … Server at" footer;
            // ServerSignature On without a version ("Apache Server at") still discloses the server, as the model counts it.
            bool versionInHeader = root.Server.Contains('/', StringComparison.Ordinal);
            bool signature = notFound.Body.Contains("Server at", StringComparison.Ordinal);
            Compare($"{name} #{i} discloses", versionInHeader || signature, settings.DisclosesVersion.Value);

            var redirect = site.CatchAllResponse is { IsConditional: false } response ? response : null;
            Compare($"{name} #{i} status of /index.html", root.Status, redirect?.StatusCode ?? 200);
            if (redirect is not null)
            {
                // RedirectMatch / RewriteRule substitute $1; mod_alias Redirect appends what follows its URL-path ("/").
                var target = redirect.Target!;
                var expected = target.Contains("$1", StringComparison.Ordinal) ? target.Replace("$1", "index.html", StringComparison.Ordinal) : target + "index.html";
                Compare($"{name} #{i} redirect target", root.Location, expected);
            }

            foreach (var block in site.Locations)
            {
                if (block.Level == ConfigurationLevel.Directory)
                {
                    var listing = Get(client, ports[i], "/listing/");
                    Compare($"{name} #{i} listing of {block.Match}", listing.Status == 200 && listing.Body.Contains("Index of", StringComparison.Ordinal), block.Settings!.DirectoryListing.Value);
                }
                else
                {
                    var page = Get(client, ports[i], block.Match);
                    Compare($"{name} #{i} {block.Match} refused to 127.0.0.1", page.Status == 403, block.Settings!.IsRestricted);
                }
            }

            // Without a Directory section of its own, the server-wide Options decide the listing.
            if (!site.Locations.Any(l => l.Level == ConfigurationLevel.Directory) && redirect is null)
            {
                var listing = Get(client, ports[i], "/listing/");
                Compare($"{name} #{i} listing", listing.Status == 200 && listing.Body.Contains("Index of", StringComparison.Ordinal), settings.DirectoryListing.Value);
            }
        }

        output.WriteLine($"{name}: {compared - disagreements.Count} of {compared} answers agree with the model.");
        disagreements.ShouldBeEmpty();
    }

    private static (int Status, string Server, string? Location, string Body) Get(HttpClient client, int port, string path)
    {
        using var response = client.GetAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}")).GetAwaiter().GetResult();
        var server = response.Headers.TryGetValues("Server", out var values) ? string.Join(' ', values) : string.Empty;
        return ((int)response.StatusCode, server, response.Headers.Location?.OriginalString, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
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

            """);
        foreach (var module in Modules)
        {
            text.Append(CultureInfo.InvariantCulture, $"LoadModule {module}_module {ModuleDirectory}/mod_{module}.so\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            DocumentRoot "{_directory}/www"
            <Directory "{_directory}/www">
                Require all granted
            </Directory>

            """);
        text.Append(mainServer).Append('\n');
        for (int i = 0; i < virtualHosts.Length; i++)
        {
            var port = ports[i].ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"Listen 127.0.0.1:{port}\n<VirtualHost 127.0.0.1:{port}>\n    ServerName site{i}.example.nl\n    {virtualHosts[i].Replace("/srv/www", _directory + "/www", StringComparison.Ordinal)}\n</VirtualHost>\n");
        }

        return text.ToString();
    }

    private void WriteServerFiles()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "www", "listing"));
        File.WriteAllText(Path.Combine(_directory, "www", "index.html"), "<p>test</p>\n");
        File.WriteAllText(Path.Combine(_directory, "www", "listing", "draft.csv"), "a,b\n");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The server drops to www-data, which must read the files.
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
