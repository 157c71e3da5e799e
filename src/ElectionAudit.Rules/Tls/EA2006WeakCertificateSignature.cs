using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2006: a served certificate is signed with SHA-1 or MD5.</summary>
public sealed class EA2006WeakCertificateSignature : AuditRule
{
    private static readonly HashSet<string> BrokenHashes = new(StringComparer.OrdinalIgnoreCase) { "MD2", "MD4", "MD5", "SHA1" };

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2006",
        "SHA-1/MD5 certificate signature",
        "{0}",
        Severity.Error,
        "A certificate signed with MD5 or SHA-1 can be forged with a chosen-prefix collision, and browsers reject it. The server certificate and every intermediate it sends must be signed with SHA-256 or stronger; the signature of a root in the file is not checked by clients and is not judged.",
        7.5,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Mozilla, "Certificate signature: sha256WithRSAEncryption / ecdsa-with-SHA256+", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "Signature of certificate", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
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
                if ((i > 0 && certificate.IsSelfSigned) || certificate.SignatureHashAlgorithm is not { } hash || !BrokenHashes.Contains(hash))
                {
                    continue;
                }

                var who = i == 0 ? $"The server certificate '{certificate.Subject}'" : $"The intermediate certificate '{certificate.Subject}'";
                ctx.Report(Finding.Create(Rule, chain.GetLocation(certificate), string.Create(CultureInfo.InvariantCulture, $"certificate[{i}]/signature"), $"{who} is signed with {certificate.SignatureAlgorithm}; browsers reject {hash} signatures. Reissue it with a SHA-256 (or stronger) signature."));
            }
        });
    }
}
