using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1002: a signed zone whose parent (in the repository) has no DS for it, or DS records that match none of its keys.</summary>
public sealed class EA1002SignedZoneWithoutDsAtParent : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1002",
        "Signed zone without DS at parent",
        "{0}",
        Severity.Error,
        "Signatures protect nobody until the parent zone publishes a DS record that points at the zone's key: without it validating resolvers treat the zone as unsigned, and with a DS that matches no key they reject it outright. The rule checks parent zones present in the repository and the descriptor's ds_published flag.",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.Rfc, "RFC 4035 §5 (chain of trust)", TraceMapping.Interpretation),
            new(TraceSource.InternetNl, "DNSSEC valid", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E4", TraceMapping.Interpretation),
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
            bool signed = zone.Dnssec.IsSigned || zone.NamedConfZones.Any(z => z.IsSigningConfigured);
            if (!signed || zone.ParentZone is not { } parent)
            {
                return;
            }

            // The root never delegates test., internal. and the other private-use top-level domains, so a zone under
            // one is validated with a trust anchor of its own, not through a DS in the root.
            if (parent.Apex.IsRoot && DnsRuleSupport.IsPrivateUse(zone.Apex))
            {
                return;
            }

            var related = new[] { new RelatedLocation(zone.Location, $"signed zone {zone.Apex}") };
            if (zone.ParentDelegation is not { } delegation)
            {
                ctx.Report(Finding.Create(Rule, Severity.Error, parent.Location, $"{zone.Key}/no-delegation", related,
                    $"Parent zone {parent.Apex} ({parent.Path}) does not delegate the signed zone {zone.Apex}: it has no NS records for it, so no DS either. Add the delegation and a DS record for the zone's key-signing key."));
                return;
            }

            if (delegation.DelegationSignerRecords.IsEmpty)
            {
                ctx.Report(Finding.Create(Rule, Severity.Error, delegation.NameServerRecords[0].GetLocation(), $"{zone.Key}/no-ds", related,
                    $"The delegation of signed zone {zone.Apex} in {parent.Apex} has no DS record, so resolvers treat {zone.Apex} as unsigned. Publish the DS of its key-signing key (dnssec-dsfromkey prints it)."));
                return;
            }

            var keys = zone.Dnssec.Keys;
            if (keys.IsEmpty)
            {
                return; // named signs it on load; the keys are not in the repository to compare with.
            }

            bool anyMatch = delegation.DelegationSignerRecords.Any(ds => ds.Data is DelegationSignerRecordData data && keys.Any(k => k.MatchesDs(zone.Apex, data)));
            if (!anyMatch)
            {
                var first = delegation.DelegationSignerRecords[0];
                ctx.Report(Finding.Create(Rule, Severity.Error, DnsRuleSupport.RdataLocation(first), $"{zone.Key}/ds-mismatch", related,
                    $"No DS record for {zone.Apex} in {parent.Apex} matches a DNSKEY of the zone (key tags {string.Join(", ", keys.Select(k => k.KeyTag))}), so validating resolvers will reject its answers. Replace the DS with one generated from the current key-signing key."));
            }
        });

        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            foreach (var entry in ctx.Element.Section("dns").Items("zones"))
            {
                if (entry.GetBoolean("ds_published") is { Value: false } flag && entry.GetBoolean("dnssec")?.Value != false)
                {
                    ctx.Report(Finding.Create(Rule, flag.Location, $"{entry.Key}/ds_published",
                        $"The descriptor says the DS record of zone {entry.GetText("name")?.Value ?? "(unnamed)"} is not published at the parent (ds_published: false), so its signatures are not validated. Publish the DS through the registrar."));
                }
            }
        });
    }
}
