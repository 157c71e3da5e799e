namespace ElectionAudit.Syntax.Bacula;

internal static partial class BaculaKeywords
{
    // What Bacula 11 to 15.0.3 added to the resources of 9.6.7 (whose table the installed programs answered), so that a
    // configuration written for a newer Bacula is not reported for them. The names are spelled as in the item tables of
    // the community Bacula 15.0.3 sources (mirrored in tolland/bacula-community at commit 23b0f31):
    // src/dird/dird_conf.c, src/filed/filed_conf.c, src/stored/stored_conf.c and src/console/console_conf.c, with
    // src/lib/parse_conf.c for the resources the daemons share (Messages, Statistics). Items that only the enterprise
    // edition compiles are left out, as community builds refuse them: those under "#if BEEF" (the storage daemon's
    // SsdDirectory and FipsRequire, the console's FipsRequire in its Console resource) and, in the storage daemon, the
    // deduplication items and the Dedupengine resource under "#ifdef SD_DEDUP_SUPPORT". Every directive of 9.6.7's
    // table is in 15.0.3's for the same resource, except that 9.6.7's bconsole also took HistoryFile in its Console
    // resource, which 15.0.3 keeps in the Director resource only. Same format as the generated table; whether these are
    // required or name a resource is not recorded.
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

    private static readonly string[] StorageDaemonAdded =
    [
        "Cloud: BlobEndpoint DriverCommand EndpointSuffix FileEndpoint QueueEndpoint StorageClass TableEndpoint TransferPriority TransferRetention",
        "Device: MaximumFileIndex MaximumVolumeParts MinimumVolumeProtectionTime SetVolumeAppendOnly SetVolumeImmutable SetVolumeReadOnly UseLintape VolumeEncryption",
        "Director: TlsPskEnable",
        "Storage: EncryptionCommand TlsPskEnable",
    ];

    private static readonly string[] ConsoleAdded =
    [
        "Console: TlsPskEnable",
        "Director: FipsRequire HistoryFile HistoryFileSize TlsPskEnable",
    ];
}
