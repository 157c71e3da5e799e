using System.Collections.Immutable;
using System.Net;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7008: every destination of a backup of the results database or web content resolves to the same host, site or region as the data it protects.</summary>
public sealed class EA7008BackupsShareFailureDomainOfWhatTheyProtect : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7008",
        "Backups share the failure domain of what they protect",
        "{0}",
        Severity.Error,
        "A backup that lives on the same host, in the same data centre or in the same region as the results database or the web root is lost in the same fire, ransomware run or regional outage. The rule follows each destination of the plan (borgmatic and restic repositories through the zones, the descriptor's copies through their site and region) and reports a plan none of whose destinations leaves the protected asset's failure domain.",
        7.5,
        RulePrecision.Medium,
        [
            new(TraceSource.CisEssentialGuide, "Backups", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-4", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Borgmatic, InputFormat.Resticprofile, InputFormat.Bacula, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<EffectiveBackupPlan>(ctx =>
        {
            var plan = ctx.Element;
            if (plan.Asset is not { } asset || asset.Role?.Value is not ("results_db" or "web_content") || plan.Copies.Count == 0)
            {
                return;
            }

            var binding = ctx.Model.Binding;
            var assetHosts = asset.GetTextList("hosts").Concat(asset.Section("location").GetText("host") is { } h ? [h] : []).ToList();
            var assetAddresses = assetHosts.Select(x => binding.Host(x.Value)).OfType<Model.Binding.HostBinding>().SelectMany(x => x.Addresses).ToList();
            var reasons = new List<string>();
            var related = new List<RelatedLocation> { new(asset.Location, $"asset '{asset.Name}' ({asset.Role!.Value})") };
            foreach (var copy in plan.Copies)
            {
                var verdict = Judge(copy, asset, assetHosts, assetAddresses, binding, related);
                if (verdict is null)
                {
                    return; // A destination outside the asset's failure domain, or one we cannot place: no finding.
                }

                reasons.Add($"{copy.Description}: {verdict}");
            }

            ctx.Report(Finding.Create(Rule, Severity.Error, plan.CopiesLocation, $"{plan.Key}/failure-domain", related,
                $"Backup plan '{plan.Name}' protects {asset.Role.Value} asset '{asset.Name}', but every destination shares its failure domain ({string.Join("; ", reasons)}): an outage, fire or ransomware run there takes the data and its backups together. Add a copy on another host in another site and region."));
        });
    }

    private static string? Judge(BackupDestination copy, AssetElement asset, List<Located<string>> assetHosts, List<Model.Binding.ResolvedAddress> assetAddresses, Model.Binding.InfrastructureBinding binding, List<RelatedLocation> related)
    {
        if (copy.Site is { } site)
        {
            if (asset.Site is { } assetSite)
            {
                return string.Equals(site.Value, assetSite.Value, StringComparison.OrdinalIgnoreCase) ? Add(related, assetSite, $"same site {site.Value}") : null;
            }

            return null;
        }

        if (copy.Region is { } region)
        {
            return asset.Region is { } assetRegion && string.Equals(region.Value, assetRegion.Value, StringComparison.OrdinalIgnoreCase) ? Add(related, assetRegion, $"same region {region.Value}") : null;
        }

        // A Bacula storage daemon names its host in its Address; a borg or restic repository in its URL.
        var host = copy.Host?.Value ?? RepositoryHost(copy.Description);
        if (host is null)
        {
            // borg and restic write a plain path on the machine they run on, which is the protected one.
            return IsLocalPath(copy.Description) ? "a local path on the protected host" : null;
        }

        if (assetHosts.FirstOrDefault(h => string.Equals(h.Value.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase)) is { } sameName)
        {
            return Add(related, sameName, $"the asset's own host {host}");
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return assetAddresses.FirstOrDefault(a => a.Address.Equals(literal)) is { } match ? AddRecord(related, match, $"address {literal}, the asset's") : null;
        }

        var target = binding.Host(host);
        var shared = target?.Addresses.FirstOrDefault(t => assetAddresses.Any(a => a.Address.Equals(t.Address)));
        if (shared is null)
        {
            return null;
        }

        AddRecord(related, assetAddresses.First(a => a.Address.Equals(shared.Address)), $"asset host resolves to {shared.Address}");
        return AddRecord(related, shared, $"{host} resolves to {shared.Address}, the asset's own address");
    }

    private static string Add(List<RelatedLocation> related, Located<string> value, string reason)
    {
        related.Add(new RelatedLocation(value.Location, reason));
        return reason;
    }

    private static string AddRecord(List<RelatedLocation> related, Model.Binding.ResolvedAddress address, string reason)
    {
        related.Add(CrossRuleSupport.Record(address.Record, reason));
        return reason;
    }

    private static bool IsLocalPath(string repository) => repository.StartsWith('/') || repository.StartsWith('~') || repository.StartsWith("local:", StringComparison.Ordinal);

    /// <summary>The host of a borg or restic repository: <c>ssh://user@host:port/path</c>, <c>user@host:path</c>, <c>sftp:user@host:/path</c>, <c>rest:https://host/</c>, <c>s3:https://host/bucket</c>.</summary>
    internal static string? RepositoryHost(string repository)
    {
        var text = repository.Trim();
        foreach (var prefix in new[] { "rest:", "s3:", "sftp:", "swift:" })
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..];
                break;
            }
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ssh" or "sftp" or "http" or "https" && uri.Host.Length > 0)
        {
            return uri.Host;
        }

        // scp-like "user@host:path" (borg) or "host:path".
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !text.StartsWith('/') && !text[..colon].Contains('/', StringComparison.Ordinal))
        {
            var authority = text[..colon];
            int at = authority.LastIndexOf('@');
            var candidate = at >= 0 ? authority[(at + 1)..] : authority;
            return candidate.Contains('.', StringComparison.Ordinal) ? candidate : null;
        }

        return null;
    }
}
