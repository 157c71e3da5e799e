using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2013: TLS features with known attacks are on: 0-RTT early data (nginx); compression and insecure renegotiation come with Apache.</summary>
public sealed class EA2013UnsafeTlsFeatures : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2013",
        "Unsafe TLS features",
        "{0}",
        Severity.Error,
        "TLS compression (CRIME) and insecure renegotiation let an attacker recover secrets or inject requests (error). TLS 1.3 early data (0-RTT) can be replayed by an attacker, so a request sent in it may be executed twice (warning). nginx cannot enable compression or insecure renegotiation; for nginx the rule checks ssl_early_data, for Apache SSLCompression and SSLInsecureRenegotiation (mod_ssl has no early data).",
        6.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "TLS compression, secure renegotiation, 0-RTT", TraceMapping.Explicit),
            new(TraceSource.Other, "NCSC-NL TLS guidelines", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.6", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.7", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<TlsEndpoint>(ctx =>
        {
            var endpoint = ctx.Element;
            if (TlsRuleSupport.IsServing(endpoint) && endpoint.Compression is { Value: true, IsUnknown: false } compression)
            {
                ctx.Report(Finding.Create(Rule, compression.Location, "compression", $"\"SSLCompression on\" turns on TLS compression, which lets an attacker who can inject requests recover cookies and tokens from encrypted traffic (CRIME). Set it to off, the default since Apache 2.4.3.{TlsRuleSupport.MayApply(compression)}"));
            }

            if (TlsRuleSupport.IsServing(endpoint) && endpoint.InsecureRenegotiation is { Value: true, IsUnknown: false } renegotiation)
            {
                ctx.Report(Finding.Create(Rule, renegotiation.Location, "insecure-renegotiation", $"\"SSLInsecureRenegotiation on\" allows renegotiation with clients that lack the RFC 5746 extension, so an attacker can splice a request of their own in front of the client's. Set it to off (the default).{TlsRuleSupport.MayApply(renegotiation)}"));
            }

            var earlyData = endpoint.EarlyData;
            if (TlsRuleSupport.IsServing(endpoint) && earlyData is { Value: true, IsUnknown: false })
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, earlyData.Location, "early-data", [], "\"ssl_early_data on\" accepts TLS 1.3 0-RTT data, which an attacker can replay; a replayed request may be executed twice. Set it to off, or make sure the application rejects early data for anything but idempotent GET requests (nginx passes $ssl_early_data, answer 425 Too Early)."));
            }
        });
    }
}
