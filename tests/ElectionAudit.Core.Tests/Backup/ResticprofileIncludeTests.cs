using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>
/// resticprofile's <c>includes</c> as the scan follows them: the files merged over the main configuration, in
/// resticprofile's order, and the plans and locations the rules get from the merged profiles.
/// </summary>
public class ResticprofileIncludeTests
{
    private static (IReadOnlyList<EffectiveBackupPlan> Plans, List<(string RuleId, string Location, string Message)> Findings, IReadOnlyList<SyntaxTree> Trees) Scan(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var result = new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths]);
        var findings = result.Findings.Select(f => (f.RuleId, $"{f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}", f.Message)).ToList();
        return (result.Model.BackupPlans.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), findings, result.Model.SyntaxTrees);
    }

    // The documented layout: a main file naming a file and a folder of profiles, the later ones overriding the earlier.
    private const string Main = """
        version: "1"

        includes:
          - first.yaml
          - "profiles.d/*.toml"

        global:
          initialize: false

        results:
          repository: "local:/srv/restic/results"
          password-file: key
          backup:
            source:
              - /srv/results
        """;

    // Moves the results profile's repository off the machine, and keeps a month of daily snapshots.
    private const string First = """
        results:
          repository: "sftp:backup@vault.example.nl:/srv/restic/results"
          forget:
            keep-daily: 30
        """;

    private const string Register = """
        [register]
        inherit = "results"

        [register.backup]
        source = ["/srv/register"]
        schedule = "daily"
        """;

    [Fact]
    public void Included_files_merge_over_the_main_file_in_order_and_give_their_own_locations()
    {
        var (plans, findings, trees) = Scan(
            ("etc/resticprofile/profiles.yaml", Main),
            ("etc/resticprofile/first.yaml", First),
            ("etc/resticprofile/profiles.d/register.toml", Register));
        findings.ShouldBeEmpty();
        trees.Select(t => (t.Source.Path, t.Format.Name)).ShouldBe(
        [
            ("etc/resticprofile/first.yaml", "resticprofile"),
            ("etc/resticprofile/profiles.d/register.toml", "resticprofile"),
            ("etc/resticprofile/profiles.yaml", "resticprofile"),
        ]);

        plans.Select(p => p.Key).ShouldBe(["backup-config:etc/resticprofile/profiles.yaml#register", "backup-config:etc/resticprofile/profiles.yaml#results"]);
        var (register, results) = (plans[0], plans[1]);

        // The profile stands where it is first defined; the repository is first.yaml's, which overrides the main file's.
        results.Tool!.Location.Path.ShouldBe("etc/resticprofile/profiles.yaml");
        results.Tool.Location.StartLine.ShouldBe(10);
        var copy = results.Copies.ShouldHaveSingleItem();
        copy.Description.ShouldBe("sftp:backup@vault.example.nl:/srv/restic/results");
        copy.IsOffsite!.Value.ShouldBeTrue();
        (copy.IsOffsite.Location.Path, copy.IsOffsite.Location.StartLine, copy.IsOffsite.Location.StartColumn).ShouldBe(("etc/resticprofile/first.yaml", 2, 15));
        results.Encryption!.Location.Path.ShouldBe("etc/resticprofile/profiles.yaml");
        results.Encryption.Location.StartLine.ShouldBe(12);
        results.Retention!.Days.ShouldBe(30);
        results.Retention.Location.Path.ShouldBe("etc/resticprofile/first.yaml");

        // A profile only an included file defines, inheriting the merged parent.
        register.Tool!.Location.Path.ShouldBe("etc/resticprofile/profiles.d/register.toml");
        register.Tool.Location.StartLine.ShouldBe(1);
        register.Copies.ShouldHaveSingleItem().Description.ShouldBe("sftp:backup@vault.example.nl:/srv/restic/results");
        register.Schedule!.Value.ShouldBe(TimeSpan.FromDays(1));
        register.Schedule.Location.Path.ShouldBe("etc/resticprofile/profiles.d/register.toml");
    }

    [Fact]
    public void A_later_file_overrides_an_earlier_one_and_an_included_file_s_own_includes_have_no_effect()
    {
        // second.yaml is detected on its own (version and a repository) but is read only as part of profiles.yaml.
        var (plans, findings, _) = Scan(
            ("profiles.yaml", "version: \"1\"\nincludes: [first.yaml, second.yaml]\nresults:\n  repository: local:/srv/a\n  backup:\n    source: [/srv]\n"),
            ("first.yaml", "results:\n  repository: local:/srv/b\n"),
            ("second.yaml", "version: \"1\"\nincludes: [third.yaml]\nresults:\n  repository: \"s3:s3.example.nl/results\"\n  password-file: key\n"),
            ("third.yaml", "results:\n  repository: local:/srv/c\n"));
        findings.ShouldBeEmpty();
        var plan = plans.ShouldHaveSingleItem();
        plan.Key.ShouldBe("backup-config:profiles.yaml#results");
        plan.Copies.ShouldHaveSingleItem().Description.ShouldBe("s3:s3.example.nl/results");
        plan.Encryption!.Location.Path.ShouldBe("second.yaml");
    }

    [Fact]
    public void A_file_named_by_a_later_main_file_is_part_of_it_even_when_it_names_files_itself()
    {
        // a-part.yaml sorts first and is a main file of its own until z-main.yaml names it; then it is read as z-main's, and
        // what it names itself is not merged (an included file's includes have no effect).
        var (plans, findings, trees) = Scan(
            ("a-part.yaml", "version: \"1\"\nincludes: [extra.yaml]\nresults:\n  repository: \"s3:s3.example.nl/results\"\n  password-file: key\n"),
            ("extra.yaml", "results:\n  repository: local:/srv/extra\n"),
            ("z-main.yaml", "version: \"1\"\nincludes: a-part.yaml\nresults:\n  repository: local:/srv/results\n  password-file: key\n  backup:\n    source: [/srv]\n"));
        findings.ShouldBeEmpty();
        trees.Select(t => (t.Source.Path, t.IsMerged, t.MergedFiles.Count)).ShouldBe([("a-part.yaml", true, 0), ("extra.yaml", true, 0), ("z-main.yaml", false, 1)]);
        var plan = plans.ShouldHaveSingleItem();
        plan.Key.ShouldBe("backup-config:z-main.yaml#results");
        plan.Copies.ShouldHaveSingleItem().Description.ShouldBe("s3:s3.example.nl/results");
    }

    [Fact]
    public void A_name_that_matches_no_file_is_reported_but_a_relative_glob_that_matches_none_is_not()
    {
        var (plans, findings, _) = Scan(
            ("backup/profiles.toml", "version = \"1\"\nincludes = [\"conf.d/*.toml\", \"secrets.toml\", \"/etc/resticprofile/remote/*.toml\", \"legacy.hcl\"]\n\n[results]\nrepository = \"local:/srv/restic\"\npassword-file = \"key\"\n[results.backup]\nsource = [\"/srv\"]\n"),
            ("backup/legacy.hcl", "results {\n  repository = \"local:/old\"\n}\n"));
        findings.ShouldBe(
        [
            ("EA0003", "backup/profiles.toml:2:30", "include 'secrets.toml' was not found: resticprofile looks for it beside the main configuration, as 'backup/secrets.toml', and skips a name that matches no file without a word, so the profiles it would add or change are not audited"),
            ("EA0003", "backup/profiles.toml:2:46", "include '/etc/resticprofile/remote/*.toml' is an absolute path outside the scan, and no file under 'backup' or a folder above it matches its trailing path segments"),
            ("EA0003", "backup/profiles.toml:2:82", "include 'legacy.hcl' names 'backup/legacy.hcl': resticprofile does not merge an HCL file with a YAML or TOML one (it stops with an error), so the file was not merged"),
        ]);
        plans.ShouldHaveSingleItem().Copies.ShouldHaveSingleItem().Description.ShouldBe("local:/srv/restic");
    }

    [Fact]
    public void An_absolute_glob_is_found_by_its_trailing_segments_and_a_single_name_is_a_list_of_one()
    {
        var (plans, findings, _) = Scan(
            ("srv/etc/resticprofile/profiles.yaml", "includes: /etc/resticprofile/remote/*.yaml\nresults:\n  password-file: key\n  backup:\n    source: [/srv]\n"),
            ("srv/etc/resticprofile/remote/vault.yaml", "results:\n  repository: \"rest:https://vault.example.nl/results\"\n"));
        findings.ShouldBeEmpty();
        var copy = plans.ShouldHaveSingleItem().Copies.ShouldHaveSingleItem();
        copy.Description.ShouldBe("rest:https://vault.example.nl/results");
        copy.IsOffsite!.Location.Path.ShouldBe("srv/etc/resticprofile/remote/vault.yaml");
    }
}
