using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6002: the incident response plan has not been reviewed for longer than the limit.</summary>
public sealed class EA6002IncidentResponsePlanStale : AuditRule
{
    /// <summary>The option naming the longest acceptable time since the last review, in days.</summary>
    public const string MaxAgeOption = "max-age-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6002",
        "Incident response plan stale",
        "The incident response plan was last reviewed on {0}, {1} days before {2} (limit {3}). Review it against the current systems, providers and contacts, and update 'incident_response.last_reviewed'.",
        Severity.Warning,
        "Contacts change, providers are replaced and systems move between elections; a plan that has not been reviewed sends responders to the wrong people on the night. The CIS Essential Guide asks for regular review of the incident response plan; the one-year default is our reading of 'regular'.",
        4.5,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Incident Response Planning (regular review)", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E11", TraceMapping.Explicit),
            new(TraceSource.Other, "365-day review interval", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor],
        options: [new RuleOption(MaxAgeOption, "Days after the last review at which the plan counts as stale (our reading of 'regular review').", "365")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var section = ctx.Element.Section("incident_response");

            // Without a plan EA6001 reports; without a review date there is no evidence to judge, so the rule stays silent.
            if (section.GetText("plan") is null || section.GetDate("last_reviewed") is not { } reviewed)
            {
                return;
            }

            int maxAge = ctx.Options.GetInt32Option(Rule, MaxAgeOption);
            var asOf = ctx.Options.AsOf;
            int age = asOf.DayNumber - reviewed.Value.DayNumber;
            if (age > maxAge)
            {
                ctx.Report(Finding.Create(Rule, reviewed.Location, "incident-response/last-reviewed", Format(reviewed.Value), age, Format(asOf), maxAge));
            }
        });
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
