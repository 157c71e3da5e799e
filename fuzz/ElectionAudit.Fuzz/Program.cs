using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
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
/// One AFL++ harness per parser, chosen by the first argument. Each feeds the input bytes, decoded as the scanner decodes
/// a file, to the parser and lets any exception escape: a parser must never throw, so AFL++ counts an exception as a
/// crash. Hangs are AFL++'s own timeout (-t). The <c>scan</c> harness (<see cref="ScanHarness"/>) runs the whole engine
/// with the built-in rules over a small repository one file of which is the input.
/// </summary>
internal static class Program
{
    /// <summary>The harnesses by name: the parser entry points the scanner calls for each format, and the whole scan.</summary>
    private static readonly Dictionary<string, Action<byte[]>> Harnesses = new(StringComparer.Ordinal)
    {
        ["nginx"] = Parse(source => NginxSyntaxTree.Parse(source)),
        ["apache"] = Parse(source => ApacheSyntaxTree.Parse(source)),
        ["zone"] = Parse(source => ZoneParser.Parse(source)),
        ["namedconf"] = Parse(source => NamedConfParser.Parse(source)),
        ["descriptor"] = Parse(source => DescriptorLoader.Parse(source)),
        // The loader follows the input's includes (to itself, or to the two fixed files below) and the reader merges them.
        ["borgmatic"] = Parse(Borgmatic, "etc/borgmatic.d/input.yaml"),
        // The path gives the resticprofile harness its YAML reading; the TOML one has its own harness.
        ["resticprofile"] = Parse(source => ResticprofileLoader.Parse(source), "profiles.yaml"),
        ["resticprofile-toml"] = Parse(source => TomlParser.Parse(source, InputFormat.Resticprofile)),
        // The loader follows the input's includes (to the fixed files below, which include it back) and the binder reads
        // every director's jobs, with a fixed file daemon's configuration for their encryption.
        ["bacula"] = Parse(Bacula, "etc/bacula/bacula-dir.conf"),
        ["pem"] = Parse(source => PemCertificateFile.Parse(source)),
        // Binders and built-in rules over a small repository, one file of which is the input (ScanHarness).
        ["scan"] = ScanHarness.Run,
    };

    /// <summary>
    /// Whether ELECTIONAUDIT_FUZZ_TRACE=1 is set, for replaying an input by hand: every exception's stack where it is thrown,
    /// and the scan harness's findings, go to standard error.
    /// </summary>
    public static bool Trace { get; } = Environment.GetEnvironmentVariable("ELECTIONAUDIT_FUZZ_TRACE") == "1";

    public static int Main(string[] args)
    {
        if (args is ["--core-prefixes"])
        {
            // run.sh's list of what SharpFuzz instruments in ElectionAudit.Core: every namespace and, in ElectionAudit.Engine,
            // every type but BudgetedWorkers. Its waiting thread runs while a worker runs the rules, and SharpFuzz keeps one
            // previous location for all threads, so the waiting thread's code made edges that differ from run to run.
            var prefixes = typeof(AuditEngine).Assembly.GetTypes()
                .Where(t => !t.IsNested)
                .Select(t => t.Namespace == "ElectionAudit.Engine" ? t.FullName : t.Namespace)
                .Where(name => !string.IsNullOrEmpty(name) && name != "ElectionAudit.Engine.BudgetedWorkers")
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            Console.WriteLine(string.Join('\n', prefixes));
            return 0;
        }

        if (args is ["--scan-seeds", var directory])
        {
            // run.sh's seeds for the scan harness: each fixed file with the selector byte that picks it.
            for (int i = 0; i < ScanHarness.Targets.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(directory, $"fixed-{i}"), ScanHarness.Seed(i));
            }

            return 0;
        }

        if (args is [var replayName, "--replay", var folder] && Harnesses.TryGetValue(replayName, out var replayed))
        {
            // Every file of a folder (an AFL++ queue, say) through the harness once, in one process, without AFL++: for a
            // build that SharpFuzz has not instrumented (instrumented code needs the coverage map Fuzzer.OutOfProcess sets up).
            int failed = 0, count = 0;
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                count++;
                try
                {
                    replayed(File.ReadAllBytes(file));
                }
#pragma warning disable CA1031 // Each failure is reported and the replay goes on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failed++;
                    Console.Error.WriteLine($"{file}: {ex.GetType().FullName}: {ex.Message}");
                }
            }

            Console.WriteLine($"{count} inputs, {failed} failed");
            return failed == 0 ? 0 : 1;
        }

        if (args.Length != 1 || !Harnesses.TryGetValue(args[0], out var harness))
        {
            Console.Error.WriteLine($"usage: ElectionAudit.Fuzz <{string.Join('|', Harnesses.Keys)}>  (input on standard input, run by afl-fuzz)");
            Console.Error.WriteLine("       ElectionAudit.Fuzz <harness> --replay <folder>  (uninstrumented build: every file of the folder once)");
            Console.Error.WriteLine("       ElectionAudit.Fuzz --scan-seeds <folder> | --core-prefixes  (for run.sh)");
            return 2;
        }

        if (Trace)
        {
            // For replaying a crash: the stack of every exception where it is thrown, including one a rule throws and the
            // engine turns into EA0001 (whose finding keeps only the type and message).
            AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
                Console.Error.WriteLine($"first chance: {e.Exception.GetType().FullName}: {e.Exception.Message}\n{new System.Diagnostics.StackTrace(1, true)}");
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            harness(buffer.ToArray());
        });
        return 0;
    }

    /// <summary>A parser harness: the input decoded as the scanner decodes a file, under <paramref name="path"/>.</summary>
    private static Action<byte[]> Parse(Action<SourceText> parser, string path = "input") =>
        bytes => parser(SourceText.FromBytes(path, bytes));

    // Fixed files an input can include: one with every kind of merge, tag and constant, and one that includes it and the input.
    private const string BorgmaticCommon = """
        constants:
            vault: ssh://backup@vault.example.nl
        repositories:
            - path: "{vault}/./common.borg"
            - /mnt/local.borg
        retention:
            keep_daily: 7
        checks: !retain
            - name: extract
        source_directories:
            - !omit /home
            - /etc
        """;

    private const string BorgmaticShared = """
        keep_weekly: 4
        <<: !include [/etc/borgmatic/common.yaml, ../borgmatic.d/input.yaml]
        """;

    // Fixed files a Bacula input can include: resources every part of the reader looks at, and one that includes the input.
    private const string BaculaPools = """
        Storage {
          Name = Vault
          Address = sd.vault.example
        }
        Pool {
          Name = Full
          Volume Retention = 1 year 6 months
          Storage = Vault
          Next Pool = Tape
        }
        Schedule {
          Name = Nightly
          Run = Level=Full 1st sun at 23:05
          Run = Incremental mon-sat at 23:05
        }
        JobDefs {
          Name = Defaults
          Type = Backup
          Client = results-fd
          Pool = Full
          Schedule = Nightly
        }
        @/etc/bacula/bacula-dir.conf
        """;

    private const string BaculaFileDaemon = """
        FileDaemon {
          Name = results-fd
          PKI Encryption = yes
        }
        """;

    private static void Bacula(SourceText source)
    {
        var files = new InMemoryFileSystem().Add("etc/bacula/pools.conf", BaculaPools).Add("etc/bacula/bacula-fd.conf", BaculaFileDaemon);
        var filesWithInput = new InputAndFixed(source, files);
        var result = new Syntax.Bacula.BaculaLoader().Load([source.Path, "etc/bacula/bacula-fd.conf", "etc/bacula/pools.conf"], filesWithInput, new LoadOptions(1));
        _ = BackupBinder.Bind([], result.Trees);
    }

    private static void Borgmatic(SourceText source)
    {
        var files = new InMemoryFileSystem().Add("etc/borgmatic/common.yaml", BorgmaticCommon).Add("etc/borgmatic/shared.yaml", BorgmaticShared);
        var filesWithInput = new InputAndFixed(source, files);
        var result = new BorgmaticLoader().Load([source.Path, "etc/borgmatic/shared.yaml"], filesWithInput, new LoadOptions(1));
        foreach (var tree in result.Trees)
        {
            _ = BackupConfigurationReaders.Read(tree);
        }
    }

    /// <summary>The input file beside fixed files.</summary>
    private sealed class InputAndFixed(SourceText source, InMemoryFileSystem files) : IScanFileSystem
    {
        public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver([source.Path, .. files.Paths], pattern);

        public bool FileExists(string relativePath) => relativePath == source.Path || files.FileExists(relativePath);

        public SourceText? TryRead(string relativePath) => relativePath == source.Path ? source : files.TryRead(relativePath);
    }
}
