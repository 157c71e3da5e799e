using System.Collections.Immutable;
using ElectionAudit.Rules.Backup;
using ElectionAudit.Rules.CrossInfrastructure;
using ElectionAudit.Rules.Dns;
using ElectionAudit.Rules.Organisation;
using ElectionAudit.Rules.Results;
using ElectionAudit.Rules.Tls;
using ElectionAudit.Rules.Web;

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
        new EA1001ElectionZoneNotDnssecSigned(),
        new EA1002SignedZoneWithoutDsAtParent(),
        new EA1003DeprecatedDnssecAlgorithmOrWeakKey(),
        new EA1004Nsec3IterationsOrSaltSet(),
        new EA1005RrsigExpiredOrNearExpiry(),
        new EA1006CaaMissingOrInvalid(),
        new EA1007SpfMissingPermissiveOrOverLookupLimit(),
        new EA1008DmarcMissingOrWeak(),
        new EA1009DkimNotPublishedForDeclaredSelectors(),
        new EA1010NonMailDomainNotLockedDown(),
        new EA1011FewerThanTwoNameServers(),
        new EA1012NameServersLackDiversity(),
        new EA1013SoaTimersOutsideSafeRange(),
        new EA1014WildcardRecordInElectionZone(),
        new EA1015DanglingThirdPartyCname(),
        new EA1016TtlTooLongForDeclaredFailover(),
        new EA1017ZoneTransfersOrUpdatesUnauthenticated(),
        new EA1018WeakOfficialDomainIdentity(),
        new EA1019ZoneThatNameServersRefuseToLoad(),
        new EA2001LegacyProtocolEnabled(),
        new EA2002WeakCipherSuites(),
        new EA2003KeyExchangeWithoutForwardSecrecy(),
        new EA2004WeakDhParameters(),
        new EA2005WeakCertificateKey(),
        new EA2006WeakCertificateSignature(),
        new EA2007CertificateExpiredOrExpiring(),
        new EA2008CertificateLifetimeTooLong(),
        new EA2009CertificateDoesNotCoverHost(),
        new EA2010UntrustedOrIncompleteChain(),
        new EA2011OcspStaplingOff(),
        new EA2012SessionTicketsEnabled(),
        new EA2013UnsafeTlsFeatures(),
        new EA3001NoHttpToHttpsRedirect(),
        new EA3002HstsMissing(),
        new EA3003HstsMaxAgeTooShort(),
        new EA3004ApexHstsNotPreloadReady(),
        new EA3005CspMissingOrUnsafe(),
        new EA3006FramingProtectionMissing(),
        new EA3007XContentTypeOptionsMissing(),
        new EA3008ReferrerPolicyMissingOrWeak(),
        new EA3009VersionDisclosure(),
        new EA3010DirectoryListing(),
        new EA3011NoRateOrConnectionLimiting(),
        new EA3012SlowRequestLimitsLax(),
        new EA3013ResultsPagesNotCacheable(),
        new EA3014AdminOrStatusEndpointPublic(),
        new EA3015DefaultContentOrUnknownHostServed(),
        new EA3016HiddenFilesOrRiskyMethodsExposed(),
        new EA3017WebLoggingOffOrLocalOnly(),
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
        new EA5003BackupChannelSharesFailureDomain(),
        new EA5004ResultsWebsiteWithoutDdosMitigation(),
        new EA5005NoPreElectionLoadTest(),
        new EA5006NoStaticFallbackOnIndependentOrigin(),
        new EA5007PublishedResultsNotSignedOrChecksummed(),
        new EA5008CountCentreTransmissionUnprotected(),
        new EA5009PublicResultsHostNotSegregated(),
        new EA5010NoTrafficAnomalyMonitoring(),
        new EA5011NoChangeFreezeAroundElection(),
        new EA5012ProviderContactsMissing(),
        new EA6001NoIncidentResponsePlan(),
        new EA6002IncidentResponsePlanStale(),
        new EA6003NoRecentExercise(),
        new EA6004NoCsirtOrSecurityContact(),
        new EA6005PrivilegedAccountWithoutMfaOrShared(),
        new EA6006LogRetentionOrCentralisationInsufficient(),
        new EA6007NotClassifiedAsCriticalInfrastructure(),
        new EA6008PoliticalOrganisationBaselineMissing(),
        new EA6009OutdatedOrEndOfLifeSoftware(),
        new EA6010HostsNotInInventory(),
        new EA6011ProviderContractLacksIncidentResponseTerms(),
        new EA7001ResultsHostOnUnsignedOrUndelegatedZone(),
        new EA7002CertificateIssuerNotAllowedByCaa(),
        new EA7003SiteNameCertificateAndZoneDisagree(),
        new EA7004HstsIncludeSubDomainsLocksOutHttpOnlySubdomains(),
        new EA7005ResultsChannelsShareFailureDomain(),
        new EA7006DdosProtectionCanBeBypassed(),
        new EA7007ElectionCalendarExpiryInWindow(),
        new EA7008BackupsShareFailureDomainOfWhatTheyProtect(),
        new EA7009DeclaredFailoverCannotWork(),
        new EA7010DeclaredSoftwareDiffersFromConfigs(),
    ];
}
