using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4001: a critical asset that no backup plan protects.</summary>
public sealed class EA4001CriticalAssetWithoutBackup : AuditRule
{
    /// <summary>Asset roles treated as critical whatever their declared criticality (RULES.md EA4001).</summary>
    public static IReadOnlyList<string> CriticalRoles { get; } = ["results_db", "voter_register", "web_content", "dns_keys", "config"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4001",
        "Critical asset has no backup",
        "Asset '{0}' is critical ({1}) but no entry under 'backups' protects it. Add a backup plan with 'asset: {0}'.",
        Severity.Error,
        "Results databases, voter registers, web content, DNSSEC keys and configuration must be restorable after ransomware, defacement or operator error. An asset that no backup plan names cannot be restored on election night.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Backups", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB21", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB60", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.4.1", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.4.2", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-4", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.Compendium, "backups", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<AssetElement>(ctx =>
        {
            var asset = ctx.Element;
            string? reason = asset.Criticality?.Value == "high"
                ? "criticality: high"
                : asset.Role is { } role && CriticalRoles.Contains(role.Value) ? $"role: {role.Value}" : null;
            if (reason is null || ctx.Model.BackupPlans.Any(b => b.Descriptor == asset.Descriptor && b.AssetName?.Value == asset.Name))
            {
                return;
            }

            ctx.Report(Finding.Create(Rule, asset.Location, asset.Key, asset.Name, reason));
        });
    }
}
