using System.Collections.Immutable;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4005: a backup that is not encrypted, or does not say it is.</summary>
public sealed class EA4005BackupNotEncrypted : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4005",
        "Backup not encrypted",
        "Backup plan '{0}' {1}. Encrypt backups (borg repokey/keyfile modes, restic with a password, Bacula 'PKI Encryption = yes' on the file daemon, or 'encrypted: true' for storage that encrypts).",
        Severity.Warning,
        "Backups leave the protected system: to another site, a cloud bucket, a tape vault. Unencrypted, a stolen copy discloses everything in it — for a voter register, the personal data of every voter. The finding is an error when the asset holds voters' personal data.",
        6.5,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Backups", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA 2024 election infrastructure checklist (encrypted backups)", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "4.2.4", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB12", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB84", TraceMapping.Explicit),
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
            var severity = plan.Asset?.HoldsPersonalData == true ? Severity.Error : Severity.Warning;
            if (plan.Encryption is { } encryption)
            {
                if (!encryption.Value)
                {
                    ctx.Report(Finding.Create(Rule, severity, encryption.Location, plan.Key, [], plan.Name, "is not encrypted: " + encryption.Detail));
                }

                return;
            }

            // Missing counts as not encrypted (RULES.md EA4005); a copy that declares its own encryption is not enough for the others.
            var location = plan.Tool is { } tool && plan.Declared is null ? tool.Location : plan.Location;
            var detail = plan.Tool?.Tool == InputFormat.Bacula
                ? "does not say whether it is encrypted: Bacula encrypts on the file daemon ('PKI Encryption = yes' in bacula-fd.conf), and no bacula-fd.conf of the scan defines the Job's client; the descriptor has no 'encrypted' either"
                : plan.Tool is not null
                ? "does not say whether it is encrypted: the configuration sets no encryption mode or passphrase, and the descriptor no 'encrypted'"
                : "does not say whether it is encrypted ('encrypted' is missing)";
            ctx.Report(Finding.Create(Rule, severity, location, plan.Key, [], plan.Name, detail));
        });
    }
}
