using System.Collections.Immutable;
using ElectionAudit.Configuration;
using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>Two guarantees on hostile input: a rule over its time budget is abandoned, and a file that changes while it is scanned is seen whole.</summary>
public class RuleBudgetAndSnapshotTests
{
    private const string Descriptor = TestDescriptors.TwoSites;

    [Fact]
    public void A_rule_over_its_time_budget_is_abandoned_as_EA0001_and_its_late_findings_are_dropped()
    {
        using var release = new ManualResetEventSlim();
        var files = new InMemoryFileSystem().Add("election.yml", Descriptor);
        var configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { RuleTimeBudget = TimeSpan.FromMilliseconds(300) } };
        try
        {
            var result = new AuditEngine([new StuckRule(release), new EverySiteRule()]).Analyze(files, [.. files.Paths], configuration);

            result.Findings.Select(f => (f.RuleId, f.Location.StartLine)).ShouldBe([("EA0001", 1), ("EA9901", 6), ("EA9901", 7)]);
            result.Findings[0].Message.ShouldStartWith("Rule EA9903 (StuckRule) threw System.TimeoutException while analysing the model: it ran longer than limits.rule-time-budget-seconds");
            result.Findings[0].Message.ShouldContain("was abandoned, its findings discarded");
            result.ExecutionSuccessful.ShouldBeFalse();
        }
        finally
        {
            // Let the abandoned rule finish; what it reports now must not reach any result.
            release.Set();
        }
    }

    [Fact]
    public void A_file_that_changes_during_the_scan_is_read_once_and_every_stage_sees_that_version()
    {
        // Each read returns a different version of the file (another site name, shifted lines), as a tree being edited would.
        var files = new ChangingFileSystem("election.yml", version => Descriptor.Replace("info", $"info{version}", StringComparison.Ordinal) + new string('\n', version));
        var result = new AuditEngine([new EverySiteRule()]).Analyze(files, ["election.yml"]);

        files.Reads.ShouldBe(1);
        result.Findings.Select(f => (f.Location.StartLine, f.Message)).ShouldBe([(6, "Site 'results' seen."), (7, "Site 'info1' seen.")]);
    }

    private sealed class StuckRule(ManualResetEventSlim release) : AuditRule
    {
        public static RuleDescriptor Rule { get; } = new(
            "EA9903", "Never finishes in time", "late {0}", Severity.Error, "Test rule.", 5.0, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) => context.RegisterModelAction(ctx =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            ctx.Report(Finding.Create(Rule, ctx.Model.Descriptors[0].Location, "late", "finding"));
        });
    }

    private sealed class ChangingFileSystem(string path, Func<int, string> versions) : IScanFileSystem
    {
        private int _reads;

        public int Reads => _reads;

        public IReadOnlyList<string> Glob(string pattern) => pattern == path ? [path] : [];

        public bool FileExists(string relativePath) => relativePath == path;

        public SourceText? TryRead(string relativePath) =>
            relativePath == path ? new SourceText(path, versions(Interlocked.Increment(ref _reads))) : null;
    }
}
