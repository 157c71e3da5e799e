namespace ElectionAudit.Syntax.Bacula;

internal static partial class BaculaKeywords
{
    // What Bacula 11 to 15.0.3 added to the resources of 9.6.7 (whose table the installed programs answered), so that a
    // configuration written for a newer Bacula is not reported for them. The names are those of the item tables of Bacula
    // 15.0.3's src/dird/dird_conf.c, src/filed/filed_conf.c and src/lib/parse_conf.c (the community source, as mirrored in
    // tolland/bacula-community at commit 23b0f31); the enterprise edition's (under "#if BEEF") are left out, as community
    // builds refuse them. Every directive of 9.6.7's table is in 15.0.3's too. Same format as the generated table; whether
    // these are required or name a resource is not recorded.
    private static readonly string[] DirectorAdded =
    [
        "Autochanger: TlsPskEnable",
        "Client: AllowFDConnections TlsPskEnable TlsVerifyPeer",
        "Console: AuthenticationPlugin AuthorizationPlugin TlsPskEnable UserIdAcl",
        "Director: AutoPrune Catalog CustomerId EventsRetention MalwareDatabaseCommand TlsPskEnable",
        "Job: AllowIncompleteJobs CheckMalware StorageGroupPolicy StorageGroupPolicyThreshold Tag",
        "JobDefs: AllowIncompleteJobs CheckMalware StorageGroupPolicy StorageGroupPolicyThreshold Tag",
        "Pool: StorageGroupPolicy StorageGroupPolicyThreshold",
        "Storage: TlsPskEnable",
        "Tenant: Name Description MaximumVolumeBytes MaximumClients WarningVolumeBytes MaximumJobs MaximumStorages Isolated Enabled",
    ];

    private static readonly string[] FileDaemonAdded =
    [
        "Client: MaximumJobErrorCount PluginOptions SdPacketCheck TlsPskEnable",
        "Console: TlsPskEnable",
        "Director: AllowedBackupDirectories AllowedRestoreDirectories AllowedScriptDirectories BackupJobUser ConnectToDirector DirPort ExcludedBackupDirectories ReconnectionTime RestoreJobUser Schedule TlsPskEnable",
        "FileDaemon: MaximumJobErrorCount PluginOptions SdPacketCheck TlsPskEnable",
        "Schedule: Name Description Enabled Connect",
    ];
}
