using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1005: signatures in a pre-signed zone have expired or expire soon, judged at the audit date.</summary>
public sealed class EA1005RrsigExpiredOrNearExpiry : AuditRule
{
    /// <summary>The option with the warning window in days.</summary>
    public const string WarningDaysOption = "warning-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1005",
        "RRSIG expired or near expiry",
        "{0}",
        Severity.Error,
        "When a signature expires, validating resolvers answer SERVFAIL: for most voters the election domain simply stops resolving. Pre-signed zone files kept in a repository must be re-signed before their RRSIGs run out. The rule compares each covered type's earliest RRSIG expiration with the audit date: an error once expired, a warning within the window (7 days by default, our reading).",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.NistCsf, "PR.DS-6", TraceMapping.Interpretation),
            new(TraceSource.Rfc, "RFC 4035 §5.3.1", TraceMapping.Explicit),
        ],
        [InputFormat.Zone],
        options: [new RuleOption(WarningDaysOption, "Days before expiration from which a warning is reported.", "7")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var asOf = new DateTimeOffset(ctx.Options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            int warningDays = ctx.Options.GetInt32Option(Rule, WarningDaysOption);
            foreach (var set in ctx.Element.Dnssec.SignaturesByType)
            {
                var record = set.EarliestExpiring;
                var expiration = set.EarliestExpiration;
                var location = DnsRuleSupport.TokenLocation(record, 4);
                var subject = $"The RRSIG over {set.TypeCovered} at {record.Owner}";
                if (expiration <= asOf)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, location, $"{ctx.Element.Key}/rrsig:{set.TypeCovered}", [],
                        $"{subject} expired on {DnsRuleSupport.Format(expiration)}, before the audit date {ctx.Options.AsOf:yyyy-MM-dd}; validating resolvers fail on it. Re-sign the zone and automate re-signing."));
                }
                else if (expiration <= asOf.AddDays(warningDays))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, location, $"{ctx.Element.Key}/rrsig:{set.TypeCovered}", [],
                        $"{subject} expires on {DnsRuleSupport.Format(expiration)}, within {warningDays} days of the audit date {ctx.Options.AsOf:yyyy-MM-dd}. Re-sign the zone before then."));
                }
            }
        });
    }
}
