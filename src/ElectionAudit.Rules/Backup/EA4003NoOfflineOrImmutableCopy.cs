using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4003: a backup plan with no offline or immutable copy.</summary>
public sealed class EA4003NoOfflineOrImmutableCopy : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4003",
        "No offline or immutable copy",
        "Backup plan '{0}' {1}. Keep at least one copy offline or immutable (object lock, WORM) so ransomware that reaches the backup system cannot destroy every copy.",
        Severity.Error,
        "Ransomware operators look for backups and delete or encrypt them before striking. A copy that is offline or immutable survives that; without one, an attack in the election period can destroy both the data and every means of restoring it.",
        8.5,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Backups", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA 2024 election infrastructure checklist (offline, immutable backups)", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-4", TraceMapping.Explicit),
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
            var copies = plan.Copies;
            if (copies.Any(c => c.IsOffline?.Value == true || c.IsImmutable?.Value == true))
            {
                return;
            }

            var detail = copies.Count == 0
                ? "declares no copies"
                : $"has {copies.Count} {(copies.Count == 1 ? "copy" : "copies")}, none of them offline or immutable";
            ctx.Report(Finding.Create(Rule, plan.CopiesLocation, plan.Key, plan.Name, detail));
        });
    }
}
