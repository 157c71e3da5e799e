using System.Text.Json;
using ElectionAudit.Core.Tests.Engine;
using ElectionAudit.Core.Tests.Suppressions;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// GitHub code scanning rejects a run of more than 25,000 results (SARIF.md, "Limits that reject or truncate an upload"):
/// past <see cref="SarifOptions.MaxResults"/> the log keeps the most severe results in report order and says what it left out.
/// </summary>
public class SarifResultLimitTests
{
    private const string Descriptor = TestDescriptors.TwoSites;

    // Two sites, each reported at two positions by an error rule and a warning rule and at one by a note rule, with two
    // messages per position: 8 errors, 8 warnings and 4 notes.
    private static readonly AuditResult Result = new AuditEngine(
    [
        new GridRule(2, "EA9920", Severity.Error),
        new GridRule(2, "EA9921", Severity.Warning),
        new GridRule(1, "EA9922", Severity.Note),
    ]).Analyze(new InMemoryFileSystem().Add("a/election.yml", Descriptor), ["a/election.yml"]);

    [Fact]
    public void Past_the_limit_the_most_severe_results_are_kept_in_report_order_and_a_notification_says_what_was_left_out()
    {
        Result.Findings.Length.ShouldBe(20);
        var options = new SarifOptions { MaxResults = 11 };
        using var log = JsonDocument.Parse(SarifWriter.ToText(Result, options));
        var run = log.RootElement.GetProperty("runs")[0];

        Results(run).ShouldBe(
        [
            ("EA9920", 1, "info 0 a"), ("EA9920", 1, "info 0 b"), ("EA9920", 1, "results 0 a"), ("EA9920", 1, "results 0 b"),
            ("EA9921", 1, "info 0 a"), ("EA9921", 1, "info 0 b"), ("EA9921", 1, "results 0 a"),
            ("EA9920", 2, "info 1 a"), ("EA9920", 2, "info 1 b"), ("EA9920", 2, "results 1 a"), ("EA9920", 2, "results 1 b"),
        ]);
        var invocation = run.GetProperty("invocations")[0];
        invocation.GetProperty("executionSuccessful").GetBoolean().ShouldBeTrue("leaving results out is not a failed run");
        var notification = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ShouldHaveSingleItem();
        notification.GetProperty("descriptor").GetProperty("id").GetString().ShouldBe("sarif-result-limit");
        notification.GetProperty("level").GetString().ShouldBe("warning");
        notification.GetProperty("message").GetProperty("text").GetString().ShouldBe(
            "This log holds the 11 most severe of the scan's 20 results (the limit set is 11); left out: 5 warnings, 4 notes. "
            + "The other report formats list every finding; --sarif-max-results 0 (SarifOptions.MaxResults) writes them all.");
        SarifWriter.ResultsLeftOut(Result, options).ShouldBe(9);
    }

    [Fact]
    public void A_limit_below_the_errors_keeps_the_first_errors_only()
    {
        var options = new SarifOptions { MaxResults = 3 };
        using var log = JsonDocument.Parse(SarifWriter.ToText(Result, options));
        var run = log.RootElement.GetProperty("runs")[0];
        Results(run).ShouldBe([("EA9920", 1, "info 0 a"), ("EA9920", 1, "info 0 b"), ("EA9920", 1, "results 0 a")]);
        run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString()
            .ShouldStartWith("This log holds the 3 most severe of the scan's 20 results (the limit set is 3); left out: 5 errors, 8 warnings, 4 notes.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(SarifWriter.GitHubMaxResults)]
    public void Within_the_limit_or_without_one_every_result_is_written_and_nothing_is_said(int maxResults)
    {
        var options = new SarifOptions { MaxResults = maxResults };
        var text = SarifWriter.ToText(Result, options);
        using var log = JsonDocument.Parse(text);
        var run = log.RootElement.GetProperty("runs")[0];
        run.GetProperty("results").GetArrayLength().ShouldBe(20);
        run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").GetArrayLength().ShouldBe(0);
        SarifWriter.ResultsLeftOut(Result, options).ShouldBe(0);
        text.ShouldBe(SarifWriter.ToText(Result));
    }

    [Fact]
    public void The_default_limit_is_what_GitHub_accepts()
    {
        new SarifOptions().MaxResults.ShouldBe(25_000);
        SarifWriter.GitHubMaxResults.ShouldBe(25_000);
    }

    [Fact]
    public void In_audit_mode_suppressed_results_come_after_every_active_one()
    {
        var result = SuppressionScan.Run(("file.nginx", "option BAD_ONE;\n# electionaudit-disable EA9911 -- legacy section\noption BAD_TWO;\noption BAD_THREE;\n"));
        result.Findings.Where(f => f.RuleId == "EA9911").ShouldHaveSingleItem();
        result.Suppressed.Length.ShouldBe(2);
        var options = new SarifOptions { IncludeSuppressed = true, MaxResults = 2 };
        using var log = JsonDocument.Parse(SarifWriter.ToText(result, options));
        var run = log.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => (r.GetProperty("message").GetProperty("text").GetString(), r.GetProperty("suppressions").GetArrayLength()))
            .ShouldBe([("Bad word BAD_ONE.", 0), ("Bad word BAD_TWO.", 1)]);
        run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString()
            .ShouldStartWith("This log holds the 2 most severe of the scan's 3 results (the limit set is 2); left out: 1 suppressed or baseline result.");
        SarifWriter.ResultsLeftOut(result, options).ShouldBe(1);
        SarifWriter.ResultsLeftOut(result, options with { IncludeSuppressed = false }).ShouldBe(0);
    }

    [Theory]
    [InlineData(1000, 1000, "")]
    [InlineData(1005, 1000, " (5 more related locations are left out: code scanning rejects a result with more than 1,000.)")]
    public void A_result_holds_at_most_a_thousand_related_locations_and_says_how_many_it_left_out(int related, int written, string note)
    {
        var result = new AuditEngine([new ManyRelatedRule(related)]).Analyze(new InMemoryFileSystem().Add("a/election.yml", Descriptor), ["a/election.yml"]);
        using var log = JsonDocument.Parse(SarifWriter.ToText(result));
        var finding = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "EA9923");
        var locations = finding.GetProperty("relatedLocations").EnumerateArray().ToList();
        locations.Count.ShouldBe(written);
        locations[^1].GetProperty("id").GetInt32().ShouldBe(written);
        locations[^1].GetProperty("message").GetProperty("text").GetString().ShouldBe($"mention {written - 1}");
        var message = finding.GetProperty("message").GetProperty("text").GetString()!;
        message.ShouldEndWith($" [mention {written - 1}]({written}){note}");
        message.ShouldNotContain($"]({written + 1})");
    }

    /// <summary>Reports the first site once, related to <paramref name="count"/> places in its file.</summary>
    private sealed class ManyRelatedRule(int count) : AuditRule
    {
        private static readonly RuleDescriptor Rule = new(
            "EA9923", "Many related", "Site {0} is mentioned often.", Severity.Warning, "Test rule.", 1.0, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [ElectionAudit.Syntax.InputFormat.Descriptor]);

        public override System.Collections.Immutable.ImmutableArray<RuleDescriptor> SupportedRules => [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterElementAction<ElectionAudit.Descriptor.SiteElement>(ctx =>
            {
                if (ctx.Element.Name != "results")
                {
                    return;
                }

                var related = Enumerable.Range(0, count)
                    .Select(i => new RelatedLocation(new ElectionAudit.Text.Location(ctx.Element.Location.Path, new ElectionAudit.Text.TextSpan(i, 1), 1, 1 + i, 1, 2 + i), $"mention {i}"))
                    .ToList();
                ctx.Report(Finding.Create(Rule, Severity.Warning, ctx.Element.Location, ctx.Element.Key, related, ctx.Element.Name));
            });
    }

    private static (string RuleId, int Column, string Message)[] Results(JsonElement run) =>
        [.. run.GetProperty("results").EnumerateArray().Select(r => (
            r.GetProperty("ruleId").GetString()!,
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startColumn").GetInt32(),
            r.GetProperty("message").GetProperty("text").GetString()!))];
}
