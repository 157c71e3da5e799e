using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>The Bacula parser's tokens and errors, the loader's detection and includes, and the plans a director's file gives.</summary>
public sealed class BaculaReaderTests
{
    private static BaculaSyntaxTree Parse(string text) => BaculaParser.Parse(new SourceText("bacula-dir.conf", text));

    [Fact]
    public void Tokens_are_read_as_bacula_reads_them()
    {
        var tree = Parse("Pool {\n  Volume  Retention = 1 year 6 months # kept\n  Label Format = \"File-${Year}\"; Storage = A, \"B C\"\n  Name = Results DB 1\n}\n");
        tree.Diagnostics.ShouldBeEmpty();
        var pool = (BaculaItemSyntax)tree.Root.Statements.Single();
        pool.Keyword.ShouldBe("Pool");
        var items = pool.Block!.Value.Cast<BaculaItemSyntax>().ToList();
        items.Select(i => i.Keyword).ShouldBe(["VolumeRetention", "LabelFormat", "Storage", "Name"]);
        items[0].Is("Volume Retention").ShouldBeTrue();
        items[0].Is("volumeretention").ShouldBeTrue();
        items[0].Values.Select(v => (v.Text, v.Kind)).ShouldBe([("1", BaculaTokenKind.Number), ("year6", BaculaTokenKind.UnquotedString), ("months", BaculaTokenKind.Identifier)]);
        tree.Source.ToString(items[0].ValueSpan!.Value).ShouldBe("1 year 6 months");
        items[1].Values.Single().ShouldBe(new BaculaToken("File-${Year}", new TextSpan(69, 14), BaculaTokenKind.QuotedString));
        items[2].Values.Select(v => v.Text).ShouldBe(["A", ",", "B C"]);
        BaculaResource.Names(items[2]).Select(t => t.Text).ShouldBe(["A", "B C"]);
        items[3].Text.ShouldBe("ResultsDB1");
        tree.Comments.Select(c => tree.Source.ToString(c)).ShouldBe(["# kept"]);
    }

    [Fact]
    public void Escapes_and_line_breaks_inside_a_quoted_string()
    {
        var tree = Parse("Job {\n  Password = \"a\\\"b\\\\c # d\n e\"\n}\n");
        tree.Diagnostics.ShouldBeEmpty();
        var password = (BaculaItemSyntax)((BaculaItemSyntax)tree.Root.Statements[0]).Block!.Value[0];
        password.Text.ShouldBe("a\"b\\c # d e");
    }

    [Theory]
    [InlineData("Pool {\n  Name = P\n", "1:1-1:5", "'Pool' is never closed: the file ends before its '}'")]
    [InlineData("}\n", "1:1-1:2", "'}' closes no resource")]
    [InlineData("Pool {\n  Name P\n}\n", "3:1-3:2", "expected '=' or '{' after 'NameP', got '}'")]
    [InlineData("Pool {\n  5 = P\n}\n", "2:3-2:4", "expected a keyword, got '5'")]
    [InlineData("Pool {\n  Name =\n  P\n}\n", "2:8-2:9", "'Name =' has no value on its line")]
    [InlineData("Pool {\n  Name = \"P\n}\n", "2:10-4:1", "the quoted string is never closed: the file ends before its closing '\"'")]
    [InlineData("Pool {\n  Name = {\n}\n", "1:1-1:5", "'Pool' is never closed: the file ends before its '}'")]
    public void Grammar_errors_are_EA0002_at_the_token(string text, string where, string message)
    {
        var tree = Parse(text);
        var diagnostic = tree.Diagnostics.First();
        diagnostic.RuleId.ShouldBe("EA0002");
        diagnostic.Message.ShouldBe(message);
        var location = diagnostic.Location;
        $"{location.StartLine}:{location.StartColumn}-{location.EndLine}:{location.EndColumn}".ShouldBe(where);
    }

    [Fact]
    public void Deep_nesting_stops_at_the_limit_without_recursing_further()
    {
        var text = string.Concat(Enumerable.Repeat("A {\n", BaculaParser.MaxNesting + 10));
        var tree = Parse(text);
        tree.Diagnostics.ShouldContain(d => d.Message.Contains("nested more than", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("etc/bacula/bacula-dir.conf", "# anything\n", DetectionConfidence.FileName)]
    [InlineData("etc/bacula/bacula-fd.conf", "", DetectionConfidence.FileName)]
    [InlineData("etc/bacula/jobs.conf", "# jobs\n@/etc/bacula/x.conf\nJob {\n  Name = \"a\"\n}\n", DetectionConfidence.Content)]
    [InlineData("storage.d/node", "Storage\n{\n  Name = sd1\n}\n", DetectionConfidence.Content)]
    [InlineData("etc/bacula/pools.conf", "Pool { Name = P; Pool Type = Backup }\n", DetectionConfidence.Content)]
    [InlineData("etc/nginx/nginx.conf", "events {\n}\nhttp {\n  server_name x;\n}\n", DetectionConfidence.None)]
    [InlineData("etc/bacula/excludes.conf", "File = /proc\nFile = /sys\n", DetectionConfidence.None)]
    [InlineData("etc/bacula/job.yaml", "Job {\n  Name = a\n}\n", DetectionConfidence.None)]
    [InlineData("etc/bacula/no-name.conf", "Job {\n  Type = Backup\n}\n", DetectionConfidence.None)]
    [InlineData("etc/bacula/bconsole.conf", "\n# console\n@/etc/bacula/director.conf\n", DetectionConfidence.FileName)]
    [InlineData("etc/needrestart/conf.d/bacula-dir.conf", "# default to not restarting bacula-dir\n$nrconf{override_rc}{qr(^bacula-dir)} = 0;\n", DetectionConfidence.None)]
    [InlineData("ansible/templates/bacula-fd.conf", "{% for client in clients %}\nFileDaemon {\n", DetectionConfidence.None)]
    [InlineData("ansible/templates/bacula-dir.conf", "Director {\n  Name = {{ director_name }}\n}\n", DetectionConfidence.FileName)]
    [InlineData("ansible/templates/bacula-sd.conf", "<%= @storage %>\n", DetectionConfidence.None)]
    public void Detection_by_name_or_by_a_resource_opening_the_file(string path, string text, DetectionConfidence expected)
    {
        new BaculaLoader().Detect(path, text).ShouldBe(expected);
        new BaculaLoader().Detect(path, new SourceText(path, text)).ShouldBe(expected);
    }

    private static (LoadResult Result, BaculaSyntaxTree Main) Load(Dictionary<string, string> files, string main = "etc/bacula/bacula-dir.conf")
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var result = new BaculaLoader().Load([main], fileSystem, new LoadOptions(1));
        return (result, (BaculaSyntaxTree)result.Trees.Single(t => t.Source.Path == main));
    }

    [Fact]
    public void Includes_are_read_in_place_inside_resources_and_missing_cyclic_and_command_ones_are_EA0003()
    {
        var (result, main) = Load(new()
        {
            ["etc/bacula/bacula-dir.conf"] = "@/etc/bacula/pools.conf\nJob {\n  Name = J\n  @/etc/bacula/job-body.conf\n}\n@/etc/bacula/missing.conf\n@|\"sh -c 'cat /etc/bacula/clients.d/*.conf'\"\n",
            ["etc/bacula/pools.conf"] = "Pool {\n  Name = P\n}\n@/etc/bacula/bacula-dir.conf\n",
            ["etc/bacula/job-body.conf"] = "Type = Backup\nPool = P\n",
        });
        result.Trees.Select(t => t.Source.Path).ShouldBe(["etc/bacula/bacula-dir.conf", "etc/bacula/job-body.conf", "etc/bacula/pools.conf"]);
        // The Pool and Job lack directives bacula-dir requires (EA0002s of BaculaChecksTests' kind); the includes are what is tested here.
        result.Diagnostics.Where(d => d.RuleId == "EA0003").Select(d => $"{d.RuleId} {d.Location.Path}:{d.Location.StartLine}:{d.Location.StartColumn} {d.Message}").ShouldBe(
        [
            "EA0003 etc/bacula/pools.conf:4:2 include '@/etc/bacula/bacula-dir.conf' includes 'etc/bacula/bacula-dir.conf' again while it is being read (an include cycle)",
            "EA0003 etc/bacula/bacula-dir.conf:6:2 include '@/etc/bacula/missing.conf' is an absolute path outside the scan, and no file under 'etc/bacula' or a folder above it has its trailing path segments",
            "EA0003 etc/bacula/bacula-dir.conf:7:2 include '@|sh -c 'cat /etc/bacula/clients.d/*.conf'' reads what a command prints, which a scan does not run; the resources it adds were not read (list the files with '@' includes instead to have them audited)",
        ]);
        ((BaculaSyntaxTree)result.Trees.Single(t => t.Source.Path == "etc/bacula/pools.conf")).IsIncluded.ShouldBeTrue();
        main.IsIncluded.ShouldBeFalse();

        var configuration = BaculaConfiguration.Read(main);
        configuration.Resources.Select(r => r.ToString()).ShouldBe(["Pool P", "Job J"]);
        var job = configuration.Find("Job", "J")!;
        job.Directive("Type")!.Text.ShouldBe("Backup");
        job.Directive("Type")!.Tree.Source.Path.ShouldBe("etc/bacula/job-body.conf");
    }

    [Fact]
    public void Files_that_include_each_other_many_times_over_are_read_up_to_a_bound()
    {
        // Bacula reads a file again at each include of it: fourteen files of three includes each would be 3^13 statements, all
        // but one read again from a file already read.
        var files = new Dictionary<string, string> { ["etc/bacula/bacula-dir.conf"] = "Director {\n  Name = d\n}\n@/etc/bacula/f0.conf\n" };
        for (int i = 0; i < 13; i++)
        {
            files[$"etc/bacula/f{i}.conf"] = string.Concat(Enumerable.Repeat($"@/etc/bacula/f{i + 1}.conf\n", 3));
        }

        files["etc/bacula/f13.conf"] = "Description = \"leaf\"\n";
        var (result, main) = Load(files);
        result.Diagnostics.Where(d => d.RuleId == "EA0003").Select(d => $"{d.Location.Path}:{d.Location.StartLine} {d.Message}").ShouldBe(
            ["etc/bacula/f12.conf:3 the includes of 'etc/bacula/bacula-dir.conf' read more than 1,000,000 statements again from files already read (files that include each other many times over); from here on no file already read is read again"]);
        var configuration = main.Configuration!;
        configuration.TruncatedAt.ShouldNotBeNull();
        configuration.Resources.Select(r => r.ToString()).ShouldBe(["Director d"]);
    }

    [Fact]
    public void Past_the_bound_a_file_read_again_stops_but_a_file_not_read_before_is_read()
    {
        // The diamond inside the Director: its first reading of the leaf, then 1,000,000 readings again, then nothing more of
        // any file already read. A file named for the first time after that is read in full; one already read is not.
        var files = new Dictionary<string, string>
        {
            ["etc/bacula/bacula-dir.conf"] = "Director {\n  Name = d\n  @/etc/bacula/f0.conf\n}\n@/etc/bacula/late.conf\n@/etc/bacula/f13.conf\n",
            ["etc/bacula/late.conf"] = "Pool {\n  Name = late\n  Pool Type = Backup\n}\n",
        };
        for (int i = 0; i < 13; i++)
        {
            files[$"etc/bacula/f{i}.conf"] = string.Concat(Enumerable.Repeat($"@/etc/bacula/f{i + 1}.conf\n", 3));
        }

        files["etc/bacula/f13.conf"] = "Description = \"leaf\"\n";
        var (result, main) = Load(files);

        result.Diagnostics.Where(d => d.RuleId == "EA0003").Select(d => $"{d.Location.Path}:{d.Location.StartLine}").ShouldBe(["etc/bacula/f12.conf:3"]);
        var configuration = main.Configuration!;
        configuration.Resources.Select(r => r.ToString()).ShouldBe(["Director d", "Pool late"]);
        configuration.Resources[0].Directives.Count.ShouldBe(1 + 1 + 1_000_000);
        configuration.Resources[1].Directive("Pool Type")!.Text.ShouldBe("Backup");
    }

    private const string Head = """
        Director {
          Name = dir
        }
        Client {
          Name = web-fd
          Address = web.example
        }

        """;

    private static BackupToolPlan Plan(string director, string? fileDaemon = null, string job = "J")
    {
        var files = new Dictionary<string, string> { ["etc/bacula/bacula-dir.conf"] = Head + director };
        if (fileDaemon is not null)
        {
            files["etc/bacula/bacula-fd.conf"] = fileDaemon;
        }

        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var trees = new BaculaLoader().Load([.. files.Keys], fileSystem, new LoadOptions(1)).Trees;
        trees.SelectMany(t => t.Diagnostics).ShouldBeEmpty();
        var plans = BackupBinder.Bind([], trees);
        return plans.Single(p => p.Tool!.Profile == job).Tool!;
    }

    [Fact]
    public void A_job_takes_what_it_does_not_set_from_its_jobdefs_and_its_pools_storage_overrides_its_own()
    {
        var plan = Plan("""
            JobDefs {
              Name = D
              Type = Backup
              Client = web-fd
              Storage = Local
              Pool = Full
              Schedule = Nightly
            }
            Storage {
              Name = Local
              Address = 127.0.0.1
            }
            Storage {
              Name = Vault
              Address = sd.vault.example
            }
            Pool {
              Name = Full
              Storage = Vault
              Volume Retention = 2 months
            }
            Schedule {
              Name = Nightly
              Run = Full sun at 1:00
              Run = Incremental mon-sat at 1:00
            }
            Job {
              Name = J
              JobDefs = D
            }
            """);
        plan.Name.ShouldBe("etc/bacula/bacula-dir.conf#J");
        plan.Destinations.Select(d => (d.Description, d.IsOffsite?.Value)).ShouldBe([("Storage 'Vault' (sd.vault.example)", (bool?)true)]);
        plan.Retention!.Days.ShouldBe(60);
        plan.Retention.Detail.ShouldBe("pool 'Full' Volume Retention = 2 months");
        plan.Schedule!.Value.ShouldBe(TimeSpan.FromDays(1));
        plan.Encryption.ShouldBeNull();
    }

    [Theory]
    [InlineData("localhost", false)]
    [InlineData("LOCALHOST.localdomain", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("127.vault.example", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("sd.vault.example", true)]
    public void A_storage_daemon_is_onsite_only_on_a_loopback_address_or_localhost(string address, bool offsite)
    {
        var plan = Plan($"Storage {{\n  Name = S\n  Address = {address}\n}}\nJob {{\n  Name = J\n  Type = Backup\n  Client = web-fd\n  Storage = S\n}}\n");
        plan.Destinations.Single().IsOffsite!.Value.ShouldBe(offsite);
        plan.Destinations.Single().Host!.Value.ShouldBe(address);
    }

    [Fact]
    public void A_copy_job_adds_the_next_pools_storage_and_autoprune_no_keeps_everything()
    {
        var plan = Plan("""
            Storage {
              Name = Local
              Address = localhost
            }
            Autochanger {
              Name = Tapes
              Address = tape.vault.example
            }
            Pool {
              Name = Disk
              Storage = Local
              Next Pool = Tape
              AutoPrune = no
            }
            Pool {
              Name = Tape
              Storage = Tapes
            }
            Job {
              Name = J
              Type = Backup
              Client = web-fd
              Pool = Disk
            }
            Job {
              Name = C
              Type = Copy
              Pool = Disk
            }
            """);
        plan.Destinations.Select(d => (d.Description, d.IsOffsite?.Value)).ShouldBe(
        [
            ("Storage 'Local' (localhost)", (bool?)false),
            ("Storage 'Tapes' (tape.vault.example), copied by Job 'C' to pool 'Tape'", true),
        ]);
        plan.Retention!.Days.ShouldBe(int.MaxValue);
        plan.Retention.Detail.ShouldBe("pool 'Disk' has AutoPrune = no (its volumes are never pruned)");
        plan.Schedule.ShouldBeNull();
    }

    [Theory]
    [InlineData("Run = Full sun at 1:00\n  Run = Incremental mon-sat at 1:00", 1.0)]
    [InlineData("Run = Full 1st sun at 23:05", 35.0)]
    [InlineData("Run = Full 6th sun at 1:00", null)]
    [InlineData("Run = Full last fri at 1:00", null)]
    public void The_schedule_is_the_longest_gap_between_runs_and_none_when_they_never_fire_or_bacula_refuses_one(string runs, double? days)
    {
        var plan = Plan($"Schedule {{\n  Name = S\n  {runs}\n}}\nPool {{\n  Name = P\n}}\nJob {{\n  Name = J\n  Type = Backup\n  Pool = P\n  Schedule = S\n}}\n");
        if (days is null)
        {
            plan.Schedule.ShouldBeNull();
        }
        else
        {
            plan.Schedule!.Value.ShouldBe(TimeSpan.FromDays(days.Value));
        }
    }

    [Theory]
    [InlineData("  PKI Signatures = yes\n  PKI Encryption = Yes\n", true, "'PKI Encryption = Yes' in the file daemon 'web-fd' (etc/bacula/bacula-fd.conf)")]
    [InlineData("  PKI Encryption = no\n", false, "'PKI Encryption = no' in the file daemon 'web-fd' (etc/bacula/bacula-fd.conf)")]
    [InlineData("", false, "the file daemon 'web-fd' (etc/bacula/bacula-fd.conf) has no 'PKI Encryption = yes', so it sends its data unencrypted")]
    public void Encryption_is_the_clients_file_daemons(string pki, bool encrypted, string detail)
    {
        var plan = Plan(
            "Pool {\n  Name = P\n}\nJob {\n  Name = J\n  Type = Backup\n  Client = web-fd\n  Pool = P\n}\n",
            $"FileDaemon {{\n  Name = web-fd\n{pki}}}\n");
        plan.Encryption!.Value.ShouldBe(encrypted);
        plan.Encryption.Detail.ShouldBe(detail);
        plan.Retention!.Days.ShouldBe(365);
        plan.Retention.Detail.ShouldBe("pool 'P' sets no Volume Retention (Bacula's default is 365 days)");
    }

    [Fact]
    public void Jobs_without_a_name_are_skipped_whatever_they_would_concern()
    {
        // Found by the bacula fuzz harness: a scheduled Restore (or Verify) job without a Name was located at its Name.
        var plan = Plan("""
            Schedule {
              Name = S
              Run = daily at 1:00
            }
            Pool {
              Name = P
            }
            Job {
              Name = J
              Type = Backup
              Client = web-fd
              Pool = P
            }
            Job {
              Type = Restore
              Client = web-fd
              Schedule = S
            }
            Job {
              Type = Verify
              Level = Data
              Client = web-fd
              Schedule = S
            }
            Job {
              Type = Backup
              Client = web-fd
            }
            """);
        plan.Checks.ShouldBeEmpty();
    }

    [Fact]
    public void A_director_of_many_jobs_of_one_client_is_read_in_linear_time()
    {
        // 20,000 backup Jobs and 20,000 scheduled Restore jobs of one client: each Job's lookups go through indexes, and
        // each gets one Restore check, not 20,000 (which would be 400 million).
        var text = new System.Text.StringBuilder("Schedule {\n  Name = S\n  Run = daily at 1:00\n}\nPool {\n  Name = P\n  Storage = St\n}\nStorage {\n  Name = St\n  Address = sd.example\n}\n");
        for (int i = 0; i < 20_000; i++)
        {
            text.Append("Job {\n  Name = B").Append(i).Append("\n  Type = Backup\n  Client = web-fd\n  Pool = P\n  Schedule = S\n}\n");
            text.Append("Job {\n  Name = R").Append(i).Append("\n  Type = Restore\n  Client = web-fd\n  Schedule = S\n}\n");
        }

        var fileSystem = new InMemoryFileSystem();
        fileSystem.Add("etc/bacula/bacula-dir.conf", Head + text);
        var trees = new BaculaLoader().Load(["etc/bacula/bacula-dir.conf"], fileSystem, new LoadOptions(1)).Trees;
        var plans = BackupBinder.Bind([], trees);
        plans.Count.ShouldBe(20_000);
        plans.ShouldAllBe(p => p.Checks.Count == 1 && p.Copies.Count == 1 && p.Schedule != null);
    }

    // The seconds bdirjson (Bacula 9.6.7) prints for each as a pool's Volume Retention; the last two it refuses.
    [Theory]
    [InlineData("30", 30)]
    [InlineData("1 n", 60)]
    [InlineData("2 w", 14L * 86400)]
    [InlineData("1 min", 60)]
    [InlineData("1m", 30L * 86400)]
    [InlineData("2 hours 30 minutes", 9000)]
    [InlineData("1 quarter", 91L * 86400)]
    [InlineData("1.5 days", 129600)]
    [InlineData("1 year6months", 545L * 86400)]
    [InlineData("1 fortnight", -1)]
    [InlineData("days", -1)]
    public void Durations_are_read_as_bacula_reads_them(string text, long seconds)
    {
        var duration = BaculaValues.Duration(text);
        if (seconds < 0)
        {
            duration.ShouldBeNull();
        }
        else
        {
            duration.ShouldBe(TimeSpan.FromSeconds(seconds));
        }
    }

    [Fact]
    public void Verify_and_restore_jobs_on_a_schedule_are_checks_of_the_jobs_they_concern()
    {
        var plan = Plan("""
            Schedule {
              Name = S
              Run = daily at 2:00
            }
            Pool {
              Name = P
            }
            Job {
              Name = J
              Type = Backup
              Client = web-fd
              Pool = P
            }
            Job {
              Name = V
              Type = Verify
              Level = VolumeToCatalog
              Verify Job = J
              Schedule = S
            }
            Job {
              Name = V2
              Type = Verify
              Level = Catalog
              Verify Job = J
              Schedule = S
            }
            Job {
              Name = R
              Type = Restore
              Client = web-fd
              Schedule = S
            }
            Job {
              Name = R2
              Type = Restore
              Client = web-fd
            }
            """);
        plan.Checks.Select(c => (c.Kind, c.IsRestore)).ShouldBe([("Bacula Verify job 'V' (Level = VolumeToCatalog)", false), ("Bacula Restore job 'R' on schedule 'S'", true)]);
    }
}
