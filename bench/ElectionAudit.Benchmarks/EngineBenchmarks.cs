using BenchmarkDotNet.Attributes;
using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Benchmarks;

/// <summary>
/// The engine in process: loading, model binding and every built-in rule over samples/ and over a generated repository
/// of many small sites (the shape that exposed quadratic lookups in binding), without process start-up or disk.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private AuditEngine _engine = null!;
    private InMemoryFileSystem _samples = null!;
    private List<string> _samplePaths = null!;
    private InMemoryFileSystem _generated = null!;
    private List<string> _generatedPaths = null!;

    /// <summary>Sites in the generated repository.</summary>
    [Params(200)]
    public int Sites { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new AuditEngine(BuiltInRules.All);
        var samples = Inputs.Samples();
        _samples = new InMemoryFileSystem(samples);
        _samplePaths = [.. samples.Select(kv => kv.Key)];
        var generated = Generate(Sites);
        _generated = new InMemoryFileSystem(generated);
        _generatedPaths = [.. generated.Select(kv => kv.Key)];
    }

    /// <summary>samples/: every format, every rule.</summary>
    [Benchmark]
    public int Samples() => _engine.Analyze(_samples, _samplePaths, maxDegreeOfParallelism: 1).Findings.Length;

    /// <summary>A descriptor with <see cref="Sites"/> sites, each with an nginx server file and a zone.</summary>
    [Benchmark]
    public int GeneratedSites() => _engine.Analyze(_generated, _generatedPaths, maxDegreeOfParallelism: 1).Findings.Length;

    /// <summary>The same shape as bench/generate-corpus.py writes, kept small and in memory.</summary>
    private static List<KeyValuePair<string, string>> Generate(int sites)
    {
        var files = new List<KeyValuePair<string, string>>();
        var descriptorSites = new System.Text.StringBuilder();
        var descriptorZones = new System.Text.StringBuilder();
        for (int index = 0; index < sites; index++)
        {
            var domain = $"site{index:00000}.elections.example";
            files.Add(new($"web/nginx/sites-enabled/site{index:00000}.conf",
                $"server {{\n    listen 443 ssl;\n    server_name {domain} www.{domain};\n    ssl_certificate ssl/site.pem;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n    location / {{\n        try_files $uri =404;\n    }}\n}}\n"));
            files.Add(new($"dns/{domain}.zone",
                $"$ORIGIN {domain}.\n$TTL 3600\n@ IN SOA ns1.{domain}. hostmaster.{domain}. 1 3600 900 1209600 3600\n@ IN NS ns1.{domain}.\n@ IN NS ns2.secondary.example.net.\nns1 IN A 192.0.2.{index % 250 + 1}\n@ IN A 198.51.100.{index % 250 + 1}\nwww IN CNAME {domain}.\n@ IN CAA 0 issue \"letsencrypt.org\"\n@ IN TXT \"v=spf1 -all\"\n_dmarc IN TXT \"v=DMARC1; p=reject\"\n"));
            descriptorSites.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: site{index:00000}\n    hosts: [{domain}, www.{domain}]\n    role: {(index % 10 == 0 ? "results" : "info")}\n");
            descriptorZones.Append(System.Globalization.CultureInfo.InvariantCulture, $"    - name: {domain}.\n      file: dns/{domain}.zone\n");
        }

        files.Add(new("web/nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*.conf;\n}\n"));
        files.Add(new("election-infrastructure.yml", $"version: 1\nelection:\n  name: Benchmark\n  date: 2027-03-17\nsites:\n{descriptorSites}dns:\n  zones:\n{descriptorZones}"));
        return files;
    }
}
