using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2008: the server certificate is valid for longer than the maximum lifetime.</summary>
public sealed class EA2008CertificateLifetimeTooLong : AuditRule
{
    /// <summary>The option naming the longest acceptable lifetime, in days.</summary>
    public const string MaxLifetimeOption = "max-lifetime-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2008",
        "Certificate lifetime too long",
        "{0}",
        Severity.Warning,
        "A long-lived certificate keeps a stolen key useful for longer and is renewed so rarely that renewal is done by hand and forgotten. Mozilla's guidelines (5.7) recommend 90 days and accept at most 366; browsers reject longer-lived public certificates.",
        4.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Mozilla, "Certificate lifespan: 90 days recommended, 366 days maximum (5.7)", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Interpretation),
        ],
        [InputFormat.Pem, InputFormat.Nginx, InputFormat.Apache],
        options: [new RuleOption(MaxLifetimeOption, "The longest acceptable validity period of the server certificate, in days (Mozilla's JSON 5.0 used 730).", "366")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<CertificateChain>(ctx =>
        {
            var chain = ctx.Element;
            if (chain.Leaf is not { IsSelfSigned: false, IsCertificateAuthority: false } leaf)
            {
                return;
            }

            int maxDays = ctx.Options.GetInt32Option(Rule, MaxLifetimeOption);
            double days = leaf.Lifetime.TotalDays;
            if (days > maxDays)
            {
                ctx.Report(Finding.Create(Rule, chain.GetLocation(leaf), "certificate[0]/lifetime", string.Create(CultureInfo.InvariantCulture, $"The server certificate '{leaf.Subject}' is valid for {Math.Round(days)} days ({TlsRuleSupport.Date(leaf.NotBefore)} to {TlsRuleSupport.Date(leaf.NotAfter)}), more than {maxDays}. Use certificates of 90 days with automated renewal.")));
            }
        });
    }
}
