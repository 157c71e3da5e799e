using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2007: a served certificate has expired (error) or expires soon (warning), measured at the audit's as-of date.</summary>
public sealed class EA2007CertificateExpiredOrExpiring : AuditRule
{
    /// <summary>The option naming how many days before expiry the rule warns.</summary>
    public const string WarningDaysOption = "warning-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2007",
        "Certificate expired or expiring",
        "{0}",
        Severity.Error,
        "An expired certificate makes browsers refuse the site: on election night that takes the results site offline as surely as an attack. The rule reports an error for a certificate (server or intermediate) that has expired at the audit's as-of date, and a warning when it expires within the warning window.",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.2", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.2", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.Other, "30-day warning window", TraceMapping.Interpretation),
        ],
        [InputFormat.Pem, InputFormat.Nginx, InputFormat.Apache],
        options: [new RuleOption(WarningDaysOption, "Warn when a certificate expires within this many days of the as-of date.", "30")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<CertificateChain>(ctx =>
        {
            var chain = ctx.Element;
            int warningDays = ctx.Options.GetInt32Option(Rule, WarningDaysOption);
            var asOf = ctx.Options.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var asOfText = ctx.Options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (int i = 0; i < chain.Certificates.Count; i++)
            {
                var certificate = chain.Certificates[i];
                if (i > 0 && certificate.IsSelfSigned)
                {
                    continue;
                }

                var who = i == 0 ? $"The server certificate '{certificate.Subject}'" : $"The intermediate certificate '{certificate.Subject}'";
                var location = chain.GetLocation(certificate);
                var key = string.Create(CultureInfo.InvariantCulture, $"certificate[{i}]/expiry");
                if (certificate.NotAfter < asOf)
                {
                    ctx.Report(Finding.Create(Rule, location, key, $"{who} expired on {TlsRuleSupport.Date(certificate.NotAfter)} (as of {asOfText}); browsers refuse it. Renew it and automate renewal."));
                    continue;
                }

                int daysLeft = (int)Math.Floor((certificate.NotAfter - asOf).TotalDays);
                if (daysLeft <= warningDays)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, location, key, [], string.Create(CultureInfo.InvariantCulture, $"{who} expires on {TlsRuleSupport.Date(certificate.NotAfter)}, {daysLeft} days after {asOfText} (warning window {warningDays} days). Renew it now, and make sure renewal is automated.")));
                }
            }
        });
    }
}
