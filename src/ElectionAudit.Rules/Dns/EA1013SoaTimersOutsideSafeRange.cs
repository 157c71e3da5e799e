using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1013: SOA expire too short, retry not below refresh, or a negative-caching TTL above a day.</summary>
public sealed class EA1013SoaTimersOutsideSafeRange : AuditRule
{
    /// <summary>The catalog's floor for the SOA expire (RULES.md): 2 weeks. RIPE-203 itself recommends 3,600,000 s (1,000 hours).</summary>
    public const uint MinimumExpire = 1209600;

    /// <summary>The largest negative-caching TTL accepted (one day, our reading of RFC 2308 §5 and RIPE-203's 1 hour).</summary>
    public const uint MaximumMinimum = 86400;

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1013",
        "SOA timers outside safe range",
        "{0}",
        Severity.Note,
        "SOA timers decide how long secondaries keep serving when the primary is unreachable and how long resolvers remember that a name does not exist. A short expire makes secondaries drop the election zone during a primary outage; retry at or above refresh means failed refreshes are not retried sooner; a negative-caching TTL above a day keeps a newly added name (say, a fallback results host) invisible for too long.",
        2.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Other, "RIPE-203 (recommended SOA values)", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 1912 §2.2", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 2308 §5", TraceMapping.Interpretation),
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
            if (zone.SoaRecord is not { } record || zone.Soa is not { } soa || !DnsRuleSupport.IsElectionZone(zone))
            {
                return;
            }

            // SOA data tokens: mname rname serial refresh retry expire minimum.
            if (soa.Expire < MinimumExpire)
            {
                ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 5), $"{zone.Key}/soa/expire",
                    $"SOA expire of {zone.Apex} is {soa.Expire} s; below {MinimumExpire} s (2 weeks) secondaries stop serving the zone soon after the primary becomes unreachable. RIPE-203 recommends 3600000 s (1000 hours)."));
            }

            if (soa.Retry >= soa.Refresh)
            {
                ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 4), $"{zone.Key}/soa/retry",
                    $"SOA retry of {zone.Apex} ({soa.Retry} s) is not below refresh ({soa.Refresh} s), so a failed refresh is not retried sooner than the normal schedule (RFC 1912 §2.2). Use for example refresh 86400, retry 7200."));
            }

            if (soa.Minimum > MaximumMinimum)
            {
                ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 6), $"{zone.Key}/soa/minimum",
                    $"SOA minimum (negative-caching TTL) of {zone.Apex} is {soa.Minimum} s, above one day: a name added later stays 'non-existent' in caches that long. Use 3600."));
            }
        });
    }
}
