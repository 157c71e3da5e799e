using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4007: backups are deleted before the results can no longer be challenged, or before the law allows.</summary>
public sealed class EA4007RetentionShorterThanDisputeWindow : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4007",
        "Retention shorter than dispute window",
        "Backup plan '{0}' keeps backups for {1} days ({2}), but {3}. Keep them at least {4} days.",
        Severity.Warning,
        "Results can be challenged in court until the dispute window closes, and the law may require election records to be kept longer. Backups deleted before then cannot answer a recount request or an investigation. The window is measured from polling day: the days to certification plus the challenge period.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.Other, "Dispute window (certification + challenge period) and legal retention as the retention floor", TraceMapping.Interpretation),
            new(TraceSource.CisEssentialGuide, "Backups (retention)", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Borgmatic, InputFormat.Resticprofile, InputFormat.Bacula]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<EffectiveBackupPlan>(ctx =>
        {
            var plan = ctx.Element;
            if (plan.Retention is not { } retention || plan.Descriptor is not { } descriptor)
            {
                return;
            }

            var reasons = new List<(long Days, string Why)>();
            var election = descriptor.Election;
            var polling = descriptor.ElectionDate?.Value;
            var certification = election.GetDate("certification_date")?.Value;
            var challenge = election.GetInteger("challenge_period_days")?.Value;
            if (polling is { } p && certification is { } c)
            {
                long window = c.DayNumber - p.DayNumber + (challenge ?? 0);
                reasons.Add((window, $"the dispute window (polling day {BackupText.Date(p)} to certification on {BackupText.Date(c)}, plus {challenge ?? 0} days to challenge) is {window} days"));
            }
            else if (challenge is { } only)
            {
                reasons.Add((only, $"the challenge period is {only} days"));
            }

            if (descriptor.Section("legal").GetInteger("retention_days") is { } legal)
            {
                reasons.Add((legal.Value, $"the law requires {legal.Value} days ('legal.retention_days')"));
            }

            var worst = reasons.Where(r => r.Days > retention.Days).OrderByDescending(r => r.Days).FirstOrDefault();
            if (worst.Why is null)
            {
                return;
            }

            ctx.Report(Finding.Create(Rule, retention.Location, plan.Key, plan.Name, retention.Days, retention.Detail, worst.Why, worst.Days));
        });
    }
}
