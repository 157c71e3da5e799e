using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>
/// Model against the real server: nginx runs the very configuration the model bound, on 127.0.0.1, and for each request
/// the status, the Server header, the add_header headers and directory listings nginx really sends must be what the
/// model's location selection, fixed responses, access control, server_tokens, autoindex and header inheritance say.
/// </summary>
public sealed class WebSettingsLiveServerTests(ITestOutputHelper output)
{
    // ngx_http_headers_module: without "always" a header is added only to these statuses.
    private static readonly int[] HeaderStatuses = [200, 201, 204, 206, 301, 302, 303, 304, 307, 308];

    private const string Configuration = """
        events {
            worker_connections 64;
        }

        http {
            access_log off;

            server {
                listen 127.0.0.1:PORT;
                server_name redirect.test;
                return 301 https://redirect.test$request_uri;
            }

            server {
                listen 127.0.0.1:PORT;
                server_name rewrite.test;
                rewrite ^ https://rewrite.test$request_uri? permanent;
            }

            server {
                listen 127.0.0.1:PORT;
                server_name site.test;
                root www;
                add_header Strict-Transport-Security "max-age=63072000" always;
                add_header X-Content-Type-Options nosniff;

                location / {
                }

                location /files/ {
                    autoindex on;
                    add_header Cache-Control "public, max-age=30";
                }

                location ~ /\.(?!well-known/) {
                    deny all;
                }

                location /admin/ {
                    allow 192.0.2.0/24;
                    deny all;
                }

                location = /status {
                    stub_status;
                }

                location = /gone {
                    return 410;
                }
            }

            server {
                listen 127.0.0.1:PORT;
                server_name tokens.test;
                server_tokens off;
                root www;
            }
        }
        """;

    private static readonly (string Host, string Path)[] Requests =
    [
        ("redirect.test", "/x"),
        ("rewrite.test", "/y?z=1"),
        ("site.test", "/"),
        ("site.test", "/files/"),
        ("site.test", "/.git/config"),
        ("site.test", "/.well-known/security.txt"),
        ("site.test", "/admin/"),
        ("site.test", "/status"),
        ("site.test", "/gone"),
        ("tokens.test", "/"),
    ];

    [Fact]
    public async Task What_nginx_sends_matches_the_model()
    {
        var nginx = ExternalProgram.Require("nginx");
        var port = FreePort();
        var text = Configuration.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var sites = WebModelTests.Bind(new InMemoryFileSystem().Add("nginx/nginx.conf", text)).BoundElementsOfType<WebSite>().ToList();

        var prefix = Directory.CreateTempSubdirectory("electionaudit-nginx-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(prefix, "nginx.conf"), text);
            Directory.CreateDirectory(Path.Combine(prefix, "www", "files"));
            Directory.CreateDirectory(Path.Combine(prefix, "www", ".git"));
            Directory.CreateDirectory(Path.Combine(prefix, "www", ".well-known"));
            Directory.CreateDirectory(Path.Combine(prefix, "www", "admin"));
            File.WriteAllText(Path.Combine(prefix, "www", "index.html"), "results\n");
            File.WriteAllText(Path.Combine(prefix, "www", "files", "2027.csv"), "party,votes\n");
            File.WriteAllText(Path.Combine(prefix, "www", ".git", "config"), "[core]\n");
            File.WriteAllText(Path.Combine(prefix, "www", ".well-known", "security.txt"), "Contact: mailto:security@example.nl\n");
            File.WriteAllText(Path.Combine(prefix, "www", "admin", "index.html"), "admin\n");

            // One process, in the foreground, as the current user: stopped below by its own handle.
            var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-p", prefix + "/", "-c", "nginx.conf", "-e", "error.log", "-g", "daemon off; master_process off; pid nginx.pid;" })
            {
                info.ArgumentList.Add(argument);
            }

            using var server = Process.Start(info)!;
            try
            {
                await WaitUntilListening(port, server);
                using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
                int compared = 0;
                foreach (var (host, path) in Requests)
                {
                    await Compare(client, port, sites.Single(s => s.ServerNames.Any(n => n.Value == host)), host, path);
                    compared++;
                }

                output.WriteLine($"{compared} requests: status, Server header, add_header headers and listings equal the model");
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill();
                    server.WaitForExit(5000);
                }
            }
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    private static async Task Compare(HttpClient client, int port, WebSite site, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var what = $"{host}{path}";

        var block = site.FindLocation(path.Split('?')[0]);
        var settings = block?.Settings ?? site.Settings!;
        var headers = block?.ResponseHeaders ?? site.ResponseHeaders;
        var fixedResponse = site.Settings!.FixedResponse is { IsConditional: false } serverLevel ? serverLevel : settings.FixedResponse;
        int expectedStatus = fixedResponse?.StatusCode ?? (settings.IsRestricted ? 403 : 200);
        ((int)response.StatusCode).ShouldBe(expectedStatus, what);

        if (fixedResponse is { RedirectsToHttps: true })
        {
            response.Headers.Location!.ToString().ShouldStartWith(fixedResponse.Target![..fixedResponse.Target!.IndexOf('$', StringComparison.Ordinal)], customMessage: what);
        }

        var serverHeader = string.Join(' ', response.Headers.Server.Select(p => p.ToString()));
        serverHeader.Contains('/', StringComparison.Ordinal).ShouldBe(settings.DisclosesVersion.Value, what + ": " + serverHeader);

        foreach (var header in headers.Headers.Where(h => !h.IsEmpty))
        {
            bool expected = header.IsAlways || HeaderStatuses.Contains(expectedStatus);
            response.Headers.Contains(header.Name).ShouldBe(expected, $"{what}: {header.Name}");
        }

        foreach (var dropped in headers.Dropped.Where(h => headers.Find(h.Name) is null))
        {
            response.Headers.Contains(dropped.Name).ShouldBeFalse($"{what}: {dropped.Name} is dropped by add_header inheritance");
        }

        if (expectedStatus == 200 && path.EndsWith('/') && settings.DirectoryListing.Value)
        {
            body.ShouldContain("Index of " + path, customMessage: what);
        }

        if (settings.IsStatusPage)
        {
            body.ShouldContain("Active connections", customMessage: what);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListening(int port, Process server)
    {
        // Bounded: 50 attempts, 100 ms apart.
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {server.ExitCode}: {await server.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within 5 s");
    }
}
