using ElectionAudit.Engine;
using ElectionAudit.Syntax.Bacula;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>What the director and file daemon refuse to start with beyond the grammar: each an EA0002 where it is written.</summary>
public sealed class BaculaChecksTests
{
    // A director bdirjson accepts (BaculaDifferentialTests holds the variants below to it).
    internal const string Director = BaculaDifferentialTests.DirectorHead + """
        Client {
          Name = db01-fd
          Address = db01.dc-north.example
          Password = "client-secret"
          Catalog = MyCatalog
        }
        Storage {
          Name = North
          Address = sd.dc-north.example
          Password = "storage-secret"
          Device = FileChgr1
          Media Type = File
        }
        Pool {
          Name = Nightly
          Pool Type = Backup
          Volume Retention = 400 days
          Storage = North
        }
        FileSet {
          Name = "Results DB"
          Include {
            File = /var/backups/results
          }
        }
        Schedule {
          Name = Nightly
          Run = daily at 02:00
        }
        JobDefs {
          Name = Defaults
          Type = Backup
          Messages = Daemon
          Pool = Nightly
        }
        Job {
          Name = ResultsDB
          JobDefs = Defaults
          Client = db01-fd
          FileSet = "Results DB"
          Schedule = Nightly
        }

        """;

    // Each a change to Director that bdirjson refuses, and what the checks report for it; bacula-dir stops at the first.
    internal static (string Find, string Replace, string[] Expected)[] DirectorVariants =>
    [
        ("  Volume Retention = 400 days", "  Volume Retension = 400 days",
            ["EA0002 bacula-dir.conf:33:3 keyword \"VolumeRetension\" is not permitted in a Pool resource (bacula-dir refuses to start); did you mean \"VolumeRetention\"?"]),
        ("Schedule {", "Device {\n  Name = Tape\n}\nSchedule {",
            ["EA0002 bacula-dir.conf:42:1 'Device' is not a resource of Bacula's director (bacula-dir: \"expected resource name, got: Device\")"]),
        ("  Name = North\n", "",
        [
            "EA0002 bacula-dir.conf:23:1 Storage resource has no Name (bacula-dir: \"Name not specified for resource\")",
            "EA0002 bacula-dir.conf:33:13 no Autochanger or Storage resource is named \"North\" (bacula-dir: \"Could not find config Resource \"North\" referenced\")",
        ]),
        ("  Address = sd.dc-north.example\n  Password = \"storage-secret\"\n", "",
            ["EA0002 bacula-dir.conf:23:1 \"Address\", \"Password\" directives are required in Storage resource \"North\", but not found (bacula-dir refuses to start)"]),
        ("  Type = Backup\n", "",
            ["EA0002 bacula-dir.conf:51:1 \"Type\" directive is required in Job resource \"ResultsDB\", but not found (bacula-dir refuses to start)"]),
        ("Schedule {", "Schedule {\n  Name = Nightly\n}\nSchedule {",
            ["EA0002 bacula-dir.conf:46:10 a second Schedule resource named \"Nightly\" (the first is at bacula-dir.conf:42); bacula-dir: \"Attempt to define second \"Schedule\" resource named \"Nightly\" is not permitted\""]),
        ("  Pool = Nightly\n", "  Pool = Nighty\n",
            ["EA0002 bacula-dir.conf:50:10 no Pool resource is named \"Nighty\" (bacula-dir: \"Could not find config Resource \"Nighty\" referenced\")"]),
        ("  Storage = North\n", "",
            ["EA0002 bacula-dir.conf:51:1 Job \"ResultsDB\" names no Storage, nor does its Pool \"Nightly\" (bacula-dir: \"No storage specified in Job \"ResultsDB\" nor in Pool\")"]),
        ("  Storage = North\n", "  Storage = North, South\n",
            ["EA0002 bacula-dir.conf:34:20 no Autochanger or Storage resource is named \"South\" (bacula-dir: \"Could not find config Resource \"South\" referenced\")"]),
    ];

    private static LoadResult Load(Dictionary<string, string> files, params string[] mains)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        return new BaculaLoader().Load(mains.Length > 0 ? mains : [files.Keys.First()], fileSystem, new LoadOptions(1));
    }

    private static List<string> Diagnostics(LoadResult result) =>
        [.. result.Diagnostics.Concat(result.Trees.SelectMany(t => t.Diagnostics))
            .Select(d => $"{d.RuleId} {d.Location.Path}:{d.Location.StartLine}:{d.Location.StartColumn} {d.Message}")];

    [Fact]
    public void A_director_bacula_accepts_has_no_findings() =>
        Diagnostics(Load(new() { ["bacula-dir.conf"] = Director })).ShouldBeEmpty();

    public static TheoryData<int> Variants => new(Enumerable.Range(0, DirectorVariants.Length));

    [Theory]
    [MemberData(nameof(Variants))]
    public void What_the_director_refuses_is_EA0002_where_it_is_written(int index)
    {
        var (find, replace, expected) = DirectorVariants[index];
        Director.ShouldContain(find);
        var text = Director.Replace(find, replace, StringComparison.Ordinal);
        Diagnostics(Load(new() { ["bacula-dir.conf"] = text })).ShouldBe(expected);
    }

    [Fact]
    public void What_only_a_newer_bacula_has_is_not_reported()
    {
        // Bacula 15's Tag on a Job and TLS-PSK on the Director, and its Tenant resource: the 9.6.7 the tests ask refuses them.
        var text = Director
            .Replace("  Schedule = Nightly\n", "  Schedule = Nightly\n  Tag = \"results\"\n", StringComparison.Ordinal)
            .Replace("  PidDirectory = /run/bacula\n", "  PidDirectory = /run/bacula\n  TLS PSK Enable = yes\n", StringComparison.Ordinal)
            + "Tenant {\n  Name = municipality\n  Maximum Clients = 10\n}\n";
        Diagnostics(Load(new() { ["bacula-dir.conf"] = text })).ShouldBeEmpty();
    }

    [Fact]
    public void A_name_a_fragment_does_not_define_is_not_reported_but_its_own_faults_are()
    {
        // jobs.conf is a director's by its resources, but holds no Director: its Pool may be defined where the scan cannot see.
        var found = Diagnostics(Load(new() { ["etc/bacula/jobs.conf"] = "Job {\n  Name = J\n  Type = Backup\n  Pool = Elsewhere\n  Messages = Standard\n  Client = c-fd\n  FileSet = F\n  Prioriy = 10\n}\n" }));
        found.ShouldBe(["EA0002 etc/bacula/jobs.conf:8:3 keyword \"Prioriy\" is not permitted in a Job resource (bacula-dir refuses to start); did you mean \"Priority\"?"]);
    }

    [Fact]
    public void References_are_not_checked_when_an_include_is_missing()
    {
        var found = Diagnostics(Load(new() { ["bacula-dir.conf"] = Director.Replace("  Pool = Nightly\n", "  Pool = Offsite\n", StringComparison.Ordinal) + "@/etc/bacula/pools.d/offsite.conf\n" }));
        found.Count.ShouldBe(1);
        found[0].ShouldStartWith("EA0003 bacula-dir.conf:59:2 include '@/etc/bacula/pools.d/offsite.conf'");
    }

    [Fact]
    public void A_resource_with_an_include_the_scan_could_not_follow_is_not_judged_for_what_it_lacks()
    {
        // The Pool's required Pool Type may be in the file the scan does not hold; a misspelt directive is still one.
        var text = Director.Replace("  Pool Type = Backup\n", "  @/etc/bacula/pool-type.conf\n  Recyle = yes\n", StringComparison.Ordinal);
        Diagnostics(Load(new() { ["bacula-dir.conf"] = text })).ShouldBe(
        [
            "EA0003 bacula-dir.conf:32:4 include '@/etc/bacula/pool-type.conf' is an absolute path outside the scan, and no file of the scan has its trailing path segments",
            "EA0002 bacula-dir.conf:33:3 keyword \"Recyle\" is not permitted in a Pool resource (bacula-dir refuses to start); did you mean \"Recycle\"?",
        ]);
    }

    [Fact]
    public void A_file_two_directors_include_is_reported_once_and_a_file_included_twice_reads_its_resources_twice()
    {
        var found = Diagnostics(Load(
            new()
            {
                ["a/bacula-dir.conf"] = Director + "@/etc/bacula/common.conf\n",
                ["b/bacula-dir.conf"] = Director + "@/etc/bacula/common.conf\n@/etc/bacula/common.conf\n",
                ["common.conf"] = "Counter {\n  Name = C\n  Minimum = 1\n  Maximun = 9\n}\n",
            },
            "a/bacula-dir.conf",
            "b/bacula-dir.conf",
            "common.conf"));
        found.ShouldBe(
        [
            "EA0002 common.conf:4:3 keyword \"Maximun\" is not permitted in a Counter resource (bacula-dir refuses to start); did you mean \"Maximum\"?",
            "EA0002 common.conf:2:10 Counter resource \"C\" is read twice, as its file is included more than once; bacula-dir: \"Attempt to define second \"Counter\" resource named \"C\" is not permitted\"",
        ]);
    }

    // A file daemon bfdjson accepts, and the same with its PKI Encryption misspelt (BaculaDifferentialTests holds both to it).
    internal const string FileDaemon = """
        Director {
          Name = results-dir
          Password = "fd-secret"
        }
        FileDaemon {
          Name = db01-fd
          WorkingDirectory = /var/lib/bacula
          Pid Directory = /run/bacula
          PKI Keypair = "/etc/bacula/db01-fd.pem"
          Messages = Standard
        }
        Messages {
          Name = Standard
          director = results-dir = all
        }

        """;

    internal static string MisspeltFileDaemon => FileDaemon.Replace("  Pid Directory = /run/bacula\n", "  Pid Directory = /run/bacula\n  PKI Encyption = yes\n", StringComparison.Ordinal);

    [Fact]
    public void A_file_daemon_is_held_to_its_own_table()
    {
        Diagnostics(Load(new() { ["etc/bacula/bacula-fd.conf"] = FileDaemon })).ShouldBeEmpty();
        var found = Diagnostics(Load(new() { ["etc/bacula/bacula-fd.conf"] = MisspeltFileDaemon }));
        found.ShouldBe(["EA0002 etc/bacula/bacula-fd.conf:9:3 keyword \"PKIEncyption\" is not permitted in a FileDaemon resource (bacula-fd refuses to start); did you mean \"PkiEncryption\"?"]);
    }

    // A storage daemon bsdjson accepts, and a console bbconsjson accepts (BaculaDifferentialTests holds both, and the variants
    // below, to them).
    internal const string StorageDaemon = """
        Storage {
          Name = vault-sd
          SDPort = 9103
          WorkingDirectory = "/var/lib/bacula"
          Pid Directory = "/run/bacula"
          Maximum Concurrent Jobs = 20
        }
        Director {
          Name = results-dir
          Password = "storage-secret"
        }
        Autochanger {
          Name = FileChgr1
          Device = FileChgr1-Dev1
          Changer Command = ""
          Changer Device = /dev/null
        }
        Device {
          Name = FileChgr1-Dev1
          Media Type = File
          Archive Device = /srv/bacula/volumes
          LabelMedia = yes
          Random Access = yes
          AutomaticMount = yes
          RemovableMedia = no
          AlwaysOpen = no
        }
        Messages {
          Name = Standard
          director = results-dir = all
        }

        """;

    internal const string Console = """
        Director {
          Name = results-dir
          DIRport = 9101
          address = bacula.example.org
          Password = "console-secret"
        }

        """;

    // Each a change that the daemon's dumper refuses, and what the checks report for it.
    internal static (BaculaDaemon Daemon, string Find, string Replace, string[] Expected)[] OtherVariants =>
    [
        (BaculaDaemon.StorageDaemon, "  Archive Device = ", "  Archive Devise = ",
            [
                "EA0002 etc/bacula/bacula-sd.conf:21:3 keyword \"ArchiveDevise\" is not permitted in a Device resource (bacula-sd refuses to start); did you mean \"ArchiveDevice\"?",
                "EA0002 etc/bacula/bacula-sd.conf:18:1 \"ArchiveDevice\" directive is required in Device resource \"FileChgr1-Dev1\", but not found (bacula-sd refuses to start)",
            ]),
        (BaculaDaemon.StorageDaemon, "  Device = FileChgr1-Dev1\n", "  Device = FileChgr1-Dev2\n",
            ["EA0002 etc/bacula/bacula-sd.conf:14:12 no Device resource is named \"FileChgr1-Dev2\" (bacula-sd: \"Could not find config Resource \"FileChgr1-Dev2\" referenced\")"]),
        (BaculaDaemon.StorageDaemon, "  Media Type = File\n", "",
            ["EA0002 etc/bacula/bacula-sd.conf:18:1 \"MediaType\" directive is required in Device resource \"FileChgr1-Dev1\", but not found (bacula-sd refuses to start)"]),
        (BaculaDaemon.StorageDaemon, "Device {", "Devise {",
            [
                "EA0002 etc/bacula/bacula-sd.conf:18:1 'Devise' is not a resource of Bacula's storage daemon (bacula-sd: \"expected resource name, got: Devise\"); did you mean \"Device\"?",
                "EA0002 etc/bacula/bacula-sd.conf:14:12 no Device resource is named \"FileChgr1-Dev1\" (bacula-sd: \"Could not find config Resource \"FileChgr1-Dev1\" referenced\")",
            ]),
        (BaculaDaemon.Console, "  DIRport = 9101\n", "  DIRPorts = 9101\n",
            ["EA0002 etc/bacula/bconsole.conf:3:3 keyword \"DIRPorts\" is not permitted in a Director resource (bconsole refuses to start); did you mean \"DirPort\"?"]),
        (BaculaDaemon.Console, "  Password = \"console-secret\"\n", "",
            ["EA0002 etc/bacula/bconsole.conf:1:1 \"Password\" directive is required in Director resource \"results-dir\", but not found (bconsole refuses to start)"]),
    ];

    internal static string FileOf(BaculaDaemon daemon) => daemon == BaculaDaemon.StorageDaemon ? "bacula-sd.conf" : "bconsole.conf";

    internal static string TextOf(BaculaDaemon daemon) => daemon == BaculaDaemon.StorageDaemon ? StorageDaemon : Console;

    public static TheoryData<int> OtherVariantIndexes => new(Enumerable.Range(0, OtherVariants.Length));

    [Fact]
    public void A_storage_daemon_and_a_console_bacula_accepts_have_no_findings()
    {
        Diagnostics(Load(new() { ["etc/bacula/bacula-sd.conf"] = StorageDaemon })).ShouldBeEmpty();
        Diagnostics(Load(new() { ["etc/bacula/bconsole.conf"] = Console })).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(OtherVariantIndexes))]
    public void What_the_storage_daemon_and_the_console_refuse_is_EA0002_where_it_is_written(int index)
    {
        var (daemon, find, replace, expected) = OtherVariants[index];
        TextOf(daemon).ShouldContain(find);
        var text = TextOf(daemon).Replace(find, replace, StringComparison.Ordinal);
        Diagnostics(Load(new() { [$"etc/bacula/{FileOf(daemon)}"] = text })).ShouldBe(expected);
    }

    [Fact]
    public void A_file_with_a_device_is_a_storage_daemons_whatever_its_name()
    {
        // storage.conf holds a Device: only the storage daemon has one. It holds no Storage, so the Device it names is not checked.
        var found = Diagnostics(Load(new() { ["etc/bacula/storage.conf"] = "Device {\n  Name = Tape\n  Media Type = LTO\n  Archive Device = /dev/nst0\n  Autoamtic Mount = yes\n}\n" }));
        found.ShouldBe(["EA0002 etc/bacula/storage.conf:5:3 keyword \"AutoamticMount\" is not permitted in a Device resource (bacula-sd refuses to start); did you mean \"AutomaticMount\"?"]);
    }
}
