using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2003: the cipher string allows RSA key exchange (or static DH), so recorded traffic can be decrypted later.</summary>
public sealed class EA2003KeyExchangeWithoutForwardSecrecy : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2003",
        "Key exchange without forward secrecy",
        "{0}",
        Severity.Warning,
        "With RSA key exchange (suites such as AES256-SHA or AES128-GCM-SHA256) whoever obtains the server's private key later, by theft or by order, can decrypt every recorded session, including results uploads and administrator logins. Ephemeral (EC)DHE key exchange prevents that.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Key exchange (forward secrecy)", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.12", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache],
        options: [TlsRuleSupport.NginxVersion]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<TlsEndpoint>(ctx =>
        {
            var endpoint = ctx.Element;
            var version = TlsRuleSupport.ResolveVersion(endpoint, ctx.Options.GetOption(Rule, TlsRuleSupport.NginxVersionOption));
            if (!TlsRuleSupport.IsServing(endpoint) || !TlsRuleSupport.NegotiatesTls12OrBelow(endpoint, version) || !TlsRuleSupport.CiphersKnown(endpoint))
            {
                return;
            }

            var expansion = endpoint.Ciphers;
            if (expansion.IsRejected)
            {
                return;
            }

            var withoutForwardSecrecy = TlsRuleSupport.NegotiableSuites(expansion).Where(s => !s.HasForwardSecrecy).ToList();
            if (withoutForwardSecrecy.Count == 0)
            {
                return;
            }

            var value = endpoint.CipherString;
            var location = TlsRuleSupport.CipherLocation(value);
            var subject = value.IsDefault ? $"No {TlsRuleSupport.Directive(endpoint.Site, "ssl_ciphers", "SSLCipherSuite")} applies to this {(endpoint.Site.IsApache ? "virtual host" : "server")}, so {value.DefaultDescription} is in effect; it" : $"The cipher string \"{value.Value}\"";
            ctx.Report(Finding.Create(Rule, location, value.IsDefault ? endpoint.Key + "/ciphers/no-forward-secrecy" : "ciphers/no-forward-secrecy", $"{subject} allows {withoutForwardSecrecy.Count} suite(s) without forward secrecy: {TlsRuleSupport.List(withoutForwardSecrecy)}. Exclude them (add \"!kRSA\") or use an ECDHE-only list.{TlsRuleSupport.MayApply(value)}"));
        });
    }
}
