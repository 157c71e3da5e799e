using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Backup;

public class BackupReaderTests
{
    private static AuditResultModel Scan(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var result = new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths]);
        return new AuditResultModel(result.Model.BackupPlans, result.Findings.Select(f => f.RuleId).ToList());
    }

    private sealed record AuditResultModel(IReadOnlyList<EffectiveBackupPlan> Plans, List<string> FindingIds);

    [Fact]
    public void Resticprofile_toml_profile_reads_repository_retention_schedule_and_check_with_locations()
    {
        const string toml = "version = \"1\"\n\n[base]\nrepository = \"s3:s3.example.nl/results\"\npassword-file = \"key\"\n\n[results]\ninherit = \"base\"\n\n[results.backup]\nschedule = \"*-*-* 00/6:00\"\n\n[results.forget]\nkeep-daily = 7\nkeep-monthly = 3\n\n[results.check]\nread-data = true\n";
        var result = Scan(("profiles.toml", toml));
        result.FindingIds.ShouldBeEmpty();
        var plan = result.Plans.ShouldHaveSingleItem();
        plan.Key.ShouldBe("backup-config:profiles.toml#results");
        plan.Tool!.Location.StartLine.ShouldBe(7);
        plan.Tool.Location.StartColumn.ShouldBe(2);
        var repository = plan.Copies.ShouldHaveSingleItem();
        repository.Description.ShouldBe("s3:s3.example.nl/results");
        repository.IsOffsite!.Value.ShouldBeTrue();
        repository.IsOffsite.Location.StartLine.ShouldBe(4);
        repository.IsOffsite.Location.StartColumn.ShouldBe(14);
        repository.IsOffsite.Location.EndColumn.ShouldBe(40);
        plan.Encryption!.Value.ShouldBeTrue();
        plan.Encryption.Location.StartLine.ShouldBe(5);
        plan.Retention!.Days.ShouldBe(90);
        plan.Retention.Detail.ShouldBe("keep-monthly: 3");
        plan.Retention.Location.StartLine.ShouldBe(15);
        plan.Schedule!.Value.ShouldBe(TimeSpan.FromHours(6));
        plan.Checks.ShouldHaveSingleItem().IsRestore.ShouldBeFalse();
    }

    [Fact]
    public void Resticprofile_repository_and_password_can_come_from_the_profiles_env_section()
    {
        // The shape of resticprofile's own examples/dev.conf "repo-from-env" profile, with a password as well; the
        // second profile inherits the env section, the third names its repository in a file.
        const string toml = """
            [from-env]
            [from-env.env]
            restic_repository = "sftp:backup@vault.example.nl:/srv/restic"
            RESTIC_PASSWORD_FILE = "/etc/restic/key"
            [from-env.backup]
            source = "/srv/results"

            [inherits]
            inherit = "from-env"
            [inherits.backup]
            source = "/srv/register"

            [from-file]
            repository-file = "/etc/restic/repository"
            [from-file.backup]
            source = "/srv/www"
            """;
        var result = Scan(("profiles.toml", toml));
        result.FindingIds.ShouldBeEmpty();
        var plans = result.Plans.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        plans.Select(p => p.Key).ShouldBe(["backup-config:profiles.toml#from-env", "backup-config:profiles.toml#from-file", "backup-config:profiles.toml#inherits"]);

        foreach (var plan in new[] { plans[0], plans[2] })
        {
            var copy = plan.Copies.ShouldHaveSingleItem();
            copy.Description.ShouldBe("sftp:backup@vault.example.nl:/srv/restic");
            copy.IsOffsite!.Value.ShouldBeTrue();
            copy.IsOffsite.Location.StartLine.ShouldBe(3);
            copy.IsOffsite.Location.StartColumn.ShouldBe(21);
            plan.Encryption!.Value.ShouldBeTrue();
            plan.Encryption.Location.StartLine.ShouldBe(4);
            plan.Encryption.Detail.ShouldBe("restic always encrypts its repositories; the password comes from 'RESTIC_PASSWORD_FILE'");
        }

        var fromFile = plans[1].Copies.ShouldHaveSingleItem();
        fromFile.Description.ShouldBe("the repository named in /etc/restic/repository");
        fromFile.IsOffsite.ShouldBeNull();
        plans[1].Encryption!.Value.ShouldBeTrue();
        plans[1].Encryption!.Detail.ShouldBe("restic always encrypts its repositories");
    }

    [Fact]
    public void Toml_comment_spans_are_the_comments_and_not_hashes_inside_strings()
    {
        // Inline suppressions are read from these spans; a TOML tree used to give none, so no suppression comment in a
        // resticprofile .toml file had any effect.
        const string toml = "version = \"1\" # trailing\n# leading\n[results] # after a table\nrepository = \"/srv/a#b\" # after a string\npassword-file = '''x\n# inside a string\n'''\n# last line";
        var tree = TomlParser.Parse(new SourceText("profiles.toml", toml), InputFormat.Resticprofile);
        tree.Diagnostics.ShouldBeEmpty();
        tree.CommentSpans.Select(span => tree.Source.ToString(span)).ShouldBe(["# trailing", "# leading", "# after a table", "# after a string", "# last line"]);
        tree.CommentSpans[0].ShouldBe(new TextSpan(14, 10));
    }

    [Fact]
    public void Toml_nested_past_the_readers_depth_is_one_diagnostic_in_the_users_terms()
    {
        var tree = TomlParser.Parse(new SourceText("profiles.toml", "a = " + new string('[', 64) + new string(']', 64)), InputFormat.Resticprofile);
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 1, (string?)"toml-depth", "TOML could not be read: arrays and inline tables nest deeper than 64 levels, the most the TOML reader accepts; the file was not read."),
        ]);
        tree.RootMapping.ShouldBeNull();

        // 64 levels, the document's table and 63 arrays, are read.
        TomlParser.Parse(new SourceText("profiles.toml", "a = " + new string('[', 63) + new string(']', 63)), InputFormat.Resticprofile).Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Borgmatic_legacy_sections_and_descriptor_link_join_into_one_plan()
    {
        const string borgmatic = "location:\n  repositories:\n    - user@vault.example.nl:results\n    - /mnt/local\nstorage:\n  encryption_passcommand: pass borg\nretention:\n  keep_within: 2w\nconsistency:\n  checks:\n    - extract\n";
        const string descriptor = "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nassets:\n  - name: db\n    role: results_db\nbackups:\n  - name: db-backup\n    asset: db\n    config: ops/borgmatic/config.yaml\n    schedule: 1h\n    copies:\n      - {site: vault, offline: true}\n";
        var result = Scan(("ops/borgmatic/config.yaml", borgmatic), ("election.yml", descriptor));
        var plan = result.Plans.ShouldHaveSingleItem();
        plan.Key.ShouldBe("backup:db-backup");
        plan.Asset!.Name.ShouldBe("db");
        plan.Copies.Select(c => c.IsOffsite?.Value).ShouldBe([true, false, null]);
        plan.Copies[2].IsOffline!.Value.ShouldBeTrue();
        plan.Encryption!.Detail.ShouldContain("encryption_passcommand");
        plan.Retention!.Days.ShouldBe(14);
        plan.Schedule!.Value.ShouldBe(TimeSpan.FromHours(1));
        plan.Checks.ShouldHaveSingleItem().IsRestore.ShouldBeTrue();
    }

    [Theory]
    [InlineData("daily", 24 * 60)]
    [InlineData("*:0,15,30,45", 15)]
    [InlineData("Mon..Fri 03:00", 3 * 24 * 60)]
    [InlineData("*-*-01 02:00", 31 * 24 * 60)]
    public void Schedule_longest_gap(string expression, int minutes) =>
        BackupSchedule.LongestInterval([expression]).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("ssh://u@h:22/./repo", true)]
    [InlineData("u@host:repo", true)]
    [InlineData("/srv/borg", false)]
    [InlineData("C:\\borg", false)]
    // borgmatic puts ${NAME} in from its environment (${NAME:-default} and ${NAME-default} fall back to the default).
    [InlineData("${BORG_REPO}", null)]
    [InlineData("${BORG_HOST}:results", null)]
    [InlineData("${BORG_REPO:-ssh://backup@vault.example.nl/./results}", true)]
    [InlineData("${BORG_HOST-backup@vault.example.nl}:results", true)]
    [InlineData("${BORG_BASE:-/srv/borg}/results", false)]
    [InlineData("$HOME/borg", false)]
    [InlineData("/mnt/borg/${BACKUP_NAME}", false)]
    public void Borg_remote(string repository, bool? remote) => BackupConfigurationReaders.BorgIsRemote(repository).ShouldBe(remote);

    [Fact]
    public void A_resticprofile_file_that_needs_its_templates_expanded_is_one_diagnostic_at_the_first_action_not_a_cascade()
    {
        // As resticprofile's own nesting example: a template defined outside any value, then used in a profile.
        const string Toml = "# nested templates\n{{ define \"backup_root\" }}\n    source = [ \"/\" ]\n{{ end }}\n\n[root]\nrepository = \"local:/backup\"\npassword-file = \"key\"\n[root.backup]\n    {{ template \"backup_root\" . }}\n";
        var tree = ResticprofileLoader.Parse(new SourceText("profiles.toml", Toml));
        tree.ShouldBeOfType<TomlSyntaxTree>().RootMapping.ShouldBeNull();
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 2, 1, 27, "template", "The file uses resticprofile's Go templates ({{ define \"backup_root\" }}), which resticprofile expands before it reads the configuration; ElectionAudit reads files as written, and this one is not TOML until its templates are expanded, so it was not read. Scan a rendered copy to have its backups audited."),
        ]);

        const string Yaml = "version: \"1\"\n{{ $repo := \"local:/backup/a-very-long-repository-path-that-goes-on-and-on\" }}\nroot:\n  repository: {{ $repo }}\n  password-file: key\n";
        var yaml = ResticprofileLoader.Parse(new SourceText("profiles.yaml", Yaml));
        yaml.ShouldBeOfType<YamlSyntaxTree>();
        yaml.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.Message)).ShouldBe(
        [
            (2, 1, 79, "The file uses resticprofile's Go templates ({{ $repo := \"local:/backup/a-very-long-repository-path-th...), which resticprofile expands before it reads the configuration; ElectionAudit reads files as written, and this one is not YAML until its templates are expanded, so it was not read. Scan a rendered copy to have its backups audited."),
        ]);
    }

    [Fact]
    public void A_borgmatic_template_is_one_diagnostic_at_its_first_action_on_a_line_with_an_error_and_no_plan()
    {
        // An Ansible role's config.yaml.j2: the action in the comment parses, the {% for %} line is not YAML.
        const string Yaml = "# {{ ansible_managed }}\nlocation:\n    source_directories:\n{% for dir in borg_source_directories %}\n        - {{ dir }}\n{% endfor %}\n    repositories:\n        - {{ borg_repository }}\nretention:\n    keep_daily: 7\n";
        var tree = BorgmaticLoader.Parse(new SourceText("roles/backup/templates/config.yaml", Yaml), null);
        tree.ShouldBeOfType<YamlSyntaxTree>().RootMapping.ShouldBeNull();
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 4, 1, 41, "template", "The file is a template: {% for dir in borg_source_directories %} is a template action (Jinja2, Ansible, Go templates), which borgmatic does not expand; the file becomes a borgmatic configuration only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited."),
        ]);

        var result = Scan(("roles/backup/templates/config.yaml", Yaml));
        result.Plans.ShouldBeEmpty();
        result.FindingIds.ShouldBe(["EA0002"]);

        // A borgmatic file with an error on a line without an action keeps the parser's diagnostic.
        var broken = BorgmaticLoader.Parse(new SourceText("config.yaml", "# {{ managed }}\nlocation:\n  repositories: [a\n"), null);
        broken.Diagnostics.ShouldNotBeEmpty();
        broken.Diagnostics.ShouldAllBe(d => d.LogicalKey != "template");
    }

    [Fact]
    public void Templates_inside_quoted_values_read_as_the_text_they_are()
    {
        const string Toml = "version = \"1\"\n[results]\nrepository = \"local:/backup/{{ .Profile.Name }}\"\npassword-file = \"key\"\n\n[results.backup]\nsource = [ \"/srv/results\" ]\n";
        var tree = ResticprofileLoader.Parse(new SourceText("profiles.toml", Toml));
        tree.Diagnostics.ShouldBeEmpty();
        var result = Scan(("profiles.toml", Toml));
        result.Plans.ShouldHaveSingleItem().Copies.ShouldHaveSingleItem().Description.ShouldBe("local:/backup/{{ .Profile.Name }}");

        // A file with errors and no template action keeps the parser's own diagnostics.
        var broken = ResticprofileLoader.Parse(new SourceText("profiles.toml", "[results\nrepository = \"x\"\n"));
        broken.Diagnostics.ShouldNotBeEmpty();
        broken.Diagnostics.ShouldAllBe(d => d.LogicalKey != "template");
    }
}
