using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5009: a tabulation or election-management (EMS) asset shares a host or a network segment with the internet-facing
/// results host, or is itself declared internet-facing. An attacker who takes the public web server is then one step
/// from the systems that count the votes.
/// </summary>
public sealed class EA5009PublicResultsHostNotSegregated : AuditRule
{
    /// <summary>Asset roles that count or manage the election and must stay off the internet-facing network.</summary>
    public static IReadOnlyList<string> BackOfficeRoles { get; } = ["tabulation", "ems"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5009",
        "Public results host not segregated",
        "{0} asset '{1}' is not segregated from the internet-facing results host: {2}. Run tabulation and election-management systems on separate hosts in a network segment the public web servers cannot reach, and move results to the public site one way (export, then publish).",
        Severity.Error,
        "The public results website is the most attacked system of an election. If the tabulation or election-management system runs on the same host or in the same network segment, compromising the website opens the way to the count itself. CIS asks for tabulation systems to be segregated from internet-facing systems.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB6", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Election night reporting primer", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "4.2.5", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;

            // The internet-facing side: results sites' hosts, and assets declared internet-facing or serving those hosts.
            var publicHosts = new Dictionary<DomainName, (Located<string> Host, string Owner)>();
            foreach (var site in descriptor.Sites.Where(s => s.IsResultsSite))
            {
                foreach (var host in site.Hosts)
                {
                    if (DnsModel.TryParseHost(host.Value) is { } name)
                    {
                        publicHosts.TryAdd(name, (host, $"results site '{site.Name}'"));
                    }
                }
            }

            var backOffice = descriptor.Assets.Where(a => a.Role is { } role && BackOfficeRoles.Contains(role.Value)).ToList();
            var publicAssets = descriptor.Assets
                .Where(a => !backOffice.Contains(a) && (a.GetBoolean("internet_facing")?.Value == true || HostsOf(a).Any(h => DnsModel.TryParseHost(h.Value) is { } name && publicHosts.ContainsKey(name))))
                .ToList();
            foreach (var asset in publicAssets)
            {
                foreach (var host in HostsOf(asset))
                {
                    if (DnsModel.TryParseHost(host.Value) is { } name)
                    {
                        publicHosts.TryAdd(name, (host, $"internet-facing asset '{asset.Name}'"));
                    }
                }
            }

            foreach (var asset in backOffice)
            {
                var role = asset.Role!.Value == "ems" ? "Election-management" : "Tabulation";
                if (asset.GetBoolean("internet_facing") is { Value: true } flag)
                {
                    ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, flag.Location, $"{asset.Key}/internet-facing", [], role, asset.Name, "it is declared internet-facing"));
                    continue;
                }

                var sharedHost = HostsOf(asset).Select(h => (Host: h, Name: DnsModel.TryParseHost(h.Value))).FirstOrDefault(h => h.Name is not null && publicHosts.ContainsKey(h.Name));
                if (sharedHost.Name is not null)
                {
                    var (publicHost, owner) = publicHosts[sharedHost.Name];
                    ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, sharedHost.Host.Location, $"{asset.Key}/host", [new RelatedLocation(publicHost.Location, $"the same host, used by {owner}")],
                        role, asset.Name, $"it runs on host {sharedHost.Host.Value}, which also serves {owner}"));
                    continue;
                }

                if (asset.Section("location").GetText("network") is { } network
                    && publicAssets.Select(p => (Asset: p, Network: p.Section("location").GetText("network"))).FirstOrDefault(p => p.Network is not null && string.Equals(p.Network.Value, network.Value, StringComparison.OrdinalIgnoreCase)) is { Network: { } publicNetwork } shared)
                {
                    ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, network.Location, $"{asset.Key}/network", [new RelatedLocation(publicNetwork.Location, $"the same segment, used by internet-facing asset '{shared.Asset.Name}'")],
                        role, asset.Name, $"it sits in network segment '{network.Value}' with internet-facing asset '{shared.Asset.Name}'"));
                }
            }
        });
    }

    /// <summary>An asset's host names: <c>hosts</c> and <c>location.host</c>.</summary>
    private static IEnumerable<Located<string>> HostsOf(AssetElement asset)
    {
        foreach (var host in asset.GetTextList("hosts"))
        {
            yield return host;
        }

        if (asset.Section("location").GetText("host") is { } located)
        {
            yield return located;
        }
    }
}
