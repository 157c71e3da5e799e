using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1015: a CNAME points at a third-party hosting name that is prone to takeover and not declared as owned.</summary>
public sealed class EA1015DanglingThirdPartyCname : AuditRule
{
    /// <summary>The option adding suffixes to the built-in list (comma-separated).</summary>
    public const string AdditionalSuffixesOption = "additional-suffixes";

    /// <summary>
    /// Hosting suffixes whose services EdOverflow's "Can I take over XYZ?" list (github.com/EdOverflow/can-i-take-over-xyz,
    /// README "All entries", read at commit 003c6b9c) marks Vulnerable or Edge case: when the resource behind the CNAME is
    /// deleted, anyone can claim the same name at the provider and serve content under the election domain.
    /// </summary>
    public static IReadOnlyList<string> TakeoverProneSuffixes { get; } =
    [
        "s3.amazonaws.com", "s3-website.amazonaws.com", "elasticbeanstalk.com",
        "azurewebsites.net", "cloudapp.net", "cloudapp.azure.com", "trafficmanager.net", "blob.core.windows.net", "azureedge.net", "azure-api.net",
        "github.io", "herokuapp.com", "herokudns.com", "bitbucket.io", "ghost.io", "surge.sh", "pantheonsite.io", "readthedocs.io",
        "helpscoutdocs.com", "agilecrm.com", "airee.ru", "animaapp.io", "ngrok.io", "wordpress.com", "myshopify.com",
    ];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1015",
        "Dangling third-party CNAME (takeover risk)",
        "{0}",
        Severity.Warning,
        "A CNAME to a cloud or hosting name (a storage bucket, an app service, a pages site) stays in the zone after the resource is deleted; whoever registers the same resource name then serves content under the election domain, a classic route to defacement and fake results. The rule flags CNAMEs to takeover-prone suffixes that the descriptor does not list in dns.external_targets with an owner: an error on results or official hosts, else a warning.",
        7.5,
        RulePrecision.Medium,
        [
            new(TraceSource.Other, "can-i-take-over-xyz fingerprints", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Website security (defacement)", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone, InputFormat.Descriptor],
        options: [new RuleOption(AdditionalSuffixesOption, "Further takeover-prone suffixes, comma-separated (for example a regional hosting provider).", "")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    private static readonly ConditionalWeakTable<Model.InfrastructureModel, TargetSet> Targets = [];

    // The takeover-prone suffixes (the built-in list and the option's), and the external targets the descriptors list with an owner.
    private static TargetSet ReadTargets(Model.InfrastructureModel model, string additionalSuffixes)
    {
        var suffixes = TakeoverProneSuffixes.Concat(additionalSuffixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(DnsModel.TryParseHost).OfType<DomainName>().ToList();
        var owned = model.Descriptors.SelectMany(d => d.Section("dns").Items("external_targets"))
            .Where(t => t.GetText("owner") is not null)
            .Select(t => t.GetText("name") is { } name ? DnsModel.TryParseHost(name.Value.TrimStart('*', '.')) : null)
            .OfType<DomainName>().ToList();
        return new TargetSet(additionalSuffixes, suffixes, owned);
    }

    /// <summary>What <see cref="ReadTargets"/> read for a model, with the option's value it read them with.</summary>
    private sealed record TargetSet(string AdditionalSuffixes, List<DomainName> Suffixes, List<DomainName> Owned);

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            // The suffixes and the owned targets are the same for every zone of a scan: read once per model (a scan of
            // 16,000 files parsed the suffix list again for each of its thousands of zones).
            var additional = ctx.Options.GetOption(Rule, AdditionalSuffixesOption);
            var targets = Targets.GetValue(ctx.Model, model => ReadTargets(model, additional));
            var (suffixes, owned) = targets.AdditionalSuffixes == additional ? (targets.Suffixes, targets.Owned) : (ReadTargets(ctx.Model, additional).Suffixes, targets.Owned);
            foreach (var record in zone.RecordsOfType(DnsRecordType.CNAME).Where(r => r.Data is NameRecordData && zone.IsAuthoritativeFor(r.Owner)))
            {
                var target = ((NameRecordData)record.Data).Target;
                if (suffixes.FirstOrDefault(s => target.IsSubdomainOf(s) && target != s) is not { } suffix || owned.Any(o => target.IsSubdomainOf(o)))
                {
                    continue;
                }

                bool raised = zone.Model.IsResultsOrOfficialHost(record.Owner);
                ctx.Report(Finding.Create(Rule, raised ? Severity.Error : Severity.Warning, DnsRuleSupport.RdataLocation(record), $"{zone.Key}/cname:{record.Owner}", [],
                    $"{record.Owner} is an alias for {target}, a name under {suffix} that can be claimed by anyone once the resource is deleted{(raised ? ", and it serves a results or official site" : string.Empty)}. Confirm the resource is yours and list it under dns.external_targets with an owner, or remove the CNAME."));
            }
        });
    }
}
