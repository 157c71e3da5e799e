using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>
/// What the Bacula reader takes a director's configuration to say, against Bacula's own reader: Debian's <c>bdirjson</c>
/// (Bacula 9.6.7, package bacula-director; .ci/run installs it) prints the configuration bacula-dir would run with, includes
/// read and each Job's JobDefs applied, durations in seconds. The resources (type and name) must be the same, and so must
/// every directive the backup model reads. bdirjson also checks each directive's type, which the reader does not, so the
/// rejection test keeps to errors of the grammar.
/// </summary>
public sealed partial class BaculaDifferentialTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ea-bacula-").FullName;

    // bdirjson stops at a director without these; every layout below starts with it.
    internal const string DirectorHead = """
        Director {
          Name = test-dir
          Password = "director-secret"
          Messages = Daemon
          QueryFile = "/etc/bacula/scripts/query.sql"
          WorkingDirectory = /var/lib/bacula
          PidDirectory = /run/bacula
        }
        Catalog {
          Name = MyCatalog
          dbname = "bacula"; dbuser = "bacula"; dbpassword = ""
        }
        Messages {
          Name = Daemon
          console = all, !skipped, !saved
        }

        """;

    /// <summary>Configurations written as administrators write them, each a set of files; the first is the director's, and <c>{dir}</c> is the folder they are in.</summary>
    public static TheoryData<string, Dictionary<string, string>> Layouts => new()
    {
        {
            "lexer-jobdefs-and-pools", new()
            {
                ["bacula-dir.conf"] = DirectorHead + """
                    # Keywords are matched without their blanks and case; ';' ends a directive as a line break does.
                    messages { Name = Standard; Console = all
                    }
                    Client {
                      Name = web-fd
                      Address = web1.results.example   # a comment after a value
                      Password = "with \"quotes\" and # not a comment"
                      Catalog = MyCatalog
                      File Retention = 60 days
                      Job Retention = 6 months
                    }
                    Storage {
                      Name = "Off Site"
                      Address = 192.0.2.10
                      Password = "s"
                      Device = FileStorage
                      Media Type = File
                    }
                    Storage {
                      Name = Local
                      Address = localhost
                      Password = "s"
                      Device = FileStorage
                      Media Type = File
                    }
                    Pool {
                      Name = Full
                      Pool Type = Backup
                      VOLUME RETENTION = 1 year 6 months
                      Storage = "Off Site"
                      Next Pool = Vault
                    }
                    Pool {
                      Name = Inc
                      PoolType = Backup
                      Volume Retention = 30 d
                      AutoPrune = no
                    }
                    Pool {
                      Name = Vault
                      Pool Type = Backup
                      Volume Retention = 2 years
                      Storage = Local
                    }
                    FileSet {
                      Name = "Full Set"
                      Include {
                        Options { signature = MD5 }
                        File = /var/lib/postgresql
                      }
                    }
                    Schedule {
                      Name = Nightly
                      Run = Level=Full 1st sun at 23:05
                      Run = Incremental mon-sat at 23:05
                    }
                    JobDefs {
                      Name = Defaults
                      Type = Backup
                      Level = Incremental
                      Client = web-fd
                      FileSet = "Full Set"
                      Schedule = Nightly
                      Storage = Local
                      Messages = Standard
                      Pool = Full
                      Priority = 10
                    }
                    Job {
                      Name = Results DB 1
                      JobDefs = Defaults
                      Full Backup Pool = Full
                      Incremental Backup Pool = Inc
                    }
                    Job {
                      Name = "Verify results"
                      Type = Verify
                      Level = VolumeToCatalog
                      Verify Job = ResultsDB1
                      JobDefs = Defaults
                    }
                    Job {
                      Name = CopyToVault
                      Type = Copy
                      Selection Type = PoolUncopiedJobs
                      JobDefs = Defaults
                      Pool = Full
                    }
                    """,
            }
        },
        {
            "includes-at-top-inside-and-nested", new()
            {
                ["bacula-dir.conf"] = DirectorHead + """
                    Messages {
                      Name = Standard
                      console = all
                    }
                    @{dir}/pools.conf
                    @"{dir}/client with space.conf"
                    Job {
                      Name = Site
                      @{dir}/job-body.conf
                      Client = www-fd
                    }
                    """,
                ["pools.conf"] = """
                    Pool {
                      Name = Default
                      Pool Type = Backup
                      Volume Retention = 90 days
                      Storage = File1
                    }
                    @{dir}/storage.conf
                    """,
                ["storage.conf"] = """
                    Storage {
                      Name = File1
                      Address = sd.example.org
                      Password = "x"
                      Device = FileChgr1
                      Media Type = File1
                    }
                    """,
                ["client with space.conf"] = """
                    Client {
                      Name = www-fd
                      Address = www.example.org
                      Password = "y"
                      Catalog = MyCatalog
                    }
                    FileSet {
                      Name = Web
                      Include {
                        File = /srv/www
                      }
                    }
                    """,
                ["job-body.conf"] = """
                    Type = Backup
                    Level = Full
                    FileSet = Web
                    Pool = Default
                    Storage = File1
                    Messages = Standard
                    """,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Resources_and_the_directives_the_model_reads_are_what_bdirjson_prints(string name, Dictionary<string, string> files)
    {
        var folder = Path.Combine(_directory, name);
        Directory.CreateDirectory(folder);
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, path), text.Replace("{dir}", folder, StringComparison.Ordinal));
        }

        var main = files.Keys.First();
        var theirs = Bdirjson(Path.Combine(folder, main));
        theirs.ExitCode.ShouldBe(0, theirs.Errors);
        Ours(folder, main).ShouldBe(Theirs(theirs.Output), $"{name}: the reader's resources (left) and bdirjson's (right)");
    }

    /// <summary>The director configurations of the corpus, copied with their includes pointed at the copies, and Debian's default one.</summary>
    [Fact]
    public void The_corpus_and_debian_director_configurations_read_as_bdirjson_reads_them()
    {
        var layouts = new List<(string Folder, string Main)>();
        if (CorpusPaths.TryFindCorpus() is { } corpus)
        {
            foreach (var main in Directory.EnumerateFiles(Path.Combine(corpus, "backup"), "bacula-dir.conf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var source = Path.GetDirectoryName(main)!;
                var copy = Path.Combine(_directory, "corpus-" + Path.GetFileName(source));
                foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
                {
                    var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    // The deployed machine's paths, pointed at the copy; a command's output is left out on both sides, since
                    // the scan does not run commands.
                    var lines = File.ReadAllLines(file)
                        .Where(l => !l.TrimStart().StartsWith("@|", StringComparison.Ordinal))
                        .Select(l => l.Replace("@/etc/bacula/", "@" + copy + "/", StringComparison.Ordinal));
                    File.WriteAllLines(target, lines);
                }

                layouts.Add((copy, "bacula-dir.conf"));
            }
        }

        if (File.Exists("/etc/bacula/bacula-dir.conf"))
        {
            var copy = Directory.CreateDirectory(Path.Combine(_directory, "debian")).FullName;
            File.Copy("/etc/bacula/bacula-dir.conf", Path.Combine(copy, "bacula-dir.conf"));
            layouts.Add((copy, "bacula-dir.conf"));
        }
        else if (ExternalProgram.IsCi)
        {
            Assert.Fail("/etc/bacula/bacula-dir.conf is missing: .ci/run installs bacula-director, which writes it");
        }

        var compared = 0;
        var missing = 0;
        foreach (var (folder, main) in layouts)
        {
            var theirs = Bdirjson(Path.Combine(folder, main));
            if (theirs.ExitCode == 0)
            {
                Ours(folder, main).ShouldBe(Theirs(theirs.Output), $"{folder}: the reader's resources (left) and bdirjson's (right)");
                Findings(folder, main).ShouldBeEmpty($"{folder}: bdirjson accepts it");
                compared++;
                continue;
            }

            // The corpus's repositories leave out some of the files they include: bdirjson stops at the first, and the
            // loader reports it, in the same file and on the same line, as EA0003.
            if (MissingInclude().Match(theirs.Output + theirs.Errors) is { Success: true } match)
            {
                var file = Path.GetRelativePath(folder, match.Groups["file"].Value).Replace('\\', '/');
                var line = int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                Load(folder, main).Diagnostics.ShouldContain(
                    d => d.RuleId == "EA0003" && d.Location.Path == file && d.Location.StartLine == line,
                    $"{folder}: bdirjson says {match.Value}");
                missing++;
            }
        }

        (compared + missing).ShouldBeGreaterThanOrEqualTo(layouts.Count - 1, "layouts bdirjson read, or stopped at a missing include");
        compared.ShouldBeGreaterThanOrEqualTo(File.Exists("/etc/bacula/bacula-dir.conf") ? 1 : 0);
    }

    [GeneratedRegex(@"Cannot open included config file .*\n(?:.*\n)*?.*: line (?<line>[0-9]+), col [0-9]+ of file (?<file>\S+)")]
    private static partial Regex MissingInclude();

    private static LoadResult Load(string folder, string main)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            fileSystem.Add(Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        return new BaculaLoader().Load([main], fileSystem, new LoadOptions(1));
    }

    /// <summary>
    /// Every director configuration of the samples and the rule fixtures (markers removed) is one bacula-dir would run, and
    /// reads as bdirjson reads it: the fixtures judge configurations Bacula accepts.
    /// </summary>
    [Fact]
    public void The_samples_and_rule_fixtures_are_configurations_bdirjson_accepts_and_read_as_it_reads_them()
    {
        var root = Descriptor.DescriptorLoaderTests.FindRepositoryRoot();
        var mains = Directory.EnumerateFiles(Path.Combine(root, "samples"), "bacula-dir.conf", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests", "ElectionAudit.Rules.Tests", "Fixtures"), "bacula-dir.conf", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        mains.Count.ShouldBeGreaterThanOrEqualTo(12);
        var fileDaemons = 0;
        foreach (var main in mains)
        {
            var source = Path.GetDirectoryName(main)!;
            var copy = Path.Combine(_directory, "fixture-" + Path.GetRelativePath(root, source).Replace('/', '-').Replace('\\', '-'));
            foreach (var file in Directory.EnumerateFiles(source))
            {
                Directory.CreateDirectory(copy);
                File.WriteAllText(Path.Combine(copy, Path.GetFileName(file)), Marker().Replace(File.ReadAllText(file), "$1"));
            }

            var theirs = Bdirjson(Path.Combine(copy, "bacula-dir.conf"));
            theirs.ExitCode.ShouldBe(0, $"{main}: {theirs.Output}{theirs.Errors}");
            Ours(copy, "bacula-dir.conf").ShouldBe(Theirs(theirs.Output), $"{main}: the reader's resources (left) and bdirjson's (right)");
            Findings(copy, "bacula-dir.conf").ShouldBeEmpty($"{main}: bdirjson accepts it");
            if (File.Exists(Path.Combine(copy, "bacula-fd.conf")))
            {
                var fileDaemon = ExternalProgram.Run(ExternalProgram.Require("bfdjson"), ["-c", Path.Combine(copy, "bacula-fd.conf")]);
                fileDaemon.ExitCode.ShouldBe(0, $"{main}: bfdjson: {fileDaemon.StdOut}{fileDaemon.StdErr}");
                Findings(copy, "bacula-fd.conf").ShouldBeEmpty($"{main}: bfdjson accepts its bacula-fd.conf");
                fileDaemons++;
            }
        }

        fileDaemons.ShouldBeGreaterThanOrEqualTo(3);
    }

    // The loader's findings for a file and what it includes: grammar errors, includes and the checks.
    private static List<string> Findings(string folder, string main)
    {
        var loaded = Load(folder, main);
        return [.. loaded.Diagnostics.Concat(loaded.Trees.SelectMany(t => t.Diagnostics)).Select(d => $"{d.RuleId} {d.Location} {d.Message}")];
    }

    [GeneratedRegex(@"\{\|[A-Z]{2}[0-9]{4}:(.*?)\|\}")]
    private static partial Regex Marker();

    /// <summary>Errors of the grammar: bdirjson refuses each file, and the parser reports EA0002 at the line bdirjson names.</summary>
    [Theory]
    [InlineData("unclosed-resource", "Pool {\n  Name = P\n  Pool Type = Backup\n")]
    [InlineData("brace-without-resource", "}\n")]
    [InlineData("keyword-without-equals", "Pool {\n  Name P\n}\n")]
    [InlineData("number-as-keyword", "Pool {\n  5 = P\n}\n")]
    [InlineData("unterminated-string", "Pool {\n  Name = \"P\n}\n")]
    [InlineData("value-on-the-next-line", "Pool {\n  Name =\n  P\n}\n")]
    public void Grammar_errors_bdirjson_refuses_are_EA0002(string name, string text)
    {
        var path = Path.Combine(_directory, name + ".conf");
        File.WriteAllText(path, DirectorHead + text);
        var theirs = Bdirjson(path);
        theirs.ExitCode.ShouldNotBe(0, $"{name}: bdirjson accepted it");
        var tree = BaculaParser.Parse(new SourceText(name + ".conf", DirectorHead + text));
        tree.Diagnostics.ShouldNotBeEmpty($"{name}: bdirjson says {theirs.Errors}");
        tree.Diagnostics.ShouldAllBe(d => d.RuleId == "EA0002");
    }

    /// <summary>
    /// The checks' table against the programs themselves: each directive of each resource type is one bdirjson (or
    /// bfdjson) takes there, and a sample of the others' directives are ones it refuses there as "not permitted".
    /// </summary>
    [Theory]
    [InlineData("bdirjson", 400, "Tenant")]
    [InlineData("bfdjson", 130, "Schedule")]
    [InlineData("bsdjson", 150, null)]
    [InlineData("bbconsjson", 25, null)]
    public void The_directive_tables_are_what_the_daemons_accept(string dumper, int minimumProbes, string? newType)
    {
        var daemon = dumper switch
        {
            "bdirjson" => BaculaDaemon.Director,
            "bfdjson" => BaculaDaemon.FileDaemon,
            "bsdjson" => BaculaDaemon.StorageDaemon,
            _ => BaculaDaemon.Console,
        };
        var program = ExternalProgram.Require(dumper);
        var head = daemon switch
        {
            BaculaDaemon.Director => BaculaChecksTests.Director,
            BaculaDaemon.FileDaemon => BaculaChecksTests.FileDaemon,
            _ => BaculaChecksTests.TextOf(daemon),
        };
        var table = BaculaKeywords.For(daemon);
        var every = table.Values.SelectMany(t => t.Directives.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var probes = new List<(string Type, string Keyword, bool Permitted)>();
        var newTypes = new List<string>();
        foreach (var type in table.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            // A type only a newer Bacula has (the director's Tenant) is one 9.6.7 does not know at all.
            if (type.Directives.Values.All(d => d.Added))
            {
                newTypes.Add(type.Name);
                continue;
            }

            // A directive only a newer Bacula has is one 9.6.7 refuses.
            probes.AddRange(type.Directives.Values.Where(d => !d.Name.Equals("Name", StringComparison.OrdinalIgnoreCase)).Select(d => (type.Name, d.Name, !d.Added)));
            // Every seventh of the directives this type does not have, so that each type is asked about a spread of them.
            probes.AddRange(every.Where(k => !type.Directives.ContainsKey(k)).Where((_, i) => i % 7 == 0).Select(k => (type.Name, k, false)));
        }

        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        var counter = 0;
        Parallel.ForEach(probes, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, probe =>
        {
            var path = Path.Combine(_directory, $"probe-{Interlocked.Increment(ref counter)}.conf");
            File.WriteAllText(path, head + $"{probe.Type} {{\n  Name = probe-x\n  {probe.Keyword} = probe\n}}\n");
            var (_, output, errors) = ExternalProgram.Run(program, ["-c", path]);
            if ((output + errors).Contains($"Keyword \"{probe.Keyword}\" not permitted in this resource", StringComparison.Ordinal) == probe.Permitted)
            {
                wrong.Add($"{probe.Type}.{probe.Keyword}: the table says {(probe.Permitted ? "permitted" : "not permitted")}");
            }
        });
        foreach (var type in newTypes)
        {
            var path = Path.Combine(_directory, $"type-{type}.conf");
            File.WriteAllText(path, head + $"{type} {{\n  Name = probe-x\n}}\n");
            var (_, output, errors) = ExternalProgram.Run(program, ["-c", path]);
            if (!(output + errors).Contains($"expected resource name, got: {type}", StringComparison.Ordinal))
            {
                wrong.Add($"{type}: the table says only a newer Bacula has it");
            }
        }

        wrong.Order(StringComparer.Ordinal).ShouldBeEmpty();
        probes.Count.ShouldBeGreaterThan(minimumProbes);
        newTypes.ShouldBe(newType is null ? [] : [newType]);
    }

    public static TheoryData<int> OtherVariants => new(Enumerable.Range(0, BaculaChecksTests.OtherVariants.Length));

    /// <summary>Each storage daemon or console the checks report, its dumper refuses with the words the finding quotes.</summary>
    [Theory]
    [MemberData(nameof(OtherVariants))]
    public void What_the_checks_report_of_a_storage_daemon_or_console_its_dumper_refuses(int index)
    {
        var (daemon, find, replace, expected) = BaculaChecksTests.OtherVariants[index];
        var program = ExternalProgram.Require(daemon == BaculaDaemon.StorageDaemon ? "bsdjson" : "bbconsjson");
        var path = Path.Combine(_directory, $"other-{index}.conf");
        File.WriteAllText(path, BaculaChecksTests.TextOf(daemon).Replace(find, replace, StringComparison.Ordinal));
        var (exitCode, output, errors) = ExternalProgram.Run(program, ["-c", path]);
        exitCode.ShouldNotBe(0, $"{program} accepted variant {index}");
        ShouldSayWhatTheFindingQuotes(output + errors, expected[0], QuotedDaemonWords());
    }

    /// <summary>Debian's default storage daemon and console configurations, and the corpus's that their dumpers accept, give no finding.</summary>
    [Theory]
    [InlineData("bacula-sd.conf", "bsdjson")]
    [InlineData("bconsole.conf", "bbconsjson")]
    public void The_storage_daemon_and_console_configurations_their_dumpers_accept_give_no_findings(string name, string dumper)
    {
        var program = ExternalProgram.Require(dumper);
        var files = new List<string>();
        if (File.Exists($"/etc/bacula/{name}"))
        {
            files.Add($"/etc/bacula/{name}");
        }
        else if (ExternalProgram.IsCi)
        {
            Assert.Fail($"/etc/bacula/{name} is missing: .ci/run installs the package that writes it");
        }

        if (CorpusPaths.TryFindCorpus() is { } corpus)
        {
            files.AddRange(Directory.EnumerateFiles(Path.Combine(corpus, "backup"), name, SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        var accepted = 0;
        foreach (var file in files)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_directory, $"{name}-{files.IndexOf(file)}")).FullName;
            File.Copy(file, Path.Combine(folder, name));
            var (exitCode, output, errors) = ExternalProgram.Run(program, ["-c", Path.Combine(folder, name)]);
            var findings = Findings(folder, name);
            if (exitCode == 0)
            {
                findings.ShouldBeEmpty($"{file}: {dumper} accepts it");
                accepted++;
            }
            else
            {
                findings.ShouldNotBeEmpty($"{file}: {dumper} refuses it: {output}{errors}");
            }
        }

        accepted.ShouldBeGreaterThanOrEqualTo(File.Exists($"/etc/bacula/{name}") ? 1 : 0);
    }

    public static TheoryData<int> DirectorVariants => new(Enumerable.Range(0, BaculaChecksTests.DirectorVariants.Length));

    /// <summary>
    /// Each configuration the checks report bdirjson refuses, with the words the finding quotes, and at the same line where
    /// both name the directive (bacula-dir reports a resource's missing Name, required directive or duplicate at its
    /// closing brace, and a Job's after reading the whole file).
    /// </summary>
    [Theory]
    [MemberData(nameof(DirectorVariants))]
    public void What_the_checks_report_bdirjson_refuses(int index)
    {
        var (find, replace, expected) = BaculaChecksTests.DirectorVariants[index];
        var path = Path.Combine(_directory, $"variant-{index}.conf");
        File.WriteAllText(path, BaculaChecksTests.Director.Replace(find, replace, StringComparison.Ordinal));
        var theirs = Bdirjson(path);
        theirs.ExitCode.ShouldNotBe(0, $"bdirjson accepted variant {index}");
        var said = theirs.Output + theirs.Errors;
        var first = expected[0];
        var line = int.Parse(first.Split(' ')[1].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        ShouldSayWhatTheFindingQuotes(said, first, QuotedWords());

        if (!first.Contains("required", StringComparison.Ordinal) && !first.Contains("Name not specified", StringComparison.Ordinal) && !first.Contains("second", StringComparison.Ordinal) && !first.Contains("No storage", StringComparison.Ordinal))
        {
            said.ShouldContain($"line {line}", customMessage: $"bdirjson: {said}");
        }
    }

    // What a daemon said holds the words a finding quotes of it, its "not permitted" or its "required".
    private static void ShouldSayWhatTheFindingQuotes(string said, string finding, Regex quotedWords)
    {
        if (quotedWords.Match(finding) is { Success: true } quoted)
        {
            said.ShouldContain(quoted.Groups["words"].Value);
        }
        else if (NotPermitted().Match(finding) is { Success: true } keyword)
        {
            said.ShouldContain($"Keyword \"{keyword.Groups["keyword"].Value}\" not permitted in this resource");
        }
        else
        {
            // A Job's is worded '"Type" directive in Job "J" resource is required'.
            var required = Required().Match(finding);
            required.Success.ShouldBeTrue(finding);
            said.ShouldContain($"\"{required.Groups["directive"].Value}\" directive");
            said.ShouldContain("required");
        }
    }

    /// <summary>The file daemon's misspelt PKI directive is one bfdjson refuses at the same line.</summary>
    [Fact]
    public void A_misspelt_file_daemon_directive_is_one_bfdjson_refuses()
    {
        var program = ExternalProgram.Require("bfdjson");
        var path = Path.Combine(_directory, "bacula-fd.conf");
        File.WriteAllText(path, BaculaChecksTests.MisspeltFileDaemon);
        var (exitCode, output, errors) = ExternalProgram.Run(program, ["-c", path]);
        exitCode.ShouldNotBe(0);
        (output + errors).ShouldContain("Keyword \"PKIEncyption\" not permitted in this resource");
        (output + errors).ShouldContain("line 9,");
        var loaded = Load(_directory, "bacula-fd.conf");
        loaded.Diagnostics.Select(d => $"{d.Location.StartLine} {d.Message}").ShouldBe(
            ["9 keyword \"PKIEncyption\" is not permitted in a FileDaemon resource (bacula-fd refuses to start); did you mean \"PkiEncryption\"?"]);
    }

    [GeneratedRegex(@"bacula-dir: ""(?<words>.*)""\)?$")]
    private static partial Regex QuotedWords();

    [GeneratedRegex(@"\((?:bacula-sd|bconsole): ""(?<words>.*)""\)(?:; did you mean .*)?$")]
    private static partial Regex QuotedDaemonWords();

    [GeneratedRegex(@"keyword ""(?<keyword>[A-Za-z]+)"" is not permitted")]
    private static partial Regex NotPermitted();

    [GeneratedRegex(@"""(?<directive>[A-Za-z]+)""(?:, ""[A-Za-z]+"")* directives? (?:is|are) required")]
    private static partial Regex Required();

    // The resources as JSON in bdirjson's terms: per resource type (lower-cased), the resources by name, each with the
    // directives the model reads that are set.
    private static string Ours(string folder, string main)
    {
        var result = Load(folder, main);
        result.Diagnostics.ShouldBeEmpty();
        var tree = (BaculaSyntaxTree)result.Trees.Single(t => t.Source.Path == main);
        foreach (var read in result.Trees)
        {
            read.Diagnostics.ShouldBeEmpty(read.Source.Path);
        }

        var configuration = BaculaConfiguration.Read(tree);
        var types = new JsonObject();
        // The director's Autochanger resource is a Storage resource under another name, and bdirjson prints it as one.
        foreach (var group in configuration.Resources.GroupBy(r => r.Is("Autochanger") ? "storage" : r.Type.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!Compared.TryGetValue(group.Key, out var directives))
            {
                continue;
            }

            var resources = new JsonObject();
            foreach (var resource in group.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var values = new JsonObject();
                foreach (var (directive, kind) in directives)
                {
                    if (resource.Directive(directive) is { } item)
                    {
                        values[directive] = kind switch
                        {
                            Kind.Duration => JsonValue.Create((long)BaculaValues.Duration(item)!.Value.TotalSeconds),
                            Kind.YesNo => JsonValue.Create(BaculaValues.YesNo(item)!.Value),
                            Kind.List => new JsonArray([.. BaculaResource.Names(item).Select(t => JsonValue.Create(t.Text))]),
                            _ => JsonValue.Create(item.Text),
                        };
                    }
                }

                if (group.Key == "schedule")
                {
                    values["runs"] = resource.All("Run").Count;
                }

                resources[resource.Name!] = values;
            }

            types[group.Key] = resources;
        }

        return types.ToJsonString();
    }

    private static string Theirs(string output)
    {
        var types = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var entry in JsonNode.Parse(output)!.AsArray())
        {
            var (type, body) = entry!.AsObject().Single();
            var key = type.ToLowerInvariant();
            if (!Compared.TryGetValue(key, out var directives))
            {
                continue;
            }

            var resource = body!.AsObject();
            var values = new JsonObject();
            foreach (var (directive, _) in directives)
            {
                var jsonName = directive.Replace(" ", string.Empty, StringComparison.Ordinal);
                var found = resource.FirstOrDefault(p => p.Key.Equals(jsonName, StringComparison.OrdinalIgnoreCase));
                if (found.Value is not null)
                {
                    values[directive] = found.Value.DeepClone();
                }
            }

            if (key == "schedule")
            {
                values["runs"] = resource["Run"]?.AsArray().Count ?? 0;
            }

            if (!types.TryGetValue(key, out var resources))
            {
                types[key] = resources = [];
            }

            resources[(string)resource["Name"]!] = values;
        }

        var result = new JsonObject();
        foreach (var (type, resources) in types.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            result[type] = new JsonObject(resources.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => KeyValuePair.Create(r.Key, r.Value?.DeepClone())));
        }

        return result.ToJsonString();
    }

    private enum Kind
    {
        Text,
        Duration,
        YesNo,
        List,
    }

    // The directives the backup model reads, per resource type (bdirjson names the FileSet resource "Fileset").
    private static readonly Dictionary<string, (string Directive, Kind Kind)[]> Compared = new(StringComparer.Ordinal)
    {
        ["director"] = [("Name", Kind.Text)],
        ["client"] = [("Name", Kind.Text), ("Address", Kind.Text), ("File Retention", Kind.Duration), ("Job Retention", Kind.Duration)],
        ["storage"] = [("Name", Kind.Text), ("Address", Kind.Text)],
        ["pool"] = [("Name", Kind.Text), ("Pool Type", Kind.Text), ("Volume Retention", Kind.Duration), ("AutoPrune", Kind.YesNo), ("Storage", Kind.List), ("Next Pool", Kind.Text)],
        ["schedule"] = [("Name", Kind.Text)],
        ["fileset"] = [("Name", Kind.Text)],
        ["job"] =
        [
            ("Name", Kind.Text), ("Type", Kind.Text), ("Level", Kind.Text), ("Pool", Kind.Text), ("Full Backup Pool", Kind.Text),
            ("Incremental Backup Pool", Kind.Text), ("Differential Backup Pool", Kind.Text), ("Storage", Kind.List), ("Client", Kind.Text),
            ("Schedule", Kind.Text), ("JobDefs", Kind.Text), ("Verify Job", Kind.Text), ("Next Pool", Kind.Text),
        ],
    };

    private static (int ExitCode, string Output, string Errors) Bdirjson(string path)
    {
        var program = ExternalProgram.Require("bdirjson");
        return ExternalProgram.Run(program, ["-c", path]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
