using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4004: every copy of a backup sits where the protected data sits.</summary>
public sealed class EA4004NoOffsiteCopy : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4004",
        "No offsite copy",
        "Backup plan '{0}' keeps every copy at the protected data's location ({1}). Keep at least one copy at another site or region.",
        Severity.Error,
        "A fire, flood, power loss or a compromised data centre takes the data and every copy stored beside it. At least one copy must live at another site. Copies count as offsite when a descriptor copy names another site (or region) than its asset, or when a borgmatic or restic repository is on another host (ssh, sftp, cloud storage).",
        7.5,
        RulePrecision.Medium,
        [
            new(TraceSource.CisEssentialGuide, "Backups", TraceMapping.Explicit),
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

            // Silent unless every copy is known to be onsite: one copy of unknown location may be the offsite one.
            if (copies.Count == 0 || copies.Any(c => c.IsOffsite is not { Value: false }))
            {
                return;
            }

            var where = string.Join(", ", copies.Select(c => c.Site?.Value ?? c.Region?.Value ?? c.Description).Distinct(StringComparer.Ordinal));
            var related = copies.Select(c => new RelatedLocation(c.IsOffsite!.Location, $"{c.Description}: onsite"));
            ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, plan.CopiesLocation, plan.Key, related, plan.Name, where));
        });
    }
}
