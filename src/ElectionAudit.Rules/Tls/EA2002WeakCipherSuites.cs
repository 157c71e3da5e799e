using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2002: the cipher string lets in broken suites (error) or suites without authenticated encryption (warning).</summary>
public sealed class EA2002WeakCipherSuites : AuditRule
{
    /// <summary>The option choosing which OpenSSL build the expansion assumes.</summary>
    public const string OpenSslBuildOption = "openssl-build";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2002",
        "Weak cipher suites",
        "{0}",
        Severity.Error,
        "A cipher string is judged by the suites OpenSSL expands it to, not by its text. Suites without encryption or authentication, or with export-grade, RC4, DES, 3DES or MD5 algorithms can be broken by an attacker on the path (error); other suites without authenticated encryption (CBC with HMAC) have a history of padding-oracle attacks and are not in Mozilla's intermediate list (warning).",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.Mozilla, "Intermediate cipher list", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "Ciphers (NCSC-NL appendix B)", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.5", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.5", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.8", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache],
        options:
        [
            new RuleOption(OpenSslBuildOption, "Which OpenSSL build the cipher string is expanded for: 'any' counts suites that only builds with weak ciphers compiled in (older OpenSSL, enable-weak-ssl-ciphers, the legacy provider) offer, such as RC4 and 3DES; 'default' counts only what a stock OpenSSL 3.0 offers.", "any"),
            TlsRuleSupport.NginxVersion,
        ]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <summary>Whether a suite is broken outright (the error class of RULES.md).</summary>
    public static bool IsBroken(CipherSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.IsNull || suite.IsAnonymous || suite.IsExport || suite.UsesRc4 || suite.UsesDes || suite.UsesTripleDes || suite.UsesMd5;
    }

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

            bool anyBuild = !ctx.Options.GetOption(Rule, OpenSslBuildOption).Equals("default", StringComparison.OrdinalIgnoreCase);
            var options = anyBuild ? new CipherExpansionOptions { IncludeWeakSslCiphers = true, LegacyProviderLoaded = true } : CipherExpansionOptions.Default;
            var expansion = endpoint.ExpandCiphers(options);
            if (expansion.IsRejected)
            {
                return;
            }

            var suites = TlsRuleSupport.NegotiableSuites(expansion).ToList();
            var broken = suites.Where(IsBroken).ToList();
            var notAead = suites.Where(s => !IsBroken(s) && !s.IsAead).ToList();
            var value = endpoint.CipherString;
            var location = TlsRuleSupport.CipherLocation(value);
            var subject = value.IsDefault ? $"No {TlsRuleSupport.Directive(endpoint.Site, "ssl_ciphers", "SSLCipherSuite")} applies to this {(endpoint.Site.IsApache ? "virtual host" : "server")}, so {value.DefaultDescription} is in effect; it" : $"The cipher string \"{value.Value}\"";
            var keyBase = value.IsDefault ? endpoint.Key + "/ciphers" : "ciphers";
            if (broken.Count > 0)
            {
                var build = anyBuild && broken.Any(s => s.Availability != CipherSuiteAvailability.Default) ? " (OpenSSL 3.0 compiles some of them out by default, but older or weak-cipher builds offer them)" : string.Empty;
                ctx.Report(Finding.Create(Rule, location, keyBase + "/broken", $"{subject} lets in {broken.Count} broken suite(s): {TlsRuleSupport.List(broken)}{build}. Use Mozilla's intermediate list, for example \"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305\".{TlsRuleSupport.MayApply(value)}"));
            }

            if (notAead.Count > 0)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, location, keyBase + "/not-aead", [], $"{subject} lets in {notAead.Count} suite(s) without authenticated encryption: {TlsRuleSupport.List(notAead)}. Allow only AEAD suites (AES-GCM, ChaCha20-Poly1305).{TlsRuleSupport.MayApply(value)}"));
            }
        });
    }
}
