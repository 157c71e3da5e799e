using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6003: the incident response plan has not been exercised recently, or not before this election.</summary>
public sealed class EA6003NoRecentExercise : AuditRule
{
    /// <summary>The option naming the longest acceptable gap, in days.</summary>
    public const string MaxAgeOption = "max-age-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6003",
        "No recent exercise",
        "{0}",
        Severity.Warning,
        "A plan that has never been rehearsed fails at the first surprise. ENISA recommends exercises; the CIS Essential Guide asks for at least one a year and, better, one before each election. This rule warns when the latest exercise is older than the limit, and reports an error when no exercise is scheduled or held in the year before polling day.",
        5.5,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E5", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Exercising plans", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB33", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB72", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-10", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor],
        options: [new RuleOption(MaxAgeOption, "Days after which the latest exercise counts as stale, and the window before polling day in which one must fall.", "365")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;
            int maxAge = ctx.Options.GetInt32Option(Rule, MaxAgeOption);
            var asOf = ctx.Options.AsOf;
            var dated = descriptor.Exercises.Where(e => e.Date is not null).Select(e => (Exercise: e, Date: e.Date!.Value)).ToList();
            var location = descriptor.Has("exercises") ? descriptor.KeyLocation("exercises") : descriptor.Location;
            var electionDate = descriptor.ElectionDate?.Value;

            // Error: nothing held or scheduled in the window before polling day (the election this infrastructure serves).
            if (electionDate is { } polling && !dated.Any(d => d.Date <= polling && d.Date > polling.AddDays(-maxAge)))
            {
                var message = dated.Count == 0
                    ? $"No exercise of the incident response plan is recorded before the election on {Format(polling)}. Hold a tabletop or functional exercise before polling day and record it under 'exercises'."
                    : $"No exercise is held or scheduled in the {maxAge} days before the election on {Format(polling)}; the latest before it is {Latest(dated.Where(d => d.Date <= polling))}. Schedule one before polling day.";
                ctx.Report(Finding.Create(Rule, Severity.Error, location, "exercises/before-election", [], message));
                return;
            }

            var held = dated.Where(d => d.Date <= asOf).ToList();
            if (held.Count == 0)
            {
                if (electionDate is null)
                {
                    ctx.Report(Finding.Create(Rule, location, "exercises/recent", $"No exercise of the incident response plan is recorded up to {Format(asOf)}. Exercise the plan at least once a year and record it under 'exercises'."));
                }

                return;
            }

            var latest = held.MaxBy(d => d.Date);
            int age = asOf.DayNumber - latest.Date.DayNumber;
            if (age > maxAge)
            {
                ctx.Report(Finding.Create(
                    Rule,
                    Severity.Warning,
                    latest.Exercise.Date!.Location,
                    "exercises/recent",
                    [],
                    $"The latest exercise of the incident response plan was on {Format(latest.Date)}, {age} days before {Format(asOf)} (limit {maxAge}). Exercise the plan again."));
            }
        });
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Latest(IEnumerable<(ExerciseElement Exercise, DateOnly Date)> dated)
    {
        var list = dated.ToList();
        return list.Count == 0 ? "none" : "on " + Format(list.Max(d => d.Date));
    }
}
