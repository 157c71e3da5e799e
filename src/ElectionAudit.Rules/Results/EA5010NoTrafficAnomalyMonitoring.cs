using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5010: a results or information site has no intrusion detection and no traffic-baseline alert.</summary>
public sealed class EA5010NoTrafficAnomalyMonitoring : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5010",
        "No traffic-anomaly monitoring",
        "Site '{0}' ({1}) has no traffic-anomaly monitoring: {2}. Name the intrusion detection system under 'monitoring.ids', or set 'monitoring.traffic_baseline_alert: true' once an alert fires when traffic departs from its baseline.",
        Severity.Warning,
        "An attack on the results or information site shows first as unusual traffic. Without intrusion detection or an alert on departures from the normal traffic baseline, the office learns of a DDoS or a defacement from the press. The CIS Handbook and the CIS non-voting technology guide ask for network monitoring of these systems.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB7", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.5.5", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E1", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E3", TraceMapping.Interpretation),
            new(TraceSource.NistCsf, "DE.CM-1", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "DE.AE-1", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            if (site.Role?.Value is not ("results" or "info"))
            {
                return;
            }

            var monitoring = site.Monitoring;
            if (monitoring.GetText("ids") is not null || monitoring.GetBoolean("traffic_baseline_alert")?.Value == true)
            {
                return;
            }

            var detail = monitoring.IsPresent ? "its 'monitoring' section names no 'ids' and no traffic-baseline alert" : "it has no 'monitoring' section";
            ctx.Report(Finding.Create(Rule, monitoring.IsPresent ? monitoring.Location : site.Location, $"{site.Key}/monitoring", site.Name, site.Role!.Value, detail));
        });
    }
}
