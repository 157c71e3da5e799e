using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1001: an election zone is not DNSSEC-signed (zone file, named.conf, or the descriptor says so).</summary>
public sealed class EA1001ElectionZoneNotDnssecSigned : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1001",
        "Election zone not DNSSEC-signed",
        "{0}",
        Severity.Error,
        "Without DNSSEC, a resolver cannot tell a forged answer from a real one, so an attacker on the path or poisoning a cache can send voters and journalists to a fake results site. internet.nl tests that a domain is signed. The rule reads pre-signed zone files (DNSKEY and RRSIG at the apex), named.conf zone statements (dnssec-policy, inline-signing, auto-dnssec) and the descriptor's dns.zones[].dnssec.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "DNSSEC existence", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E4", TraceMapping.Explicit),
            new(TraceSource.Compendium, "DNS", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.DS-6", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone, InputFormat.NamedConf, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;

            // A zone that named.conf loads is judged there: named may sign it on load, which the file cannot show.
            if (!DnsRuleSupport.IsElectionZone(zone) || zone.Dnssec.IsSigned || zone.NamedConfZones.Any() || zone.DescriptorEntry?.GetBoolean("dnssec")?.Value == true)
            {
                return;
            }

            ctx.Report(Finding.Create(Rule, zone.Location, $"{zone.Key}/unsigned",
                $"Zone {zone.Apex} has no DNSKEY and no RRSIG at its apex, so answers for it cannot be validated. Sign the zone (for example with BIND's dnssec-policy or your DNS provider's DNSSEC setting) and publish the DS record at the parent."));
        });

        context.RegisterElementAction<NamedConfZoneElement>(ctx =>
        {
            var zone = ctx.Element;
            if (zone.Type != "primary" || zone.Name is not { } name || !DnsRuleSupport.IsElectionZone(zone) || zone.IsSigningConfigured || zone.ZoneFile?.Dnssec.IsSigned == true)
            {
                return;
            }

            var detail = zone.DnssecPolicy is { Value: { } policy } ? $"its dnssec-policy is '{policy.Text}', which does not sign" : "it sets no dnssec-policy, inline-signing or auto-dnssec";
            var file = zone.ZoneFile is { } loaded ? $" and its zone file {loaded.Path} is not pre-signed" : string.Empty;
            ctx.Report(Finding.Create(Rule, zone.Location, $"{zone.Key}/unsigned",
                $"named serves zone {name} unsigned: {detail}{file}. Add 'dnssec-policy default;' (BIND 9.16 and later) to the zone statement."));
        });

        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            foreach (var entry in ctx.Element.Section("dns").Items("zones"))
            {
                if (entry.GetBoolean("dnssec") is { Value: false } flag)
                {
                    ctx.Report(Finding.Create(Rule, flag.Location, $"{entry.Key}/dnssec",
                        $"The descriptor declares zone {entry.GetText("name")?.Value ?? "(unnamed)"} unsigned (dnssec: false). Sign it and publish its DS record."));
                }
            }
        });
    }
}
