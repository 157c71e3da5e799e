using System.Collections.Immutable;
using ElectionAudit.Rules.Backup;
using ElectionAudit.Rules.Organisation;
using ElectionAudit.Rules.Results;

namespace ElectionAudit.Rules;

/// <summary>The built-in rules. Pass <see cref="All"/> to <c>new AuditEngine(...)</c>.</summary>
public static class BuiltInRules
{
    /// <summary>
    /// Every built-in rule, one instance each, ordered by rule ID. An explicit list (not reflection) keeps the tool trimmable;
    /// the catalog test fails when a rule class in this assembly is missing here.
    /// </summary>
    public static ImmutableArray<AuditRule> All { get; } =
    [
        new EA4001CriticalAssetWithoutBackup(),
        new EA4002BackupIntervalExceedsRpo(),
        new EA4003NoOfflineOrImmutableCopy(),
        new EA4004NoOffsiteCopy(),
        new EA4005BackupNotEncrypted(),
        new EA4006RestoreNotTested(),
        new EA4007RetentionShorterThanDisputeWindow(),
        new EA4008ResultsDatabaseRtoTooLong(),
        new EA4009NoDeployableCopyOfPublicSite(),
        new EA5001OfficialResultsChannelNotDeclared(),
        new EA5002NoBackupResultsChannel(),
        new EA6001NoIncidentResponsePlan(),
        new EA6003NoRecentExercise(),
    ];
}
