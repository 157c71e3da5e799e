using ElectionAudit.Suppressions;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Suppressions;

/// <summary>The suppression file <c>.electionaudit-suppressions.yml</c>: reading it, and what it does to a scan.</summary>
public class SuppressionFileTests
{
    private const string Name = SuppressionFile.FileName;

    private static string[] Words(IEnumerable<ElectionAudit.Rules.Finding> findings) =>
        [.. findings.Where(f => f.RuleId == "EA9911").Select(f => $"{f.Location.Path}:{f.MessageArguments[0]}")];

    private static (string Path, int Line, string Message)[] Problems(ElectionAudit.Engine.AuditResult result) =>
        [.. result.Findings.Where(f => f.RuleId == "EA0005").Select(f => (f.Location.Path, f.Location.StartLine, f.Message))];

    [Fact]
    public void Entries_keep_rule_glob_key_justification_expiry_and_line()
    {
        var file = SuppressionFile.Parse(new SourceText(Name,
            "suppressions:\n" +
            "  - rule: ea2001\n" +
            "    path: nginx/legacy/*.conf\n" +
            "    justification: Kiosk clients until March.\n" +
            "    until: 2026-03-31\n" +
            "  - rule: EA3005\n" +
            "    path: '**/results.conf'\n" +
            "    key: vhost:results/hsts\n"));

        file.Problems.ShouldBeEmpty();
        file.Entries.Length.ShouldBe(2);
        var first = file.Entries[0];
        first.Suppression.RuleIds.ShouldBe(["EA2001"]);
        first.Suppression.Justification.ShouldBe("Kiosk clients until March.");
        first.Suppression.Until.ShouldBe(new DateOnly(2026, 3, 31));
        first.Suppression.Location.StartLine.ShouldBe(2);
        first.Suppression.SarifKind.ShouldBe("external");
        first.Covers("EA2001", "nginx/legacy/kiosk.conf", "any").ShouldBeTrue();
        first.Covers("EA2001", "nginx/legacy/sub/kiosk.conf", "any").ShouldBeFalse();
        first.Covers("EA2002", "nginx/legacy/kiosk.conf", "any").ShouldBeFalse();

        var second = file.Entries[1];
        second.Suppression.Justification.ShouldBeNull();
        second.Covers("EA3005", "web/nginx/results.conf", "vhost:results/hsts").ShouldBeTrue();
        second.Covers("EA3005", "web/nginx/results.conf", "vhost:info/hsts").ShouldBeFalse();
    }

    [Fact]
    public void Invalid_entries_are_problems_at_their_lines_and_valid_ones_still_count()
    {
        var file = SuppressionFile.Parse(new SourceText(Name,
            "suppressions:\n" +
            "  - rule: EA2001\n" +
            "    justification: no path\n" +
            "  - just a string\n" +
            "  - rule: EA2002\n" +
            "    path: a.conf\n" +
            "    until: next spring\n" +
            "  - rule: EA2003\n" +
            "    path: b.conf\n" +
            "    reason: typo for justification\n" +
            "extra: 1\n"));

        file.Entries.Select(e => e.Suppression.RuleIds[0]).ShouldBe(["EA2003"]);
        file.Problems.Select(p => (p.Location.StartLine, p.Message)).ShouldBe(
        [
            (11, "Unknown key 'extra' in the suppression file; the only top-level key is 'suppressions'."),
            (2, "A suppression entry needs both 'rule' (EAnnnn) and 'path' (a glob relative to the scan root); this entry is ignored."),
            (4, "A suppression entry must be a mapping with rule, path and justification."),
            (7, "'until' must be a date (YYYY-MM-DD); found 'next spring'. The entry is ignored."),
            (10, "Unknown key 'reason' in a suppression entry; expected rule, path, key, justification or until."),
        ]);
    }

    [Fact]
    public void A_scan_honours_the_file_by_path_glob_and_key_and_reports_expired_unused_and_unjustified_entries()
    {
        var result = SuppressionScan.Run(
            ("web/a.nginx", "option BAD_ONE;\noption BAD_TWO;\n"),
            ("web/b.nginx", "option BAD_ONE;\n"),
            (Name,
                "suppressions:\n" +
                "  - rule: EA9911\n" +
                "    path: web/a.nginx\n" +
                "    key: bad:BAD_ONE\n" +
                "    justification: accepted for the pilot\n" +
                "  - rule: EA9911\n" +
                "    path: web/b.*\n" +
                "    justification: expired\n" +
                "    until: 2024-05-31\n" +
                "  - rule: EA9911\n" +
                "    path: nowhere/*.nginx\n" +
                "    justification: covers nothing\n"));

        result.Suppressed.Select(s => $"{s.Finding.Location.Path}:{s.Finding.MessageArguments[0]}").ShouldBe(["web/a.nginx:BAD_ONE"]);
        Words(result.Findings).ShouldBe(["web/a.nginx:BAD_TWO", "web/b.nginx:BAD_ONE"]);
        var problems = Problems(result);
        problems.Length.ShouldBe(2);
        problems.ShouldAllBe(p => p.Path == Name);
        problems.Select(p => p.Line).ShouldBe([6, 10]);
        problems[0].Message.ShouldContain("expired on 2024-05-31");
        problems[1].Message.ShouldContain("suppresses nothing");
    }

    [Fact]
    public void Each_finding_meets_only_its_own_file_s_comments_and_the_entries_for_its_rule_first_one_first()
    {
        // Scopes of one file never reach another's findings; of two scopes covering a finding the first written is the one
        // reported, and both count as used; entries are matched by rule whatever its case, in file order.
        var result = SuppressionScan.Run(
            ("web/a.nginx", "# electionaudit-disable EA9911 -- region in a\noption BAD_A1;\n# electionaudit-disable-next-line EA9911 -- next line in a\noption BAD_A2;\n"),
            ("web/b.nginx", "option BAD_B1;\n# electionaudit-disable-next-line EA9911 -- nothing below it in b\n"),
            ("web/c.nginx", "option BAD_C1;\noption BAD_C2;\n"),
            (Name,
                "suppressions:\n" +
                "  - rule: ea9911\n" +
                "    path: web/c.nginx\n" +
                "    key: bad:BAD_C1\n" +
                "    justification: first entry\n" +
                "  - rule: EA9912\n" +
                "    path: \"**\"\n" +
                "    justification: another rule\n" +
                "  - rule: EA9911\n" +
                "    path: web/*.nginx\n" +
                "    key: bad:BAD_C2\n" +
                "    justification: third entry\n"));

        result.Suppressed.Select(s => $"{s.Finding.Location.Path}:{s.Finding.MessageArguments[0]}:{s.Suppression.Justification}").ShouldBe(
        [
            "web/a.nginx:BAD_A1:region in a",
            "web/a.nginx:BAD_A2:region in a",
            "web/c.nginx:BAD_C1:first entry",
            "web/c.nginx:BAD_C2:third entry",
        ]);
        Words(result.Findings).ShouldBe(["web/b.nginx:BAD_B1"]);
        Problems(result).Select(p => (p.Path, p.Line)).ShouldBe([(Name, 6), ("web/b.nginx", 2)]);
        Problems(result).ShouldAllBe(p => p.Message.Contains("suppresses nothing"));
    }
}
