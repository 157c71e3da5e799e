using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2005: a served certificate's public key is too weak (RSA under 2048 bits) or on a curve browsers do not expect.</summary>
public sealed class EA2005WeakCertificateKey : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2005",
        "Weak certificate key",
        "{0}",
        Severity.Error,
        "The certificate key is what proves to voters and journalists that they reach the real results site. RSA keys under 2048 bits can be factored by a well-resourced attacker (error). Elliptic-curve keys should be on P-256 or P-384, the curves Mozilla and internet.nl expect (warning). The ncsc-nl profile also notes RSA keys of 2048 to 3071 bits, which NCSC-NL rates as phase-out.",
        7.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Mozilla, "Certificate type: ECDSA P-256 or RSA 2048", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "Public key of certificate", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.2", TraceMapping.Explicit),
        ],
        [InputFormat.Pem, InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<CertificateChain>(ctx =>
        {
            var chain = ctx.Element;
            for (int i = 0; i < chain.Certificates.Count; i++)
            {
                var certificate = chain.Certificates[i];

                // A root in the file is not sent usefully and its key is the CA's concern; the leaf and intermediates are judged.
                if (i > 0 && certificate.IsSelfSigned)
                {
                    continue;
                }

                var who = i == 0 ? $"The server certificate '{certificate.Subject}'" : $"The intermediate certificate '{certificate.Subject}'";
                var location = chain.GetLocation(certificate);
                var key = string.Create(CultureInfo.InvariantCulture, $"certificate[{i}]/key");
                if (certificate.KeyType == CertificateKeyType.Rsa && certificate.KeySize < 2048)
                {
                    ctx.Report(Finding.Create(Rule, location, key, string.Create(CultureInfo.InvariantCulture, $"{who} has a {certificate.KeySize}-bit RSA key; at least 2048 bits are required. Get a new certificate with an RSA 2048+ or ECDSA P-256 key.")));
                }
                else if (certificate.KeyType == CertificateKeyType.Rsa && certificate.KeySize < 3072 && ctx.Options.TlsProfile == TlsProfile.NcscNl)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Note, location, key, [], string.Create(CultureInfo.InvariantCulture, $"{who} has a {certificate.KeySize}-bit RSA key, which NCSC-NL rates as phase-out (profile ncsc-nl). Prefer RSA 3072+ or ECDSA P-256 at the next renewal.")));
                }
                else if (certificate.KeyType == CertificateKeyType.EllipticCurve && certificate.CurveName is not ("P-256" or "P-384"))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, location, key, [], $"{who} has an elliptic-curve key on {certificate.CurveName ?? "an unknown curve"}; use P-256 or P-384, which every browser supports."));
                }
            }
        });
    }
}
