using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>
/// borgmatic's includes (<c>!include</c>, <c>&lt;&lt;: !include</c>, <c>!retain</c>, <c>!omit</c>) as the scan follows them, with
/// the plans and locations the rules get. BorgmaticDifferentialTests holds the merging to borgmatic's own loader.
/// </summary>
public class BorgmaticIncludeTests
{
    private static (IReadOnlyList<EffectiveBackupPlan> Plans, List<(string RuleId, string Location, string Message)> Findings, IReadOnlyList<SyntaxTree> Trees) Scan(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var result = new AuditEngine(ElectionAudit.Rules.BuiltInRules.All).Analyze(fileSystem, [.. fileSystem.Paths]);
        var findings = result.Findings.Select(f => (f.RuleId, $"{f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}", f.Message)).ToList();
        return (result.Model.BackupPlans, findings, result.Model.SyntaxTrees);
    }

    private const string Common = """
        keep_daily: 7
        keep_monthly: 12
        encryption_passcommand: cat /etc/borgmatic/passphrase
        checks:
            - name: repository
            - name: extract
              frequency: 2 weeks
        """;

    [Fact]
    public void A_merge_include_by_the_deployed_path_supplies_encryption_retention_and_the_restore_check_at_their_own_lines()
    {
        // borgmatic's documented layout: per-application files in /etc/borgmatic.d, the shared part beside them.
        var (plans, findings, trees) = Scan(
            ("etc/borgmatic.d/results-db.yaml", "source_directories:\n    - /var/lib/postgresql\nrepositories:\n    - path: ssh://backup@vault.example.nl/./db.borg\n      label: vault\n\n<<: !include /etc/borgmatic/common.yaml\n"),
            ("etc/borgmatic/common.yaml", Common));

        // The shared file is read (a tree of the scan) but is no configuration of its own.
        trees.Select(t => (t.Source.Path, t.Format.Name)).ShouldBe([("etc/borgmatic.d/results-db.yaml", "borgmatic"), ("etc/borgmatic/common.yaml", "borgmatic")], ignoreOrder: true);
        var plan = plans.ShouldHaveSingleItem();
        plan.Key.ShouldBe("backup-config:etc/borgmatic.d/results-db.yaml");
        plan.Copies.ShouldHaveSingleItem().Description.ShouldBe("ssh://backup@vault.example.nl/./db.borg");
        plan.Encryption!.Value.ShouldBeTrue();
        (plan.Encryption.Location.Path, plan.Encryption.Location.StartLine, plan.Encryption.Location.StartColumn).ShouldBe(("etc/borgmatic/common.yaml", 3, 25));
        plan.Retention!.Days.ShouldBe(360);
        plan.Retention.Detail.ShouldBe("keep_monthly: 12");
        (plan.Retention.Location.Path, plan.Retention.Location.StartLine, plan.Retention.Location.StartColumn).ShouldBe(("etc/borgmatic/common.yaml", 2, 1));
        var check = plan.Checks.ShouldHaveSingleItem();
        check.IsRestore.ShouldBeTrue();
        (check.Location.Path, check.Location.StartLine, check.Location.StartColumn).ShouldBe(("etc/borgmatic/common.yaml", 6, 7));

        // Before includes were followed, EA4005 (no encryption) and EA4006 (no restore test) were reported here.
        findings.Select(f => f.RuleId).ShouldBe(["EA4003"]);
    }

    [Fact]
    public void A_value_include_is_the_named_files_document()
    {
        var (plans, findings, _) = Scan(
            ("backup/borgmatic/config.yaml", "repositories:\n    - path: ssh://backup@vault.example.nl/./r.borg\nencryption_passcommand: pass borg\nchecks: !include checks.yaml\nkeep_weekly: !include weeks.yaml\n"),
            ("backup/borgmatic/checks.yaml", "- name: repository\n- name: extract\n"),
            ("backup/borgmatic/weeks.yaml", "8\n"));
        var plan = plans.ShouldHaveSingleItem();
        plan.Checks.ShouldHaveSingleItem().Location.Path.ShouldBe("backup/borgmatic/checks.yaml");

        // The value came from weeks.yaml: the retention is located at it there.
        plan.Retention!.Days.ShouldBe(56);
        plan.Retention.Detail.ShouldBe("keep_weekly: 8");
        (plan.Retention.Location.Path, plan.Retention.Location.StartLine).ShouldBe(("backup/borgmatic/weeks.yaml", 1));
        findings.Select(f => f.RuleId).ShouldNotContain("EA4006");
    }

    [Fact]
    public void Deep_merging_keeps_local_values_appends_lists_and_honours_omit_and_retain()
    {
        // borgmatic documentation, reference "Includes": "Deep merge", "List merge" (!omit) and "Shallow merge" (!retain).
        const string common = """
            repositories:
                - /mnt/local/results.borg
                - ssh://backup@old-vault.example.nl/./results.borg
            retention:
                keep_daily: 7
                keep_yearly: 1
            checks:
                - name: extract
            """;
        const string local = """
            repositories:
                - !omit /mnt/local/results.borg
                - ssh://backup@vault.example.nl/./results.borg
            retention:
                keep_daily: 3
            checks: !retain
                - name: repository
            encryption_passphrase: "correct horse"
            <<: !include common.yaml
            """;
        var (plans, _, _) = Scan(("borgmatic.d/results.yaml", local), ("borgmatic.d/common.yaml", common));
        var plan = plans.Single(p => p.Key == "backup-config:borgmatic.d/results.yaml");
        plan.Copies.Select(c => c.Description).ShouldBe(["ssh://backup@old-vault.example.nl/./results.borg", "ssh://backup@vault.example.nl/./results.borg"]);
        plan.Retention!.Detail.ShouldBe("keep_yearly: 1");
        plan.Retention.Location.Path.ShouldBe("borgmatic.d/common.yaml");
        plan.Checks.ShouldBeEmpty();
    }

    [Fact]
    public void A_list_of_merge_includes_lets_later_files_win_and_local_options_win_over_all()
    {
        // borgmatic 1.8.1: "<<: !include [a, b]" merges each file in turn, later files replacing earlier ones' options.
        var (plans, _, _) = Scan(
            ("config.borgmatic.yaml", "repositories:\n    - path: /srv/borg\nkeep_hourly: 24\n<<: !include\n    - first.yaml\n    - second.yaml\n"),
            ("first.yaml", "keep_daily: 30\nkeep_hourly: 100\nencryption_passcommand: first\n"),
            ("second.yaml", "keep_daily: 10\nencryption_passcommand: second\n"));
        var plan = plans.ShouldHaveSingleItem();
        plan.Retention!.Detail.ShouldBe("keep_daily: 10");
        plan.Encryption!.Location.Path.ShouldBe("second.yaml");
    }

    [Fact]
    public void Constants_are_put_into_the_values_the_rules_read_even_from_an_include()
    {
        // borgmatic reference "Constants": "{name}" in any option value is the constant; since 1.8.5 across includes.
        var (plans, findings, _) = Scan(
            ("borgmatic/config.yaml", "constants:\n    days: 14\nrepositories:\n    - path: \"{vault}/./results.borg\"\nkeep_daily: \"{days}\"\nencryption_passcommand: pass show borg/{app}\n<<: !include shared.yaml\n"),
            ("borgmatic/shared.yaml", "constants:\n    vault: ssh://backup@vault.example.nl\n    app: results\n"));
        var plan = plans.ShouldHaveSingleItem();
        var copy = plan.Copies.ShouldHaveSingleItem();
        copy.Description.ShouldBe("ssh://backup@vault.example.nl/./results.borg");
        copy.IsOffsite!.Value.ShouldBeTrue();
        (copy.IsOffsite.Location.Path, copy.IsOffsite.Location.StartLine, copy.IsOffsite.Location.StartColumn).ShouldBe(("borgmatic/config.yaml", 4, 13));
        plan.Retention!.Days.ShouldBe(14);
        plan.Retention.Detail.ShouldBe("keep_daily: 14");

        // "{vault}/./results.borg" read as written is a local path: EA4004 said no copy left the machine.
        findings.Select(f => f.RuleId).ShouldNotContain("EA4004");
    }

    [Fact]
    public void Constants_that_double_one_another_stop_at_a_bound()
    {
        // borgmatic puts the constants in one after the other: c40 is "{c39}{c39}", c39 "{c38}{c38}", and so on, so the
        // repository's path would double forty times (16 x 2^40 characters). The scan ran out of memory (an internal error).
        var constants = string.Concat(Enumerable.Range(1, 40).Reverse().Select(i => $"    c{i}: \"{{c{i - 1}}}{{c{i - 1}}}\"\n"));
        var (plans, _, _) = Scan(("borgmatic/config.yaml", $"constants:\n{constants}    c0: xxxxxxxxxxxxxxxx\nrepositories:\n    - path: \"/srv/{{c40}}\"\n"));

        // c40 to c24 are put in: 2^17 names "{c23}" of 5 characters after "/srv/". Putting c23 in would make 1,310,725
        // characters, past the 1,048,576 a value may have, so it and the constants after it are not.
        var path = plans.ShouldHaveSingleItem().Copies.ShouldHaveSingleItem().Description;
        path.Length.ShouldBe(5 + (5 << 17));
        path.ShouldStartWith("/srv/{c23}{c23}");
    }

    [Theory]
    [InlineData("keep_within: 1m", 31)]
    [InlineData("keep_within: 3m\nkeep_monthly: 2", 93)]
    [InlineData("keep_within: 36H", 2)]
    public void Borg_counts_a_month_of_keep_within_as_31_days(string retention, int days)
    {
        // borg's interval(): {'H': 1, 'd': 24, 'w': 24 * 7, 'm': 24 * 31, 'y': 24 * 365} hours.
        var (plans, _, _) = Scan(("borgmatic/config.yaml", "repositories:\n    - path: /srv/borg\n" + retention + "\n"));
        plans.ShouldHaveSingleItem().Retention!.Days.ShouldBe(days);
    }

    [Fact]
    public void Skipped_actions_turn_off_the_checks_and_the_pruning_they_name()
    {
        // borgmatic 1.8.5 "skip_actions": a skipped check runs no check, a skipped prune deletes no archive.
        var (plans, _, _) = Scan(("borgmatic/config.yaml", "repositories:\n    - path: ssh://b@vault.example.nl/./r\nkeep_daily: 7\nchecks:\n    - name: extract\nskip_actions:\n    - compact\n    - prune\n    - check\n"));
        var plan = plans.ShouldHaveSingleItem();
        plan.Checks.ShouldBeEmpty();
        plan.Retention!.Days.ShouldBe(int.MaxValue);
        plan.Retention.Detail.ShouldBe("skip_actions: prune (no archive is ever pruned)");
        (plan.Retention.Location.StartLine, plan.Retention.Location.StartColumn).ShouldBe((8, 7));
    }

    [Fact]
    public void A_check_named_disabled_turns_the_extract_check_off()
    {
        // borgmatic skips every check when one is named "disabled" (borgmatic/borg/check.py, parse_checks).
        var (plans, findings, _) = Scan(("borgmatic/config.yaml", "repositories:\n    - path: ssh://b@vault.example.nl/./r\nencryption_passcommand: p\nchecks:\n    - name: extract\n    - name: disabled\n"));
        plans.ShouldHaveSingleItem().Checks.ShouldBeEmpty();
        findings.Select(f => f.RuleId).ShouldContain("EA4006");
    }

    [Fact]
    public void Includes_that_cannot_be_followed_are_EA0003_at_the_name_and_the_rest_of_the_file_still_counts()
    {
        var (plans, findings, _) = Scan(
            ("etc/borgmatic.d/a.yaml", "repositories:\n    - path: ssh://b@vault.example.nl/./a\nencryption_passcommand: p\n<<: !include [missing.yaml, /etc/borgmatic/absent.yaml, ../../../outside.yaml, loop.yaml]\n"),
            ("etc/borgmatic.d/loop.yaml", "keep_daily: 7\n<<: !include a.yaml\n"));
        findings.Where(f => f.RuleId == "EA0003").ShouldBe(
        [
            ("EA0003", "etc/borgmatic.d/a.yaml:4:15", "include 'missing.yaml' was not found: borgmatic looks for it beside the including file, as 'etc/borgmatic.d/missing.yaml' (or in the folder it runs in, which the scan does not know)"),
            ("EA0003", "etc/borgmatic.d/a.yaml:4:29", "include '/etc/borgmatic/absent.yaml' is an absolute path outside the scan, and no file under 'etc/borgmatic.d' or a folder above it has its trailing path segments"),
            ("EA0003", "etc/borgmatic.d/a.yaml:4:57", "include '../../../outside.yaml' resolves to \"../outside.yaml\", outside the scan root; it was not followed (pass --allow-outside-root to follow it)"),
            ("EA0003", "etc/borgmatic.d/loop.yaml:2:14", "include 'a.yaml' includes 'etc/borgmatic.d/a.yaml' again while it is being read (an include cycle)"),
        ]);

        // loop.yaml is included, so it is no plan; a.yaml has its own settings and loop.yaml's retention.
        var plan = plans.ShouldHaveSingleItem();
        plan.Retention!.Detail.ShouldBe("keep_daily: 7");
        plan.Encryption!.Value.ShouldBeTrue();
    }

    [Fact]
    public void Includes_repeated_at_every_level_of_a_chain_are_bounded()
    {
        // Each file merges the next twice: 2^30 copies of the last, unless the values built are bounded.
        var files = Enumerable.Range(0, 30).Select(i => ($"borgmatic.d/{i:D2}.yaml", $"keep_daily: {i + 1}\n<<: !include [{i + 1:D2}.yaml, {i + 1:D2}.yaml]\n")).ToList();
        files[0] = ("borgmatic.d/00.yaml", "repositories:\n    - path: /srv/borg\n<<: !include [01.yaml, 01.yaml]\n");
        files.Add(("borgmatic.d/30.yaml", "keep_daily: 400\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"k{i}: {i}\n"))));
        var (plans, findings, trees) = Scan([.. files]);
        trees.Count.ShouldBe(31);
        plans.ShouldHaveSingleItem().Key.ShouldBe("backup-config:borgmatic.d/00.yaml");
        findings.Where(f => f.RuleId == "EA0003").ShouldBeEmpty();
    }

    [Fact]
    public void The_tree_names_the_files_its_includes_found()
    {
        var (_, _, trees) = Scan(("borgmatic/config.yaml", "repositories: []\nchecks: !include checks.yaml\n"), ("borgmatic/checks.yaml", "- name: extract\n"));
        var main = (YamlSyntaxTree)trees.Single(t => t.Source.Path == "borgmatic/config.yaml");
        var (name, included) = main.IncludedTrees.ShouldHaveSingleItem();
        name.Value.ShouldBe("checks.yaml");
        included.ShouldBeSameAs(trees.Single(t => t.Source.Path == "borgmatic/checks.yaml"));
        ((YamlSyntaxTree)included).IncludedTrees.ShouldBeEmpty();
    }
}
