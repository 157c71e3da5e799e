using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;
using ElectionAudit.Tls;
using SharpFuzz;

namespace ElectionAudit.Fuzz;

/// <summary>
/// One AFL++ harness per parser, chosen by the first argument. Each feeds the input bytes, decoded as the scanner
/// decodes a file, to the parser and lets any exception escape: a parser must never throw, so AFL++ counts an exception
/// as a crash. Hangs are AFL++'s own timeout (-t).
/// </summary>
internal static class Program
{
    /// <summary>The harnesses by name: the parser entry points the scanner calls for each format.</summary>
    private static readonly Dictionary<string, Action<SourceText>> Harnesses = new(StringComparer.Ordinal)
    {
        ["nginx"] = source => NginxSyntaxTree.Parse(source),
        ["apache"] = source => ApacheSyntaxTree.Parse(source),
        ["zone"] = source => ZoneParser.Parse(source),
        ["namedconf"] = source => NamedConfParser.Parse(source),
        ["descriptor"] = source => DescriptorLoader.Parse(source),
        ["borgmatic"] = source => new BorgmaticLoader().Load([source.Path], new SingleFile(source), new LoadOptions(1)),
        ["resticprofile"] = source => ResticprofileLoader.Parse(source),
        ["resticprofile-toml"] = source => TomlParser.Parse(source, InputFormat.Resticprofile),
        ["pem"] = source => PemCertificateFile.Parse(source),
    };

    public static int Main(string[] args)
    {
        if (args.Length != 1 || !Harnesses.TryGetValue(args[0], out var harness))
        {
            Console.Error.WriteLine($"usage: ElectionAudit.Fuzz <{string.Join('|', Harnesses.Keys)}>  (input on standard input, run by afl-fuzz)");
            return 2;
        }

        // The path gives the resticprofile harness its YAML reading; the TOML one has its own harness.
        var path = args[0] == "resticprofile" ? "profiles.yaml" : "input";
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            harness(SourceText.FromBytes(path, buffer.ToArray()));
        });
        return 0;
    }

    /// <summary>A scan holding one file, for harnesses that go through a loader.</summary>
    private sealed class SingleFile(SourceText source) : IScanFileSystem
    {
        public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver([source.Path], pattern);

        public bool FileExists(string relativePath) => relativePath == source.Path;

        public SourceText? TryRead(string relativePath) => relativePath == source.Path ? source : null;
    }
}
