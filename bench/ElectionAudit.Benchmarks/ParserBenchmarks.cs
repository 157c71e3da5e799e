using BenchmarkDotNet.Attributes;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Benchmarks;

/// <summary>
/// One parse of each format's largest corpus file (the samples when the corpus is absent), with allocations:
/// the parsers are meant to be linear and to allocate little beyond the tree they return.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private SourceText _nginx = null!;
    private SourceText _apache = null!;
    private SourceText _zone = null!;
    private SourceText _descriptor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _nginx = Inputs.LargestOr("nginx", "samples/web/nginx/sites-enabled/results.conf", f => f.EndsWith(".conf", StringComparison.Ordinal));
        _apache = Inputs.LargestOr("apache", "samples/web/nginx/nginx.conf", f => f.EndsWith(".conf", StringComparison.Ordinal));
        _zone = Inputs.LargestOr("dns", "samples/dns/elections.example.nl.zone");
        _descriptor = SourceText.FromBytes("election-infrastructure.yml", File.ReadAllBytes(Path.Combine(Inputs.RepositoryRoot, "samples", "election-infrastructure.yml")));
        Console.WriteLine($"// inputs: nginx {_nginx.Path} ({_nginx.Text.Length} chars), apache {_apache.Path} ({_apache.Text.Length}), zone {_zone.Path} ({_zone.Text.Length}), descriptor ({_descriptor.Text.Length})");
    }

    /// <summary>nginx tokenizer and parser.</summary>
    [Benchmark]
    public SyntaxTree Nginx() => NginxSyntaxTree.Parse(_nginx);

    /// <summary>Apache httpd parser.</summary>
    [Benchmark]
    public SyntaxTree Apache() => ApacheSyntaxTree.Parse(_apache);

    /// <summary>RFC 1035 master file parser with typed record data (the root zone: about 22,000 records).</summary>
    [Benchmark]
    public SyntaxTree Zone() => ZoneParser.Parse(_zone, DomainName.Root);

    /// <summary>The YAML descriptor.</summary>
    [Benchmark]
    public SyntaxTree Descriptor() => YamlParser.Parse(_descriptor, InputFormat.Descriptor);
}
