using System.Collections.Immutable;
using System.Net;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5003: a backup results channel shares a failure domain with the official one: the same host, the same address
/// (followed through the scanned zones), the same CNAME target, or the same declared provider. An outage or
/// compromise of one then takes both down, which defeats the point of ENISA recommendation 6's backup channel.
/// Name-server sets and web-server upstreams are joined by EA7005, the cross-infrastructure form of this check.
/// </summary>
public sealed class EA5003BackupChannelSharesFailureDomain : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5003",
        "Backup channel shares a failure domain",
        "Backup results channel '{0}' shares a failure domain with official channel '{1}': {2}. Serve the backup channel from an independent host, network and provider, so one outage or takeover cannot silence both on election night.",
        Severity.Warning,
        "A backup channel exists so that results can still be validated with counting centres when the official channel is down or manipulated. If both run on the same host, address, CDN or provider, one incident takes out both. Same host or address is an error; a shared CDN target or provider is a warning.",
        6.0,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.NistCsf, "PR.PT-5", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var channels = ctx.Element.ResultsChannels;
            var official = channels.Where(c => c.IsOfficial).ToList();
            var backups = channels.Where(c => !c.IsOfficial && c.Purpose is { } purpose && EA5002NoBackupResultsChannel.BackupPurposes.Contains(purpose.Value)).ToList();
            foreach (var backup in backups)
            {
                foreach (var primary in official)
                {
                    if (Compare(ctx.Model.Dns, backup, primary) is { } shared)
                    {
                        ctx.Report(Finding.Create(Rule, shared.Severity, shared.Location, $"{backup.Key}/shares:{primary.Name}", shared.Related, backup.Name, primary.Name, string.Join("; ", shared.Reasons)));
                    }
                }
            }
        });
    }

    private sealed record SharedDomain(Severity Severity, Location Location, List<string> Reasons, List<RelatedLocation> Related);

    private static SharedDomain? Compare(DnsModel dns, ResultsChannel backup, ResultsChannel primary)
    {
        SharedDomain? shared = null;
        void Add(Severity severity, Location location, string reason, RelatedLocation related)
        {
            if (shared is null)
            {
                shared = new SharedDomain(severity, location, [reason], [related]);
                return;
            }

            shared.Reasons.Add(reason);
            shared.Related.Add(related);
            if (severity > shared.Severity)
            {
                shared = shared with { Severity = severity, Location = location };
            }
        }

        if (backup.Host is { } backupHost && primary.Host is { } primaryHost
            && DnsModel.TryParseHost(backupHost.Value) is { } backupName && DnsModel.TryParseHost(primaryHost.Value) is { } primaryName)
        {
            if (backupName == primaryName)
            {
                Add(Severity.Error, backupHost.Location, $"both are served from host {backupHost.Value}", new RelatedLocation(primaryHost.Location, "the official channel's host"));
            }
            else
            {
                CompareResolution(dns, backupName, primaryName, backupHost, primaryHost, Add);
            }
        }

        if (backup.GetText("provider") is { } backupProvider && primary.GetText("provider") is { } primaryProvider
            && string.Equals(backupProvider.Value, primaryProvider.Value, StringComparison.OrdinalIgnoreCase))
        {
            Add(Severity.Warning, backupProvider.Location, $"both rely on provider '{backupProvider.Value}'", new RelatedLocation(primaryProvider.Location, "the official channel's provider"));
        }

        return shared;
    }

    /// <summary>Follows both names through the scanned zones: a shared address is the same host; a shared CNAME target the same CDN or hosting front.</summary>
    private static void CompareResolution(DnsModel dns, DomainName backupName, DomainName primaryName, Located<string> backupHost, Located<string> primaryHost, Action<Severity, Location, string, RelatedLocation> add)
    {
        var backupChain = dns.ResolveCname(backupName);
        var primaryChain = dns.ResolveCname(primaryName);
        if (backupChain.IsLoop || primaryChain.IsLoop)
        {
            return;
        }

        if (backupChain.Target == primaryChain.Target && (!backupChain.Steps.IsEmpty || !primaryChain.Steps.IsEmpty))
        {
            var step = (backupChain.Steps.IsEmpty ? primaryChain.Steps : backupChain.Steps)[^1];
            add(Severity.Warning, backupHost.Location, $"both resolve through CNAME to {backupChain.Target}", new RelatedLocation(step.GetLocation(), "the shared CNAME target"));
            return;
        }

        var primaryAddresses = Addresses(dns, primaryChain.Target);
        foreach (var (address, _) in Addresses(dns, backupChain.Target))
        {
            if (primaryAddresses.FirstOrDefault(p => p.Address.Equals(address)) is { Record: { } primaryRecord })
            {
                add(Severity.Error, backupHost.Location, $"{backupHost.Value} and {primaryHost.Value} both resolve to address {address}",
                    new RelatedLocation(primaryRecord.GetLocation(), "the official channel's address record"));
                return;
            }
        }
    }

    private static List<(IPAddress Address, ResourceRecordSyntax Record)> Addresses(DnsModel dns, DomainName name)
    {
        var zone = dns.FindAuthoritativeZone(name);
        return zone is null
            ? []
            : [.. zone.GetRecords(name).Where(r => r.Data is AddressRecordData).Select(r => (((AddressRecordData)r.Data).Address, r))];
    }
}
