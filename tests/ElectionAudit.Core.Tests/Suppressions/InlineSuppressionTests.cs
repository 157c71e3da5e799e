using ElectionAudit.Suppressions;
using ElectionAudit.Text;
namespace ElectionAudit.Core.Tests.Suppressions;

/// <summary>Each inline form in each format's own comment syntax: the same scenarios written with <c>#</c>, <c>;</c>, <c>//</c> and <c>/* */</c>.</summary>
public class InlineSuppressionTests
{
    public static TheoryData<string> Formats => ["nginx", "apache", "yaml", "zone", "named-slash", "named-hash", "named-block"];

    /// <summary>Writes a file of the format: lines starting with '@' become comments, words become one statement each.</summary>
    private static (string Path, string Text) File(string format, params string[] lines)
    {
        string Comment(string text) => format switch
        {
            "zone" => "; " + text,
            "named-slash" => "// " + text,
            "named-block" => "/* " + text + " */",
            _ => "# " + text,
        };
        string Statement(string word) => format switch
        {
            "nginx" or "named-slash" or "named-hash" or "named-block" => $"option {word};",
            "apache" => $"Header {word}",
            "yaml" => $"{word.ToLowerInvariant()}: {word}",
            _ => $"{word} TXT \"x\"",
        };
        var extension = format switch { "nginx" => ".nginx", "apache" => ".apache", "yaml" => ".yml", "zone" => ".zone", _ => ".named" };
        var body = lines.Select(l => l.Length == 0 ? string.Empty : l[0] == '@' ? Comment(l[1..]) : Statement(l));
        return ("file" + extension, string.Join('\n', body) + "\n");
    }

    private static string[] ActiveWords(ElectionAudit.Engine.AuditResult result) =>
        [.. result.Findings.Where(f => f.RuleId == "EA9911").Select(f => (string)f.MessageArguments[0]!)];

    private static string[] SuppressedWords(ElectionAudit.Engine.AuditResult result) =>
        [.. result.Suppressed.Select(s => (string)s.Finding.MessageArguments[0]!)];

    private static (int Line, string Severity, string Message)[] Problems(ElectionAudit.Engine.AuditResult result) =>
        [.. result.Findings.Where(f => f.RuleId == "EA0005").Select(f => (f.Location.StartLine, f.Severity.ToString(), f.Message))];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Disable_next_line_covers_only_the_next_statement(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line EA9911 -- accepted until the upgrade", "BAD_ONE", "BAD_TWO"));
        SuppressedWords(result).ShouldBe(["BAD_ONE"]);
        ActiveWords(result).ShouldBe(["BAD_TWO"]);
        Problems(result).ShouldBeEmpty();
        result.Suppressed[0].Suppression.Justification.ShouldBe("accepted until the upgrade");
        result.Suppressed[0].Suppression.Location.StartLine.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Disable_next_line_skips_blank_lines_and_other_comments_and_ids_are_case_insensitive(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line ea9911 -- reviewed", "@an ordinary comment", string.Empty, "BAD_ONE", "BAD_TWO"));
        SuppressedWords(result).ShouldBe(["BAD_ONE"]);
        ActiveWords(result).ShouldBe(["BAD_TWO"]);
        Problems(result).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Disable_and_enable_bound_a_region(string format)
    {
        var result = SuppressionScan.Run(File(format, "BAD_BEFORE", "@electionaudit-disable EA9911 -- legacy section", "BAD_ONE", "BAD_TWO", "@electionaudit-enable EA9911", "BAD_AFTER"));
        SuppressedWords(result).ShouldBe(["BAD_ONE", "BAD_TWO"]);
        ActiveWords(result).ShouldBe(["BAD_BEFORE", "BAD_AFTER"]);
        Problems(result).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Disable_without_enable_runs_to_the_end_of_the_file_at_top_level(string format)
    {
        var result = SuppressionScan.Run(File(format, "BAD_BEFORE", "@electionaudit-disable EA9911 -- legacy file", "BAD_ONE", "BAD_TWO"));
        SuppressedWords(result).ShouldBe(["BAD_ONE", "BAD_TWO"]);
        ActiveWords(result).ShouldBe(["BAD_BEFORE"]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void An_expired_suppression_brings_the_finding_back_with_EA0005(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line EA9911 until=2024-05-31 -- until the May upgrade", "BAD_ONE"));
        SuppressedWords(result).ShouldBeEmpty();
        ActiveWords(result).ShouldBe(["BAD_ONE"]);
        Problems(result).ShouldBe([(1, "Warning", "The suppression of EA9911 expired on 2024-05-31 (audit date 2024-06-01); the findings it covered are reported again. Fix them, or renew the suppression with a new date and a reason.")]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_suppression_on_its_until_day_still_holds(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line EA9911 until=2024-06-01 -- last day", "BAD_ONE"));
        SuppressedWords(result).ShouldBe(["BAD_ONE"]);
        Problems(result).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_suppression_without_justification_holds_but_is_an_EA0005_note(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line EA9911", "BAD_ONE"));
        SuppressedWords(result).ShouldBe(["BAD_ONE"]);
        Problems(result).ShouldBe([(1, "Note", "The suppression of EA9911 has no justification; it still applies, but say why after ' -- ' (or in 'justification') so that a reviewer can judge it.")]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Unknown_rules_and_suppressions_that_suppress_nothing_are_EA0005(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-next-line EA9999, EA9911 -- typo", "BAD_ONE", "@electionaudit-disable-next-line EA9911 -- nothing here", "GOOD"));
        SuppressedWords(result).ShouldBe(["BAD_ONE"]);
        Problems(result).ShouldBe(
        [
            (1, "Warning", "This suppression names EA9999, which is not a rule ElectionAudit knows (a typo?); it suppresses nothing for EA9999."),
            (3, "Warning", "This suppression of EA9911 suppresses nothing: no EA9911 finding is in its scope. Remove it, so that it cannot hide a future finding."),
        ]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_malformed_suppression_is_EA0005_and_an_enable_without_disable_too(string format)
    {
        var result = SuppressionScan.Run(File(format, "@electionaudit-disable-nextline EA9911 -- typo in the directive", "BAD_ONE", "@electionaudit-enable EA9911"));
        ActiveWords(result).ShouldBe(["BAD_ONE"]);
        Problems(result).ShouldBe(
        [
            (1, "Warning", "Suppression comment not understood: 'electionaudit-disable-nextline' is not a suppression directive; use electionaudit-disable-next-line, electionaudit-disable or electionaudit-enable."),
            (3, "Warning", "electionaudit-enable EA9911 has no electionaudit-disable EA9911 before it in the same block; it does nothing."),
        ]);
    }

    [Fact]
    public void Nginx_a_missing_finding_on_a_block_is_suppressed_by_a_comment_on_its_opening_line_and_the_region_ends_with_the_block()
    {
        var result = SuppressionScan.Run(("site.nginx", "server {\n    block { # electionaudit-disable EA9912, EA9911 -- HSTS is set by the CDN\n        a BAD_INSIDE;\n    }\n    b BAD_AFTER;\n    block {\n    }\n}\n"));
        result.Suppressed.Select(s => (s.Finding.RuleId, s.Finding.Location.StartLine)).ShouldBe([("EA9912", 2), ("EA9911", 3)]);
        result.Findings.Where(f => f.RuleId != "EA0002").Select(f => (f.RuleId, f.Location.StartLine)).ShouldBe([("EA9911", 5), ("EA9912", 6)]);
    }

    [Theory]
    [InlineData("site.nginx", "# electionaudit-disable-next-line EA9912 -- set upstream\nblock {\n    a b;\n}\n")]
    [InlineData("site.apache", "# electionaudit-disable-next-line EA9912 -- set upstream\n<Block x>\n    Header b\n</Block>\n")]
    [InlineData("site.yml", "# electionaudit-disable-next-line EA9912 -- set upstream\nblock:\n  a: b\n  c: d\n")]
    [InlineData("site.named", "// electionaudit-disable-next-line EA9912 -- set upstream\nblock {\n    a b;\n};\n")]
    public void A_missing_finding_on_a_block_is_suppressed_by_a_comment_above_its_opening_line(string path, string text)
    {
        var result = SuppressionScan.Run((path, text));
        result.Suppressed.Select(s => (s.Finding.RuleId, s.Finding.Location.StartLine)).ShouldBe([("EA9912", 2)]);
        result.Findings.Where(f => f.RuleId is "EA9912" or "EA0005").ShouldBeEmpty();
    }

    [Fact]
    public void Yaml_a_hash_inside_a_quoted_scalar_is_not_a_comment()
    {
        var result = SuppressionScan.Run(("a.yml", "a: \"# electionaudit-disable-next-line EA9911 -- no\"\nb: BAD_ONE\n"));
        result.Suppressed.ShouldBeEmpty();
        ActiveWords(result).ShouldBe(["BAD_ONE"]);
    }
    [Theory]
    [InlineData("# electionaudit-disable-next-line EA9912 -- set upstream", true)]
    [InlineData("  ;; ELECTIONAUDIT-enable EA9912", true)]
    [InlineData("/* electionaudit-disable EA9911 */", true)]
    [InlineData("// electionaudit-bogus", true)] // not a directive, which TryParse, not the filter, decides
    [InlineData("# electionaudit is great", false)]
    [InlineData("# plain comment about electionaudit-disable", false)]
    [InlineData("; serial", false)]
    [InlineData("#", false)]
    [InlineData("# caf\u00e9 electionaudit-disable EA9912", false)]
    public void A_comment_is_passed_over_without_a_string_only_when_it_cannot_be_a_suppression(string comment, bool candidate)
    {
        foreach (var source in new[] { new SourceText("a.conf", "x;\n" + comment + "\n"), SourceText.FromBytes("a.conf", System.Text.Encoding.UTF8.GetBytes("x;\n" + comment + "\n")) })
        {
            var span = new TextSpan(3, comment.Length);
            SuppressionComment.MayBeSuppression(source, span).ShouldBe(candidate);
            if (!candidate)
            {
                SuppressionComment.TryParse(comment, out _, out _).ShouldBeFalse();
            }
        }
    }

    [Fact]
    public void A_long_comment_is_told_apart_as_a_short_one_is()
    {
        var comment = "# " + new string('x', 300) + " electionaudit-disable EA9912";
        var source = SourceText.FromBytes("a.conf", System.Text.Encoding.ASCII.GetBytes(comment));
        SuppressionComment.MayBeSuppression(source, new TextSpan(0, comment.Length)).ShouldBeFalse();
        SuppressionComment.TryParse(comment, out _, out _).ShouldBeFalse();
        var padded = new string(' ', 300) + "# electionaudit-disable EA9912 -- reason";
        SuppressionComment.MayBeSuppression(SourceText.FromBytes("a.conf", System.Text.Encoding.ASCII.GetBytes(padded)), new TextSpan(0, padded.Length)).ShouldBeTrue();
        SuppressionComment.TryParse(padded, out var parsed, out _).ShouldBeTrue();
        parsed!.Directive.ShouldBe(SuppressionDirective.Disable);
    }
}
