using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// A binary reached through an include of every format that has one: one EA0002 at its first NUL, naming the format the
/// include expected, and nothing of it parsed. Its bytes used to be parsed as text, a cascade of syntax errors whose
/// messages quoted them (an <c>include conf.d/*;</c> matching a compiled module gave "the "    B?A?A" directive is not
/// terminated"). The files are written to disk, where a binary's text is only its head.
/// </summary>
public sealed class BinaryIncludeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ea-binary-include-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // An ELF header (a NUL at its eighth byte), then text that every parser would read as statements, then more binary.
    private static byte[] Module()
    {
        var bytes = new List<byte> { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0xC3, 0x28, 0xFF };
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes("\nserver_tokens on;\nJob { Name = x }\nwww IN A 192.0.2.1\nkey: value\n"));
        bytes.AddRange(Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)));
        return [.. bytes];
    }

    private void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    private void Write(string path, byte[] bytes)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    private List<string> Scan()
    {
        var result = new AuditEngine([]).Scan(new ScanRequest(_root) { MaxDegreeOfParallelism = 1 });
        return [.. result.Findings.Where(f => f.RuleId is "EA0002" or "EA0003").Select(f => $"{f.RuleId} {f.Location.Path}({f.Location.StartLine},{f.Location.StartColumn}) {f.Message}")];
    }

    private static string Binary(string path, string format) =>
        $"EA0002 {path}(1,8) The file holds a NUL character, so it is binary or UTF-16 without a byte order mark, not {format} text; it was not parsed.";

    [Fact]
    public void Nginx()
    {
        Write("nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*;\n}\n");
        Write("nginx/conf.d/results.conf", "server {\n    listen 443 ssl;\n    server_name results.example.nl;\n}\n");
        Write("nginx/conf.d/ngx_http_geoip2_module.so", Module());
        Scan().ShouldBe([Binary("nginx/conf.d/ngx_http_geoip2_module.so", "nginx")]);
    }

    [Fact]
    public void Apache()
    {
        Write("apache2/apache2.conf", "ServerRoot /etc/apache2\nInclude mods-enabled/*\n");
        Write("apache2/mods-enabled/mod_geoip.so", Module());
        Scan().ShouldBe([Binary("apache2/mods-enabled/mod_geoip.so", "apache")]);
    }

    [Fact]
    public void Named_conf()
    {
        Write("bind/named.conf", "options { directory \"/var/cache/bind\"; };\ninclude \"named.conf.keys\";\n");
        Write("bind/named.conf.keys", Module());
        Scan().ShouldBe([Binary("bind/named.conf.keys", "named.conf")]);
    }

    [Fact]
    public void Zone()
    {
        Write("bind/db.example.nl", "$TTL 3600\n@ IN SOA ns1.example.nl. hostmaster.example.nl. ( 2026120701 7200 3600 1209600 3600 )\n  IN NS ns1.example.nl.\nns1 IN A 192.0.2.10\n$INCLUDE raw/results.example.nl.db\n");
        Write("bind/raw/results.example.nl.db", Module());
        Scan().ShouldBe([Binary("bind/raw/results.example.nl.db", "zone")]);
    }

    [Fact]
    public void Borgmatic()
    {
        Write("etc/borgmatic/config.yaml", "repositories:\n  - path: ssh://backup@backup.example.nl/./results\nencryption_passcommand: pass borg\n<<: !include common.yaml\n");
        Write("etc/borgmatic/common.yaml", Module());
        Scan().ShouldBe([Binary("etc/borgmatic/common.yaml", "borgmatic")]);
    }

    [Fact]
    public void Resticprofile()
    {
        Write("etc/resticprofile/profiles.toml", "version = \"1\"\nincludes = [\"extra.toml\"]\n\n[default]\nrepository = \"sftp:backup@backup.example.nl:/results\"\npassword-file = \"key\"\n");
        Write("etc/resticprofile/extra.toml", Module());
        Scan().ShouldBe([Binary("etc/resticprofile/extra.toml", "resticprofile")]);
    }

    [Fact]
    public void Bacula()
    {
        Write("etc/bacula/bacula-dir.conf", "Director {\n  Name = results-dir\n  Password = \"x\"\n  WorkingDirectory = /var/lib/bacula\n  PidDirectory = /run/bacula\n  QueryFile = /etc/bacula/scripts/query.sql\n}\n@/etc/bacula/clients.conf\n");
        Write("etc/bacula/clients.conf", Module());
        Scan().ShouldBe([Binary("etc/bacula/clients.conf", "bacula")]);
    }
}
