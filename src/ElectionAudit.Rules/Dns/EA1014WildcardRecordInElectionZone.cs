using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1014: a wildcard owner with address, alias or mail records in an election zone.</summary>
public sealed class EA1014WildcardRecordInElectionZone : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1014",
        "Wildcard record in election zone",
        "{0}",
        Severity.Warning,
        "A wildcard makes every possible name under the election domain resolve: typos and look-alike links (results-2027.example.gov) reach a server, phishing pages can be hosted on convincing names if that server is shared, a takeover of the wildcard target takes every name, and HSTS includeSubDomains then covers names nobody serves over HTTPS.",
        4.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Compendium, "DNS", TraceMapping.Interpretation),
            new(TraceSource.Rfc, "RFC 4592", TraceMapping.Interpretation),
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
            if (!DnsRuleSupport.IsElectionZone(zone))
            {
                return;
            }

            foreach (var owner in zone.Owners.Where(o => o.IsWildcard && zone.IsAuthoritativeFor(o)))
            {
                var record = zone.GetRecords(owner).FirstOrDefault(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA || r.Type == DnsRecordType.CNAME || r.Type == DnsRecordType.MX);
                if (record is not null)
                {
                    ctx.Report(Finding.Create(Rule, DnsRuleSupport.OwnerLocation(record), $"{zone.Key}/wildcard:{owner}",
                        $"Wildcard {owner} {record.Type} answers for every name under {owner.Parent} that is not otherwise defined. List the names you serve explicitly and remove the wildcard."));
                }
            }
        });
    }
}
