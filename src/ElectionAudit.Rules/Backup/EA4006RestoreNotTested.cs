using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4006: restores from a backup have not been tested recently, or not since the last election.</summary>
public sealed class EA4006RestoreNotTested : AuditRule
{
    /// <summary>The option naming the longest acceptable age of the last restore test, in days.</summary>
    public const string MaxAgeOption = "max-age-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4006",
        "Restore not tested",
        "Backup plan '{0}': {1}",
        Severity.Warning,
        "A backup nobody has restored is a hope, not a backup: wrong paths, lost keys and silent corruption show up only at restore time. The CIS guide asks for restore tests at least quarterly and the non-voting best practices per election. Warning when the last test is older than the limit; error when there was none, or none since the election.",
        6.0,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Backups (test restores at least quarterly)", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.4.3", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-4", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-10", TraceMapping.Explicit),
            new(TraceSource.Other, "'not since the last election': the descriptor's election date, once passed", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Borgmatic, InputFormat.Bacula],
        options: [new RuleOption(MaxAgeOption, "Days after which the last restore test counts as stale.", "90")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<EffectiveBackupPlan>(ctx =>
        {
            var plan = ctx.Element;

            // borgmatic's extract check restores the latest archive on every run it is due, and a scheduled Bacula Restore job
            // restores on every run: automated restore tests.
            if (plan.Checks.Any(c => c.IsRestore))
            {
                return;
            }

            var asOf = ctx.Options.AsOf;
            var verification = plan.Checks.Count > 0 ? plan.Checks[0] : null;
            var note = verification is null ? string.Empty : $" (the configuration runs {verification.Kind}, which reads the data but restores nothing)";
            if (plan.LastRestoreTest is not { } tested)
            {
                var location = plan.Declared is null ? plan.Tool!.Location : plan.Location;
                ctx.Report(Finding.Create(Rule, Severity.Error, location, plan.Key, [], plan.Name, $"no restore test is recorded{note}. Restore into a scratch system, then record the date as 'last_restore_test'."));
                return;
            }

            if (plan.Descriptor?.ElectionDate is { } election && election.Value <= asOf && tested.Value < election.Value)
            {
                ctx.Report(Finding.Create(Rule, Severity.Error, tested.Location, plan.Key, [new RelatedLocation(election.Location, "the election")], plan.Name, $"the last restore test ({BackupText.Date(tested.Value)}) is older than the election on {BackupText.Date(election.Value)}{note}. Test a restore for every election."));
                return;
            }

            int maxAge = ctx.Options.GetInt32Option(Rule, MaxAgeOption);
            int age = asOf.DayNumber - tested.Value.DayNumber;
            if (age > maxAge)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, tested.Location, plan.Key, [], plan.Name, $"the last restore test was on {BackupText.Date(tested.Value)}, {age} days before {BackupText.Date(asOf)} (limit {maxAge}){note}. Test a restore again."));
            }
        });
    }
}
