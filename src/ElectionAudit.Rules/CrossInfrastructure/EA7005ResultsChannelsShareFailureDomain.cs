using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Binding;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7005: the official and the backup results channel, followed through zones and server blocks, share a host, an address, a provider, a name-server set or a zone.</summary>
public sealed class EA7005ResultsChannelsShareFailureDomain : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7005",
        "Official and backup results channels share a failure domain",
        "{0}",
        Severity.Error,
        "ENISA asks for a backup channel so that results can still be validated when the official one fails. A backup that resolves to the same host or address fails with it (error); one behind the same CDN, DNS provider, name-server set or zone, or served from the same document root or upstream, fails with it under a DDoS or a provider outage (warning).",
        7.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Zone, InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var channels = ctx.Element.ResultsChannels.Where(c => c.Host is not null).ToList();
            var official = channels.Where(c => c.IsOfficial).ToList();
            var backups = channels.Where(c => !c.IsOfficial && c.Purpose?.Value is "backup" or "validation").ToList();
            foreach (var primary in official)
            {
                foreach (var backup in backups)
                {
                    Compare(ctx, primary, backup);
                }
            }
        });
    }

    private static void Compare(ElementContext<ElectionDescriptor> ctx, ResultsChannel primary, ResultsChannel backup)
    {
        var binding = ctx.Model.Binding;
        if (binding.Host(primary.Host!.Value) is not { } a || binding.Host(backup.Host!.Value) is not { } b)
        {
            return;
        }

        var errors = new List<string>();
        var warnings = new List<string>();
        var related = new List<RelatedLocation> { new(primary.Host.Location, $"official channel '{primary.Name}' at {primary.Host.Value}") };
        if (a.Name == b.Name)
        {
            errors.Add($"both are {CrossRuleSupport.Host(a.Name)}");
        }

        var sharedAddresses = a.Addresses.Where(x => b.Addresses.Any(y => y.Address.Equals(x.Address))).ToList();
        if (a.Name != b.Name && sharedAddresses.Count > 0)
        {
            errors.Add($"both resolve to {string.Join(", ", sharedAddresses.Select(x => x.Address).Distinct())}");
            related.AddRange(sharedAddresses.Select(x => CrossRuleSupport.Record(x.Record, $"official channel's address {x.Address}")));
            related.AddRange(b.Addresses.Where(y => sharedAddresses.Any(x => x.Address.Equals(y.Address))).Select(y => CrossRuleSupport.Record(y.Record, $"backup channel's address {y.Address}")));
        }

        if (a.Name != b.Name && !a.Chain.Steps.IsEmpty && a.Chain.Target == b.Chain.Target)
        {
            errors.Add($"both are CNAMEs to {CrossRuleSupport.Host(a.Chain.Target)}");
        }

        var sameSite = a.WebSites.Where(x => x.IsExact && b.WebSites.Any(y => y.IsExact && y.Site == x.Site)).ToList();
        if (a.Name != b.Name && sameSite.Count > 0)
        {
            errors.Add($"one server block serves both ({sameSite[0].Site.DisplayName})");
            related.AddRange(sameSite.Select(CrossRuleSupport.ServerName));
        }

        var sharedProviders = a.Providers.Where(x => b.Providers.Any(y => y.Provider == x.Provider)).Select(x => x.Provider).Distinct().ToList();
        foreach (var provider in sharedProviders)
        {
            warnings.Add($"both depend on provider '{provider.Name}'{(provider.Kind is { } kind ? $" ({kind.Value})" : string.Empty)}");
            related.AddRange(a.Providers.Concat(b.Providers).Where(p => p.Provider == provider).Select(p => new RelatedLocation(p.Location, $"{p.Provider.Name}: {p.Detail}")).DistinctBy(r => r.Location));
        }

        if (a.Zone is { } zoneA && b.Zone is { } zoneB)
        {
            if (zoneA == zoneB)
            {
                warnings.Add($"both are in zone {CrossRuleSupport.Host(zoneA.Apex)}");
                related.Add(CrossRuleSupport.Zone(zoneA));
            }
            else if (InfrastructureBinding.NameServerSet(zoneA) is { IsEmpty: false } setA && setA.SequenceEqual(InfrastructureBinding.NameServerSet(zoneB)))
            {
                warnings.Add($"their zones {CrossRuleSupport.Host(zoneA.Apex)} and {CrossRuleSupport.Host(zoneB.Apex)} have the same name servers ({string.Join(", ", setA)})");
                related.Add(CrossRuleSupport.Zone(zoneA));
                related.Add(CrossRuleSupport.Zone(zoneB));
            }
        }

        // Read from the web model's effective settings, so a root or proxy_pass brought in by include counts.
        if (sameSite.Count == 0)
        {
            var sourcesA = a.WebSites.Where(w => w.IsExact).SelectMany(w => CrossRuleSupport.ContentSources(w.Site)).ToList();
            var sourcesB = b.WebSites.Where(w => w.IsExact).SelectMany(w => CrossRuleSupport.ContentSources(w.Site)).ToList();
            foreach (var kind in new[] { "document root", "upstream" })
            {
                var shared = sourcesA.FirstOrDefault(x => x.Kind == kind && sourcesB.Any(y => y.Kind == kind && y.Value == x.Value));
                if (shared is not null)
                {
                    warnings.Add($"both {(a.WebSites.Any(w => w.Site.IsApache) ? "virtual hosts" : "server blocks")} are served from the same {kind} {shared.Value}");
                    related.Add(new(shared.Location, $"{kind} of the official channel"));
                    related.Add(new(sourcesB.First(y => y.Kind == kind && y.Value == shared.Value).Location, $"{kind} of the backup channel"));
                }
            }
        }

        if (errors.Count == 0 && warnings.Count == 0)
        {
            return;
        }

        var severity = errors.Count > 0 ? Severity.Error : Severity.Warning;
        var reasons = string.Join("; ", errors.Concat(warnings));
        ctx.Report(Finding.Create(Rule, severity, backup.Host.Location, $"{backup.Key}/{primary.Key}", related,
            $"Backup results channel '{backup.Name}' ({backup.Host.Value}) shares a failure domain with official channel '{primary.Name}' ({primary.Host.Value}): {reasons}. When the official channel fails, the backup fails with it; host it on an independent origin, provider and name-server set."));
    }
}
