using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>One parser under test: how to call it, and text that leaves its grammar unterminated.</summary>
/// <param name="Name">The format.</param>
/// <param name="Parse">Parses a source and returns its diagnostics.</param>
/// <param name="BrokenSuffix">Appended to any file, makes it certainly invalid (an unclosed block, quote or section).</param>
/// <param name="Nest">Text that opens <c>n</c> nested blocks and never closes them (null when the format has no nesting).</param>
/// <param name="Repeat">A line that is a complete statement, for the 100,000-statement input.</param>
internal sealed record HostileFormat(string Name, Func<SourceText, IReadOnlyList<SyntaxDiagnostic>> Parse, string BrokenSuffix, Func<int, string>? Nest, string Repeat)
{
    public static HostileFormat Nginx { get; } = new("nginx", s => NginxSyntaxTree.Parse(s).Diagnostics, "\nserver {\n    listen 443 ssl;\n", n => string.Concat(Enumerable.Repeat("location / {\n", n)), "add_header X-Frame-Options DENY;\n");

    public static HostileFormat Apache { get; } = new("apache", s => ApacheSyntaxTree.Parse(s).Diagnostics, "\n<VirtualHost *:443>\n    ServerName example.org\n", n => string.Concat(Enumerable.Repeat("<IfModule mod_ssl.c>\n", n)), "Header always set X-Frame-Options DENY\n");

    public static HostileFormat Zone { get; } = new("zone", s => ZoneParser.Parse(s).Diagnostics, "\nwww 3600 IN TXT \"never closed\n", null, "www 3600 IN A 192.0.2.1\n");

    public static HostileFormat NamedConf { get; } = new("named.conf", s => NamedConfParser.Parse(s).Diagnostics, "\nzone \"example.org\" {\n    type primary;\n", n => "options " + string.Concat(Enumerable.Repeat("{ ", n)), "zone \"example.org\" { type primary; file \"db.example\"; };\n");

    public static HostileFormat Descriptor { get; } = new("descriptor", s => DescriptorLoader.Parse(s).Diagnostics, "\nsites: [ { name: \"never closed\n", n => "election: " + new string('[', n), "- name: results\n");

    public static HostileFormat Yaml { get; } = new("yaml", s => YamlParser.Parse(s, InputFormat.Borgmatic).Diagnostics, "\nrepositories: [ \"never closed\n", n => "repositories: " + new string('[', n), "- path: /backup\n");

    public static HostileFormat Toml { get; } = new("toml", s => TomlParser.Parse(s, InputFormat.Resticprofile).Diagnostics, "\n[default\nrepository = \"never closed\n", n => "default = " + new string('[', n), "x = 1\n");

    public static HostileFormat Bacula { get; } = new("bacula", s => BaculaParser.Parse(s).Diagnostics, "\nJob {\n  Name = \"never closed\n", n => string.Concat(Enumerable.Repeat("Include {\n", n)), "Pool { Name = P; Volume Retention = 30 days }\n");

    public static HostileFormat Pem { get; } = new("pem", s => PemCertificateFile.Parse(s).Diagnostics, "\n-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n", null, "# comment\n");

    public static IReadOnlyList<HostileFormat> All { get; } = [Nginx, Apache, Zone, NamedConf, Descriptor, Yaml, Toml, Bacula, Pem];

    /// <summary>The formats a corpus or fixture file is in, judged by its path (corpus family folder, then extension).</summary>
    public static IReadOnlyList<HostileFormat> ForPath(string path)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (path.StartsWith("nginx/", StringComparison.Ordinal))
        {
            return [Nginx];
        }

        if (path.StartsWith("apache/", StringComparison.Ordinal))
        {
            return [Apache];
        }

        if (path.Contains("bacula", StringComparison.OrdinalIgnoreCase))
        {
            return [Bacula];
        }

        if (path.StartsWith("dns/", StringComparison.Ordinal))
        {
            return name.Contains("named", StringComparison.Ordinal) ? [NamedConf] : [Zone];
        }

        return extension switch
        {
            ".yml" or ".yaml" => [Descriptor, Yaml],
            ".toml" => [Toml],
            ".pem" or ".crt" => [Pem],
            ".zone" or ".example" => [Zone],
            ".conf" => path.Contains("named", StringComparison.Ordinal) ? [NamedConf] : [Nginx, Apache],

            // HCL and anything unknown: no parser claims them, so every parser must survive them.
            _ => All,
        };
    }
}
