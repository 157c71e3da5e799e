using System.Collections.Immutable;
using System.Text.Json;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// The JSON, SARIF and GitLab reports write each finding's message and logical key from the finding's characters (a
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
}
