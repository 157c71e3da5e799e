using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1008: no DMARC policy, duplicated policies, or a policy that does not enforce (p=none, t=y) or reports nowhere usable.</summary>
public sealed class EA1008DmarcMissingOrWeak : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1008",
        "DMARC missing or weak",
        "{0}",
        Severity.Error,
        "DMARC tells receivers what to do with mail that fails SPF and DKIM alignment for a domain. Without a record (or with two, which receivers ignore), forged mail in the authority's name is delivered; with p=none or t=y it is still delivered. internet.nl expects p=quarantine or p=reject. Missing or duplicated records are errors; p=none, t=y and unusable rua/ruf addresses are warnings.",
        6.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "DMARC", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 7489 §6.3", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E8", TraceMapping.Interpretation),
            new(TraceSource.Other, "CISA/FBI .gov impersonation advisory", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            if (!DnsRuleSupport.IsElectionZone(zone) || DnsRuleSupport.EmailSections(ctx.Model).Any(e => e.GetBoolean("sends")?.Value == false))
            {
                return;
            }

            // A subzone inherits its organisational domain's policy (RFC 7489 §6.6.3), so only zones whose parent is not
            // in the repository need their own record, plus every declared sending domain.
            var declared = DnsRuleSupport.DeclaredMailDomains(ctx.Model).Select(d => d.Name).ToHashSet();
            var domains = new List<DomainName>();
            if (zone.ParentZone is not { } parent || !DnsRuleSupport.IsElectionZone(parent) || declared.Contains(zone.Apex))
            {
                domains.Add(zone.Apex);
            }

            domains.AddRange(declared.Where(d => d != zone.Apex && zone.Model.FindAuthoritativeZone(d) == zone));
            foreach (var domain in domains)
            {
                var key = $"{zone.Key}/dmarc:{domain}";
                var records = zone.DmarcRecordsFor(domain);
                if (records.IsEmpty)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, zone.Location, $"{key}/missing", [],
                        $"{domain} has no DMARC record at _dmarc.{domain}, so receivers deliver mail that forges it. Add: _dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@{domain.ToString().TrimEnd('.')}\"."));
                    continue;
                }

                if (records.Length > 1)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, DnsRuleSupport.RdataLocation(records[1].Record), $"{key}/duplicate", [new RelatedLocation(records[0].Record.GetLocation(), "first DMARC record")],
                        $"_dmarc.{domain} has {records.Length} DMARC records; receivers then apply none (RFC 7489 §6.6.3). Keep one."));
                    continue;
                }

                var dmarc = records[0];
                if (dmarc.Policy is not { } policy || policy.Value.ToLowerInvariant() is not ("none" or "quarantine" or "reject"))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, dmarc.Policy is { } bad ? dmarc.LocationOf(bad) : DnsRuleSupport.RdataLocation(dmarc.Record), $"{key}/policy", [],
                        $"The DMARC record of {domain} has no valid 'p=' tag (none, quarantine or reject), so receivers discard the record. Set p=reject."));
                }
                else if (policy.Value.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, dmarc.LocationOf(policy), $"{key}/policy", [],
                        $"The DMARC policy of {domain} is p=none: forged mail is still delivered. Move to p=quarantine, then p=reject, once reports show legitimate mail aligns."));
                }

                if (dmarc.Testing is { } testing && testing.Value.Equals("y", StringComparison.OrdinalIgnoreCase))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, dmarc.LocationOf(testing), $"{key}/testing", [],
                        $"The DMARC record of {domain} sets t=y (testing), which asks receivers not to enforce the policy. Remove it."));
                }

                foreach (var tag in dmarc.Tags.Where(t => t.Name is "rua" or "ruf"))
                {
                    var bad = tag.Value.Split(',').Select(u => u.Trim()).Where(u => u.Length > 0).FirstOrDefault(u => !u.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || !u.Contains('@', StringComparison.Ordinal));
                    if (bad is not null || tag.Value.Trim().Length == 0)
                    {
                        ctx.Report(Finding.Create(Rule, Severity.Warning, dmarc.LocationOf(tag), $"{key}/{tag.Name}", [],
                            $"The DMARC {tag.Name} of {domain} holds '{bad ?? tag.Value}', which is not a mailto: address receivers can send reports to (RFC 7489 §6.2). Use mailto:address@domain."));
                    }
                }
            }
        });
    }
}
