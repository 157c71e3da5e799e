using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4002: backups run less often than the protected asset's recovery point objective allows.</summary>
public sealed class EA4002BackupIntervalExceedsRpo : AuditRule
{
    /// <summary>The RPO assumed for election data when the asset declares none (RULES.md EA4002).</summary>
    public static TimeSpan DefaultRecoveryPointObjective { get; } = TimeSpan.FromHours(24);

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4002",
        "Backup interval exceeds RPO",
        "Backup plan '{0}' runs every {1} but asset '{2}' tolerates losing at most {3} of data ({4}). Back up at least every {3}.",
        Severity.Error,
        "The recovery point objective is how much recent data the election office can afford to lose. If backups run less often than that, a failure on election night loses results or register changes that cannot be re-entered in time.",
        7.0,
        RulePrecision.High,
        [
            new(TraceSource.CisNonVoting, "1.4.1", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-4", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Resticprofile, InputFormat.Bacula]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<EffectiveBackupPlan>(ctx =>
        {
            var plan = ctx.Element;
            if (plan.Asset is not { } asset || plan.Schedule is not { } schedule)
            {
                return;
            }

            var declared = asset.RecoveryPointObjective;
            var objective = declared?.Value ?? DefaultRecoveryPointObjective;
            if (schedule.Value <= objective)
            {
                return;
            }

            var origin = declared is null ? "the default RPO for election data; set 'rpo' on the asset to change it" : "its 'rpo'";
            var related = declared is null ? [] : new[] { new RelatedLocation(declared.Location, "the asset's RPO") };
            ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, schedule.Location, plan.Key, related, plan.Name, BackupText.Duration(schedule.Value), asset.Name, BackupText.Duration(objective), origin));
        });
    }
}
