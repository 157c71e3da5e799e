using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1011: a zone's apex NS set names fewer than two servers.</summary>
public sealed class EA1011FewerThanTwoNameServers : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1011",
        "Fewer than two NS",
        "{0}",
        Severity.Error,
        "With a single name server, one outage, one misconfiguration or one DDoS takes the whole election domain off the internet on results night. RFC 1034 §4.1 requires at least two servers for every zone.",
        7.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Rfc, "RFC 1034 §4.1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            if (!DnsRuleSupport.IsElectionZone(zone) || zone.SoaRecord is null)
            {
                return;
            }

            var servers = zone.ApexNameServers.DistinctBy(s => s.Name).ToList();
            if (servers.Count >= 2)
            {
                return;
            }

            var location = servers.Count == 1 ? servers[0].Record.GetLocation() : zone.Location;
            ctx.Report(Finding.Create(Rule, location, $"{zone.Key}/ns-count",
                servers.Count == 1
                    ? $"Zone {zone.Apex} has a single name server, {servers[0].Name}: if it fails, the domain stops resolving. Add at least one more, on another network."
                    : $"Zone {zone.Apex} has no NS records at its apex. Add at least two name servers."));
        });
    }
}
