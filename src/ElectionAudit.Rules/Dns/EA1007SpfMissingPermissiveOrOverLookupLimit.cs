using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1007: a domain has no SPF policy, a permissive one, or one that exceeds the RFC 7208 limit of 10 DNS lookups.</summary>
public sealed class EA1007SpfMissingPermissiveOrOverLookupLimit : AuditRule
{
    /// <summary>RFC 7208 §4.6.4: at most 10 terms that cause DNS queries.</summary>
    public const int LookupLimit = 10;

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1007",
        "SPF missing, permissive or over lookup limit",
        "{0}",
        Severity.Error,
        "Forged mail from an election authority's domain is a classic disinformation tool. SPF lists the servers allowed to send for a domain; without it, or with '+all'/'?all' or no 'all' at all, receivers cannot reject forgeries, and a policy that needs more than 10 DNS lookups fails with a permanent error. internet.nl expects '~all' or '-all' and at most 10 lookups. Errors for the descriptor's declared sending domains, warnings for other zone apexes.",
        6.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "SPF", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 7208 §4.6.4, §5.1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E8", TraceMapping.Interpretation),
            new(TraceSource.Compendium, "Authentication", TraceMapping.Interpretation),
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
                return; // a domain that sends no mail is EA1010's concern
            }

            var declared = DnsRuleSupport.DeclaredMailDomains(ctx.Model).Select(d => d.Name).ToHashSet();
            var domains = new List<DomainName> { zone.Apex };
            domains.AddRange(declared.Where(d => d != zone.Apex && zone.Model.FindAuthoritativeZone(d) == zone));
            foreach (var domain in domains)
            {
                var severity = declared.Contains(domain) ? Severity.Error : Severity.Warning;
                var records = zone.SpfRecordsAt(domain);
                var key = $"{zone.Key}/spf:{domain}";
                if (records.IsEmpty)
                {
                    var at = domain == zone.Apex ? zone.Location : (zone.GetRecords(domain) is { Count: > 0 } domainRecords ? domainRecords[0].GetLocation() : null) ?? zone.Location;
                    ctx.Report(Finding.Create(Rule, severity, at, $"{key}/missing", [],
                        $"{domain} publishes no SPF record, so receivers cannot tell mail from its servers from forgeries. Add a TXT record such as \"v=spf1 mx -all\" (or \"v=spf1 -all\" if it sends no mail)."));
                    continue;
                }

                if (records.Length > 1)
                {
                    ctx.Report(Finding.Create(Rule, severity, DnsRuleSupport.RdataLocation(records[1].Record), $"{key}/duplicate", [new RelatedLocation(records[0].Record.GetLocation(), "first SPF record")],
                        $"{domain} publishes {records.Length} SPF records; RFC 7208 §4.5 makes that a permanent error, so SPF fails for all its mail. Merge them into one."));
                    continue;
                }

                var spf = records[0];
                foreach (var invalid in spf.Terms.Where(t => t.Kind == SpfTermKind.Invalid))
                {
                    ctx.Report(Finding.Create(Rule, severity, spf.LocationOf(invalid), $"{key}/invalid:{invalid.Name}", [],
                        $"'{spf.Text.AsSpan(invalid.Start, invalid.Length)}' in the SPF record of {domain} is not an SPF mechanism or modifier (RFC 7208 §5); the record fails with a permanent error."));
                }

                if (spf.All is { } all)
                {
                    if (all.Qualifier is '+' or '?')
                    {
                        ctx.Report(Finding.Create(Rule, severity, spf.LocationOf(all), $"{key}/all", [],
                            $"The SPF record of {domain} ends in '{spf.Text.AsSpan(all.Start, all.Length)}', which {(all.Qualifier == '+' ? "authorises every server on the internet" : "gives no verdict on")} mail from other servers. Use '-all' (or '~all' while testing)."));
                    }
                }
                else if (spf.Redirect is null)
                {
                    ctx.Report(Finding.Create(Rule, severity, DnsRuleSupport.RdataLocation(spf.Record), $"{key}/no-all", [],
                        $"The SPF record of {domain} has no 'all' mechanism and no redirect, so mail from unlisted servers gets a neutral result. End it with '-all'."));
                }

                var count = zone.Model.CountSpfLookups(spf);
                if (count.Count > LookupLimit)
                {
                    var over = count.Lookups[LookupLimit];
                    var lowerBound = count.IsExact ? string.Empty : $" at least (targets not in the repository: {string.Join(", ", count.Unfollowed.Select(u => u.Term.Argument))})";
                    ctx.Report(Finding.Create(Rule, severity, over.Record.LocationOf(over.Term), $"{key}/lookups", [new RelatedLocation(spf.Record.GetLocation(), "the SPF policy evaluated")],
                        $"Evaluating the SPF policy of {domain} takes {count.Count} DNS lookups{lowerBound}; RFC 7208 §4.6.4 allows 10, and this term is the 11th. Flatten includes or drop unused ones."));
                }
            }
        });
    }
}
