using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7001: a name a results server block answers to lies in a zone of the repository that is unsigned, or whose parent (also in the repository) has no DS for it.</summary>
public sealed class EA7001ResultsHostOnUnsignedOrUndelegatedZone : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7001",
        "Results host on an unsigned or undelegated zone",
        "{0}",
        Severity.Error,
        "The results site is only as trustworthy as the DNS answer that leads voters and journalists to it. When the zone holding the results host name has no DNSKEY, or its parent zone has no DS record for it, a forged answer sends readers to a look-alike results page. The rule joins the results site in the descriptor, the server block that serves its name, and the zones in the repository.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E4", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.InternetNl, "DNSSEC existence and validity", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Descriptor, InputFormat.Zone, InputFormat.NamedConf]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            if (!site.IsResultsSite)
            {
                return;
            }

            foreach (var written in site.Hosts)
            {
                if (ctx.Model.Binding.Host(written.Value) is not { Zone: { } zone } host || host.WebSites.IsEmpty)
                {
                    continue;
                }

                var name = CrossRuleSupport.Host(host.Name);
                var serving = host.WebSites[0];
                var related = new List<RelatedLocation> { CrossRuleSupport.Descriptor(written, $"site '{site.Name}' (role: results) names {name}"), CrossRuleSupport.Zone(zone) };
                bool signed = zone.Dnssec.IsSigned || zone.NamedConfZones.Any(z => z.IsSigningConfigured);
                if (!signed)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, serving.ServerName.Location, $"{site.Key}/{name}/unsigned", related,
                        $"Results host {name} (served by {serving.Site.DisplayName}, site '{site.Name}' in the descriptor) lies in zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path}), which has no DNSKEY and is not signed by named: resolvers cannot detect a forged answer for the results site. Sign the zone and publish its DS at the parent."));
                    continue;
                }

                if (zone.ParentZone is not { } parent)
                {
                    continue;
                }

                if (zone.ParentDelegation is not { } delegation)
                {
                    related.Add(CrossRuleSupport.Zone(parent));
                    ctx.Report(Finding.Create(Rule, Severity.Error, serving.ServerName.Location, $"{site.Key}/{name}/undelegated", related,
                        $"Results host {name} lies in signed zone {CrossRuleSupport.Host(zone.Apex)}, but its parent zone {CrossRuleSupport.Host(parent.Apex)} ({parent.Path}) does not delegate it (no NS, so no DS): the chain of trust to the results site is broken. Add the delegation with a DS record."));
                }
                else if (delegation.DelegationSignerRecords.IsEmpty)
                {
                    related.Add(CrossRuleSupport.Record(delegation.NameServerRecords[0], $"delegation of {CrossRuleSupport.Host(zone.Apex)} in {CrossRuleSupport.Host(parent.Apex)} without DS"));
                    ctx.Report(Finding.Create(Rule, Severity.Error, serving.ServerName.Location, $"{site.Key}/{name}/no-ds", related,
                        $"Results host {name} lies in signed zone {CrossRuleSupport.Host(zone.Apex)}, but the delegation in parent zone {CrossRuleSupport.Host(parent.Apex)} ({parent.Path}) has no DS record, so validating resolvers treat the results site's answers as unsigned. Publish the DS of the zone's key-signing key."));
                }
            }
        });
    }
}
