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

namespace ElectionAudit.Core.Tests.Live;

/// <summary>
/// An Apache httpd (Debian package <c>apache2</c>) for one test on 127.0.0.1: a temporary directory holds the
/// configuration, a <c>www</c> document root and, when asked, a throw-away self-signed certificate (never committed).
/// The configuration is the same text the model reads, with <c>/srv/www</c> standing for the document root, so the
/// answers of the real server can be compared with the model. Each virtual host gets a port of its own. The server is
/// stopped by its process ID on dispose; every wait is bounded.
/// </summary>
internal sealed class LiveApache : IDisposable
{
    /// <summary>Where Debian's apache2 package installs the modules.</summary>
    public const string ModuleDirectory = "/usr/lib/apache2/modules";

    /// <summary>The document root as the configurations under test write it; replaced by the temporary one.</summary>
    public const string DocumentRootToken = "/srv/www";

    private Process? _process;

    private LiveApache(string apache, string[] modules, bool tls)
    {
        Apache = apache;
        Modules = modules;
        Tls = tls;
    }

    /// <summary>The temporary directory: configuration, logs, <c>www</c>.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ea-live-apache-").FullName;

    /// <summary>The apache2 program.</summary>
    public string Apache { get; }

    /// <summary>The modules loaded (for example <c>mpm_event</c>, <c>headers</c>).</summary>
    public string[] Modules { get; }

    /// <summary>Whether the virtual hosts serve TLS with the throw-away certificate.</summary>
    public bool Tls { get; }

    /// <summary>The ports of the virtual hosts, in order, once <see cref="Start"/> ran.</summary>
    public List<int> Ports { get; } = [];

    /// <summary>The document root on disk.</summary>
    public string DocumentRoot => Path.Combine(Directory, "www");

    /// <summary>
    /// Finds apache2 and the <paramref name="modules"/> (skips the test locally when they are missing, fails it under
    /// CI=true) and prepares the temporary directory.
    /// </summary>
    public static LiveApache Require(string[] modules, bool tls = false)
    {
        var apache = ExternalProgram.Require("apache2");
        var missing = modules.FirstOrDefault(m => !File.Exists(Path.Combine(ModuleDirectory, $"mod_{m}.so")));
        if (missing is not null)
        {
            var reason = $"{ModuleDirectory}/mod_{missing}.so is missing (Debian package apache2)";
            if (ExternalProgram.IsCi)
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        var server = new LiveApache(apache, modules, tls);
        System.IO.Directory.CreateDirectory(server.DocumentRoot);
        return server;
    }

    /// <summary>Writes a file under the document root (<paramref name="relativePath"/> with forward slashes).</summary>
    public void WriteContent(string relativePath, string text)
    {
        var path = Path.Combine(DocumentRoot, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// The configuration for <paramref name="mainServer"/> directives and <paramref name="virtualHosts"/> bodies, as
    /// the model reads it: the runtime settings, the modules, <c>DocumentRoot /srv/www</c> with
    /// <c>&lt;Directory /srv/www&gt; Require all granted</c> unless <paramref name="stockDocumentRoot"/> is false, then
    /// the main server directives and one <c>Listen</c> and <c>&lt;VirtualHost&gt;</c> per body. Ports are chosen here.
    /// </summary>
    public string Configuration(string mainServer, string[] virtualHosts, bool stockDocumentRoot = true)
    {
        // Distinct ports: the kernel can hand out the same free port twice in a row, and two Listen directives for one
        // address and port are a syntax error to apache2 ("Cannot define multiple Listeners"), a flaky test.
        Ports.Clear();
        while (Ports.Count < virtualHosts.Length)
        {
            var port = FreePort();
            if (!Ports.Contains(port))
            {
                Ports.Add(port);
            }
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            ServerRoot "{Directory}"
            DefaultRuntimeDir "{Directory}"
            PidFile "{Directory}/httpd.pid"
            ErrorLog "{Directory}/error.log"
            ServerName localhost
            User www-data
            Group www-data

            """);
        foreach (var module in Modules)
        {
            text.Append(CultureInfo.InvariantCulture, $"LoadModule {module}_module {ModuleDirectory}/mod_{module}.so\n");
        }

        if (stockDocumentRoot)
        {
            text.Append(CultureInfo.InvariantCulture, $"DocumentRoot \"{DocumentRootToken}\"\n<Directory \"{DocumentRootToken}\">\n    Require all granted\n</Directory>\n");
        }

        if (Tls)
        {
            text.Append(CultureInfo.InvariantCulture, $"SSLCipherSuite DEFAULT:@SECLEVEL=0\nSSLCertificateFile \"{Directory}/server.pem\"\nSSLCertificateKeyFile \"{Directory}/server.key\"\n");
        }

        text.Append(mainServer).Append('\n');
        for (int i = 0; i < virtualHosts.Length; i++)
        {
            var port = Ports[i].ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"Listen 127.0.0.1:{port}\n<VirtualHost 127.0.0.1:{port}>\n    ServerName site{i}.example.nl\n{(Tls ? "    SSLEngine on\n" : string.Empty)}    {virtualHosts[i]}\n</VirtualHost>\n");
        }

        return text.ToString();
    }

    /// <summary>The web sites the model binds from <paramref name="configuration"/> (as <c>apache2/apache2.conf</c>).</summary>
    public static List<WebSite> Model(string configuration) =>
        [.. new AuditEngine([]).Analyze(new InMemoryFileSystem().Add("apache2/apache2.conf", configuration), ["apache2/apache2.conf"]).Model.BoundElementsOfType<WebSite>()];

    /// <summary>
    /// Writes <paramref name="configuration"/> (the document root filled in) and the certificate, starts
    /// <c>apache2 -f FILE -DFOREGROUND</c> and waits (at most 20 s) until every port accepts connections.
    /// </summary>
    public void Start(string configuration)
    {
        if (Tls)
        {
            WriteSelfSignedCertificate();
        }

        File.WriteAllText(Path.Combine(Directory, "openssl.cnf"), string.Empty);

        // mod_mime reads "mime.types" under ServerRoot by default; the types the tests serve.
        File.WriteAllText(Path.Combine(Directory, "mime.types"), "text/html html\ntext/plain txt\ntext/csv csv\n");
        var path = Path.Combine(Directory, "apache2.conf");
        File.WriteAllText(path, configuration.Replace(DocumentRootToken, DocumentRoot, StringComparison.Ordinal));
        MakeReadable();

        var info = new ProcessStartInfo(Apache) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", path, "-DFOREGROUND" })
        {
            info.ArgumentList.Add(argument);
        }

        // An empty OpenSSL configuration, so that the system's crypto policy does not hide what mod_ssl itself enables.
        info.Environment["OPENSSL_CONF"] = Path.Combine(Directory, "openssl.cnf");
        _process = Process.Start(info)!;
        var deadline = Stopwatch.StartNew();
        foreach (var port in Ports)
        {
            while (!Accepts(port))
            {
                if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
                {
                    var log = Path.Combine(Directory, "error.log");
                    var detail = _process.HasExited ? _process.StandardError.ReadToEnd() : "still not listening after 20 s";
                    Stop();
                    Assert.Fail($"apache2 did not start: {detail} {(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
                }

                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Sends one request (<paramref name="method"/>, extra <paramref name="headers"/>, no redirects followed, 10 s limit) to virtual host <paramref name="index"/>.</summary>
    public LiveResponse Send(int index, string method, string path, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var scheme = Tls ? "https" : "http";
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri($"{scheme}://127.0.0.1:{Ports[index].ToString(CultureInfo.InvariantCulture)}{path}"));
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = client.Send(request);
        var received = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return new LiveResponse((int)response.StatusCode, received, response.Headers.Location?.OriginalString, reader.ReadToEnd());
    }

    /// <summary>A GET request.</summary>
    public LiveResponse Get(int index, string path) => Send(index, "GET", path);

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping server; the temporary directory is left behind.
        }
    }

    /// <summary>Stops the server by its process ID (the parent, which stops its children).</summary>
    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    private void WriteSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(Directory, "server.pem"), certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(Directory, "server.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The server drops to www-data, which must read the files (apache2 only runs here on Linux).</summary>
    private void MakeReadable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(Directory, "*", SearchOption.AllDirectories).Append(Directory))
        {
            File.SetUnixFileMode(path, System.IO.Directory.Exists(path)
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
}

/// <summary>One answer of a live server.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Headers">Response and content headers, several values of one name joined with ", ".</param>
/// <param name="Location">The Location header as sent, or null.</param>
/// <param name="Body">The body.</param>
internal sealed record LiveResponse(int Status, IReadOnlyDictionary<string, string> Headers, string? Location, string Body)
{
    /// <summary>A header's value, or an empty string.</summary>
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
