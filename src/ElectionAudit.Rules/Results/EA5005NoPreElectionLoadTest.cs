using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5005: the results site has not been load-tested in the months before polling day (CIS Handbook best practice 31).</summary>
public sealed class EA5005NoPreElectionLoadTest : AuditRule
{
    /// <summary>The option naming the longest acceptable gap between the latest load test and polling day, in days.</summary>
    public const string MaxAgeOption = "max-age-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5005",
        "No pre-election load test",
        "{0}",
        Severity.Warning,
        "Election night brings many times the usual traffic to the results site in a few hours. The CIS Handbook asks election offices to load-test the results reporting site before the election; a test older than the latest changes to the site says little about how it holds up on the night.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB31", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E5", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor],
        options: [new RuleOption(MaxAgeOption, "Days before polling day within which the latest load test must fall (our reading; the Handbook names no period).", "90")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;

            // Only an organisation that publishes results has a results site to load-test.
            if (!descriptor.Sites.Any(s => s.IsResultsSite) && !descriptor.Section("results").IsPresent)
            {
                return;
            }

            int maxAge = ctx.Options.GetInt32Option(Rule, MaxAgeOption);
            var dated = descriptor.LoadTests.Where(t => t.Date is not null).Select(t => (Test: t, Date: t.Date!.Value)).ToList();
            if (!descriptor.Has("load_tests"))
            {
                ctx.Report(Finding.Create(Rule, descriptor.Location, "load-tests", "No load test of the results site is declared ('load_tests' is absent). Load-test the results site before polling day and record it under 'load_tests'."));
                return;
            }

            if (dated.Count == 0)
            {
                ctx.Report(Finding.Create(Rule, descriptor.KeyLocation("load_tests"), "load-tests", "'load_tests' lists no dated test. Load-test the results site before polling day and record the date."));
                return;
            }

            if (descriptor.ElectionDate?.Value is not { } polling)
            {
                return;
            }

            var before = dated.Where(d => d.Date <= polling).ToList();
            if (before.Count == 0)
            {
                ctx.Report(Finding.Create(Rule, descriptor.KeyLocation("load_tests"), "load-tests", $"No load test is held or scheduled before the election on {Format(polling)}. Load-test the results site in the {maxAge} days before polling day."));
                return;
            }

            var latest = before.MaxBy(d => d.Date);
            int gap = polling.DayNumber - latest.Date.DayNumber;
            if (gap > maxAge)
            {
                ctx.Report(Finding.Create(Rule, latest.Test.Date!.Location, "load-tests", $"The latest load test before the election on {Format(polling)} is on {Format(latest.Date)}, {gap} days earlier (limit {maxAge}). Load-test the results site again closer to polling day."));
            }
        });
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
