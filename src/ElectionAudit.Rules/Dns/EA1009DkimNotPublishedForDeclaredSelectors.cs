using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1009: a DKIM selector the descriptor declares has no key record in the domain's zone, or its key is revoked.</summary>
public sealed class EA1009DkimNotPublishedForDeclaredSelectors : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1009",
        "DKIM not published for declared selectors",
        "{0}",
        Severity.Warning,
        "Mail signed with a DKIM selector whose public key is not in DNS fails DKIM, and with DMARC enforcing, the authority's own mail to voters and counting centres is rejected or quarantined. The rule checks every selector in email.dkim_selectors against <selector>._domainkey.<domain> in the zones of email.domains (or of the repository's top-level zones when no domains are declared).",
        4.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "DKIM", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 6376 §3.6.2.1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E8", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var email = ctx.Element.Section("email");
            var selectors = email.GetTextList("dkim_selectors");
            if (selectors.Count == 0 || email.GetBoolean("sends")?.Value == false)
            {
                return;
            }

            var dns = ctx.Model.Dns;
            var domains = email.GetTextList("domains").Select(d => DnsModel.TryParseHost(d.Value)).OfType<DomainName>().ToList();
            if (domains.Count == 0)
            {
                domains = [.. dns.Zones.Where(z => DnsRuleSupport.IsElectionZone(z) && z.ParentZone is null).Select(z => z.Apex).Distinct()];
            }

            foreach (var domain in domains)
            {
                if (dns.FindAuthoritativeZone(domain) is not { } zone)
                {
                    continue; // the domain's zone is not in the repository: no evidence
                }

                foreach (var selector in selectors)
                {
                    var keys = zone.DkimKeys(selector.Value, domain);
                    var related = new[] { DnsRuleSupport.ZoneRelated(zone) };
                    if (keys.IsEmpty)
                    {
                        ctx.Report(Finding.Create(Rule, Severity.Warning, selector.Location, $"dkim:{selector.Value}/{domain}", related,
                            $"DKIM selector '{selector.Value}' is declared but {selector.Value}._domainkey.{domain} has no TXT record in {zone.Path}, so mail signed with it fails DKIM. Publish the selector's public key."));
                    }
                    else if (keys.FirstOrDefault(k => k.IsRevoked || !k.HasPublicKey) is { } broken)
                    {
                        ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.RdataLocation(broken.Record), $"dkim:{selector.Value}/{domain}", [new RelatedLocation(selector.Location, "declared selector")],
                            $"DKIM selector '{selector.Value}' of {domain} has {(broken.HasPublicKey ? "an empty p= (a revoked key)" : "no p= tag")}, so signatures with it fail. Publish the current public key or stop declaring the selector."));
                    }
                }
            }
        });
    }
}
