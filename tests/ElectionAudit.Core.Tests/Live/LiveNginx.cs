using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ElectionAudit.Core.Tests.Live;

/// <summary>
/// An nginx started for one test on 127.0.0.1 from a configuration folder copied to a temporary directory, with a
/// throw-away self-signed certificate made there (never committed). Stopped by its process ID on dispose; every wait is bounded.
/// </summary>
internal sealed class LiveNginx : IDisposable
{
    private const string PortToken = "__PORT__";
    private readonly Process _process;
    private readonly string _certificateHash;

    private LiveNginx(string directory, int port, Process process, string certificateHash)
    {
        Directory = directory;
        Port = port;
        _process = process;
        _certificateHash = certificateHash;
    }

    /// <summary>The temporary directory: the configuration (the port filled in), the certificate and key, the error log.</summary>
    public string Directory { get; }

    /// <summary>The port nginx listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Copies <paramref name="fixture"/> to a temporary directory with <c>__PORT__</c> replaced by a free port, writes
    /// <c>cert.pem</c>/<c>key.pem</c>, starts <c>nginx -p DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off; pid ...;'</c>
    /// and waits (at most 10 s) until the port accepts connections.
    /// </summary>
    public static LiveNginx Start(string nginx, string fixture)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("ea-live-nginx-").FullName;
        int port = FreePort();
        foreach (var file in System.IO.Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(fixture, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, File.ReadAllText(file).Replace(PortToken, port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        var certificateHash = WriteSelfSignedCertificate(directory);
        var errorLog = Path.Combine(directory, "error.log");
        var info = new ProcessStartInfo(nginx)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "-p", directory + "/", "-c", Path.Combine(directory, "nginx.conf"), "-e", errorLog, "-g", $"daemon off; master_process on; worker_processes 1; pid {Path.Combine(directory, "nginx.pid")};" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var server = new LiveNginx(directory, port, process, certificateHash);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var log = File.Exists(errorLog) ? File.ReadAllText(errorLog) : string.Empty;
                var output = process.StandardError.ReadToEnd();
                server.Dispose();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode} before listening: {output} {log}");
            }

            if (Accepts(port))
            {
                return server;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                server.Dispose();
                throw new TimeoutException($"nginx did not accept connections on 127.0.0.1:{port} within 10 s");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Runs <c>openssl s_client</c> with only <paramref name="protocolOption"/> (<c>-tls1</c> ... <c>-tls1_3</c>) allowed and
    /// returns whether the handshake completed with that protocol. The client is lowered to security level 0 so that it
    /// never refuses an old protocol itself: whatever fails, fails on the server's side. At most 15 s.
    /// </summary>
    public bool Handshakes(string openssl, string protocolOption, string expectedProtocolName)
    {
        var info = new ProcessStartInfo(openssl)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{Port}", protocolOption, "-cipher", "DEFAULT@SECLEVEL=0", "-servername", "localhost" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        // End of input makes s_client close the connection right after the handshake.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client {protocolOption} did not finish within 15 s");
        }

        // A failed handshake prints "Cipher is (NONE)". A completed one prints "New, VERSION, Cipher is SUITE", where VERSION
        // is the suite's own version (TLSv1.0 for a SHA-1 suite even under TLS 1.1); the negotiated protocol is in the
        // session block's "Protocol  :" line, which s_client prints only once it has a session — under TLS 1.3 that comes
        // with a ticket after the handshake, so there the "New, TLSv1.3" line is the evidence. The client allows one
        // protocol only, so either way a completed handshake can only be that protocol; the check just confirms it.
        var lines = stdout.Result.Split('\n').Select(line => line.Trim()).ToList();
        _ = stderr.Result;
        var summary = lines.FirstOrDefault(line => line.StartsWith("New, ", StringComparison.Ordinal));
        if (summary is null || summary.EndsWith("Cipher is (NONE)", StringComparison.Ordinal))
        {
            return false;
        }

        var session = lines.FirstOrDefault(line => line.StartsWith("Protocol  : ", StringComparison.Ordinal));
        return session is not null ? session == "Protocol  : " + expectedProtocolName : summary.StartsWith($"New, {expectedProtocolName}, ", StringComparison.Ordinal);
    }

    /// <summary>GET <paramref name="path"/> over HTTPS (trusting exactly the throw-away certificate); the status and the response header fields as sent, in order.</summary>
    public (int Status, List<(string Name, string Value)> Headers) Get(string path)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 10_000;
        client.SendTimeout = 10_000;
        client.Connect(IPAddress.Loopback, Port);
        using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        tls.ReadTimeout = 10_000;
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = IsTheThrowAwayCertificate });
        tls.Write(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(tls, Encoding.Latin1);
        var statusLine = reader.ReadLine() ?? throw new InvalidOperationException("no response");
        int status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new List<(string, string)>();
        // Bounded: a response head longer than 200 lines is not one nginx sends here.
        for (int i = 0; i < 200; i++)
        {
            var line = reader.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }

        return (status, headers);
    }

    /// <summary>Stops nginx by the ID of the process this test started (its workers with it) and removes the directory.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private bool IsTheThrowAwayCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), _certificateHash, StringComparison.Ordinal);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(500) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Writes cert.pem and key.pem; returns the certificate's SHA-256 hash, the only certificate the HTTPS client trusts.</summary>
    private static string WriteSelfSignedCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem() + "\n");
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
