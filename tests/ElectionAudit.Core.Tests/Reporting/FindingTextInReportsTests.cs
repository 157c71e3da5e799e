using System.Collections.Immutable;
using System.Text.Json;
using System.Xml.Linq;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// The JSON, SARIF, GitLab and JUnit reports write each finding's message and logical key from the finding's characters (a
/// stored finding's are the thread's scratch, one read at a time) and join SARIF's related-location links and GitLab's
/// description in a buffer: what they write must be the finding's <see cref="Finding.Message"/> and
/// <see cref="Finding.LogicalKey"/>, for stored findings and others, long and short, one after another.
/// </summary>
public sealed class FindingTextInReportsTests
{
    private static readonly RuleDescriptor Whole = Descriptor("EA9951", "{0}");
    private static readonly RuleDescriptor Formatted = Descriptor("EA9952", "Host {1} ({0}) is not in the inventory.");
    private static readonly RuleDescriptor Aligned = Descriptor("EA9953", "[{0,5}]");

    private static RuleDescriptor Descriptor(string id, string format) => new(
        id, "Report text test", format, Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    private static Location At(string path, int line) => new(path, new TextSpan(0, 1), line, 1, line, 2);

    private static (AuditResult Result, Finding[] Originals) Result()
    {
        var store = new FindingStore();
        var longValue = string.Concat(Enumerable.Repeat("élection-\"quoted\"-", 150));
        RelatedLocation[] related =
        [
            new(At("web/other.conf", 4), "HSTS is set here"),
            new(At("dns/zone.db", 9), "and [here] too"),
        ];
        Finding[] originals =
        [
            Finding.Create(Whole, Severity.Error, At("a.conf", 1), $"server:{longValue}/hsts", related, $"Site {longValue} has no HSTS."),
            Finding.Create(Formatted, Severity.Warning, At("a.conf", 2), "inventory:www", [], "A record", "www.example."),
            Finding.Create(Whole, At("a.conf", 3), "short", $"Short {3}."),
            Finding.Create(Aligned, Severity.Note, At("b.conf", 1), "aligned", related, "x"),

            // Links longer than the buffer a short message starts with.
            Finding.Create(Whole, Severity.Note, At("b.conf", 2), "links", [new(At("c.conf", 1), new string('l', 700)), new(At("c.conf", 2), longValue)], $"Two long links {2}."),
        ];

        var findings = originals.Select(store.Keep).ToArray();
        findings[0].ShouldNotBeSameAs(originals[0]);
        findings[3].ShouldBeSameAs(originals[3]);
        var result = new AuditResult([.. findings], [], [Whole, Formatted, Aligned], ImmutableDictionary<string, SourceText>.Empty, InfrastructureModel.Empty, new AnalysisOptions(new DateOnly(2027, 3, 17)), Severity.Error, 2);
        return (result, originals);
    }

    [Fact]
    public void Json_writes_each_message_key_and_fingerprint()
    {
        var (result, originals) = Result();

        using var report = JsonDocument.Parse(JsonReporter.ToText(result, "1.0.0"));

        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Count.ShouldBe(originals.Length);
        for (int i = 0; i < originals.Length; i++)
        {
            findings[i].GetProperty("message").GetString().ShouldBe(originals[i].Message);
            findings[i].GetProperty("logicalKey").GetString().ShouldBe(originals[i].LogicalKey);
            findings[i].GetProperty("fingerprint").GetString().ShouldBe(SarifWriter.StableHash(originals[i].Fingerprint));
            findings[i].GetProperty("relatedLocations").EnumerateArray().Select(r => (r.GetProperty("path").GetString(), r.GetProperty("startLine").GetInt32(), r.GetProperty("endColumn").GetInt32(), r.GetProperty("message").GetString()))
                .ShouldBe(originals[i].RelatedLocations.Select(r => ((string?)r.Location.Path, r.Location.StartLine, r.Location.EndColumn, (string?)r.Message)));
        }

        findings[1].GetProperty("message").GetString().ShouldBe("Host www.example. (A record) is not in the inventory.");
    }

    [Fact]
    public void Sarif_writes_each_message_with_its_related_locations_links_and_fingerprint()
    {
        var (result, originals) = Result();

        using var log = JsonDocument.Parse(SarifWriter.ToText(result));

        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(originals.Length);
        for (int i = 0; i < originals.Length; i++)
        {
            var links = string.Concat(originals[i].RelatedLocations.Select((r, n) => $" [{r.Message}]({n + 1})"));
            results[i].GetProperty("message").GetProperty("text").GetString().ShouldBe(originals[i].Message + links);
            results[i].GetProperty("fingerprints").GetProperty("electionaudit/v1").GetString().ShouldBe(SarifWriter.StableHash(originals[i].Fingerprint));
            var relatedLocations = results[i].TryGetProperty("relatedLocations", out var array) ? array.EnumerateArray().ToList() : [];
            relatedLocations.Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), r.GetProperty("message").GetProperty("text").GetString()))
                .ShouldBe(originals[i].RelatedLocations.Select((r, n) => (n + 1, (string?)r.Location.Path, (string?)r.Message)));
        }

        results[3].GetProperty("message").GetProperty("text").GetString().ShouldBe("[    x] [HSTS is set here](1) [and [here] too](2)");
        results[2].GetProperty("message").GetProperty("text").GetString().ShouldBe("Short 3.");
    }

    [Fact]
    public void GitLab_writes_each_description_and_fingerprint()
    {
        var (result, originals) = Result();

        using var report = JsonDocument.Parse(GitLabCodeQualityReporter.ToText(result));

        var issues = report.RootElement.EnumerateArray().ToList();
        issues.Count.ShouldBe(originals.Length);
        for (int i = 0; i < originals.Length; i++)
        {
            issues[i].GetProperty("description").GetString().ShouldBe($"{originals[i].RuleId}: {originals[i].Message}");
            issues[i].GetProperty("fingerprint").GetString().ShouldBe(SarifWriter.StableHash(originals[i].Fingerprint));
        }

        issues[2].GetProperty("description").GetString().ShouldBe("EA9951: Short 3.");
    }

    [Fact]
    public void JUnit_writes_each_failures_message_and_text()
    {
        var (result, originals) = Result();

        var report = XDocument.Parse(JUnitReporter.ToText(result));

        var failures = report.Descendants("testcase").Where(c => c.Element("failure") is not null).ToDictionary(c => ((string)c.Parent!.Attribute("name")!, ((string)c.Attribute("name")!)[..6]), c => c.Element("failure")!);
        failures.Count.ShouldBe(4);
        foreach (var group in originals.GroupBy(f => (f.Location.Path, f.RuleId)))
        {
            var findings = group.ToList();
            var failure = failures[group.Key];
            ((string)failure.Attribute("message")!).ShouldBe(findings.Count == 1 ? findings[0].Message : $"{findings.Count} findings; the first: {findings[0].Message}");
            failure.Value.ShouldBe(string.Join("\n", findings.Select(f => $"{f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}: {f.Severity.ToName()} {f.RuleId}: {f.Message}")) + $"\nSee {findings[0].Rule.HelpUri}");
        }

        ((string)failures[("a.conf", "EA9951")].Attribute("message")!).ShouldStartWith("2 findings; the first: Site élection-");
        failures[("a.conf", "EA9951")].Value.ShouldContain("\na.conf:3:1: warning EA9951: Short 3.\nSee ");
        report.Descendants("testcase").Select(c => (string)c.Attribute("name")!).ShouldContain("EA9952 Report text test");
    }

    [Fact]
    public void Control_characters_and_lone_surrogates_from_scanned_files_are_shown_as_pictures_in_JUnit_and_Markdown()
    {
        // A zone whose record type holds a terminal escape sequence, named in a file name with one too, and a UTF-16 file's
        // lone surrogate: XML 1.0 can hold none of them, and writing the JUnit report failed with an internal error.
        var finding = Finding.Create(Whole, Severity.Error, At("dns/db.\u001b[2Jexample", 5), "type", [], "unknown record type '\u001b[31mX' \uD800\0 | <b>");
        var result = new AuditResult([finding], [], [Whole], ImmutableDictionary<string, SourceText>.Empty, InfrastructureModel.Empty, new AnalysisOptions(new DateOnly(2027, 3, 17)), Severity.Error, 1);

        var junit = JUnitReporter.ToText(result);
        var failure = XDocument.Parse(junit).Descendants("failure").Single();
        ((string)failure.Attribute("message")!).ShouldBe("unknown record type '\u241B[31mX' \uFFFD\u2400 | <b>");
        failure.Value.ShouldStartWith("dns/db.\u241B[2Jexample:5:1: error EA9951: unknown record type '\u241B[31mX' \uFFFD\u2400 | <b>\nSee ");
        ((string)failure.Parent!.Attribute("classname")!).ShouldBe("dns/db.\u241B[2Jexample");
        junit.ShouldNotContain('\u001b');

        var markdown = MarkdownReporter.ToText(result);
        markdown.ShouldContain("| dns/db.\u241B[2Jexample:5 | unknown record type '\u241B[31mX' \uFFFD\u2400 \\| &lt;b> |");
        markdown.ShouldNotContain('\u001b');
    }
}
