using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Tls;

/// <summary>
/// The certificates, private key blocks and other blocks of one PEM file (RFC 7468 textual encoding), with the
/// problems found. Reading never throws: a block that is not valid base64 or not a valid DER certificate becomes an
/// EA0002 diagnostic located at the block, and reading goes on with the next block.
/// </summary>
public sealed class PemCertificateFile
{
    private const string BeginMarker = "-----BEGIN ";
    private const string EndMarker = "-----END ";
    private const string MarkerTail = "-----";

    private PemCertificateFile(SourceText source, IReadOnlyList<CertificateInfo> certificates, IReadOnlyList<PemPrivateKeyBlock> privateKeys, IReadOnlyList<PemOtherBlock> otherBlocks, IReadOnlyList<SyntaxDiagnostic> diagnostics)
    {
        Source = source;
        Certificates = certificates;
        PrivateKeys = privateKeys;
        OtherBlocks = otherBlocks;
        Diagnostics = diagnostics;
    }

    /// <summary>The file.</summary>
    public SourceText Source { get; }

    /// <summary>The certificates in file order (for a server: leaf, then intermediates).</summary>
    public IReadOnlyList<CertificateInfo> Certificates { get; }

    /// <summary>Private key blocks (recorded, never decoded).</summary>
    public IReadOnlyList<PemPrivateKeyBlock> PrivateKeys { get; }

    /// <summary>Other PEM blocks.</summary>
    public IReadOnlyList<PemOtherBlock> OtherBlocks { get; }

    /// <summary>EA0002 diagnostics for blocks that could not be read.</summary>
    public IReadOnlyList<SyntaxDiagnostic> Diagnostics { get; }

    /// <summary>
    /// Checks the chain order servers expect (nginx <c>ssl_certificate</c>, Apache 2.4.8+ <c>SSLCertificateFile</c>):
    /// each certificate's issuer name equals the next certificate's subject name.
    /// </summary>
    public IReadOnlyList<CertificateChainProblem> CheckChainOrder()
    {
        var problems = new List<CertificateChainProblem>();
        for (int i = 0; i + 1 < Certificates.Count; i++)
        {
            var current = Certificates[i];
            var next = Certificates[i + 1];
            if (!current.RawIssuer.Span.SequenceEqual(next.RawSubject.Span))
            {
                problems.Add(new CertificateChainProblem(i, $"Certificate {i + 1} ('{current.Subject}') is issued by '{current.Issuer}', but the next certificate in the file is '{next.Subject}'."));
            }
        }

        return problems;
    }

    /// <summary>Reads a PEM file.</summary>
    public static PemCertificateFile Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string text = source.Text;
        var certificates = new List<CertificateInfo>();
        var keys = new List<PemPrivateKeyBlock>();
        var others = new List<PemOtherBlock>();
        var diagnostics = new List<SyntaxDiagnostic>();

        int position = 0;
        while (true)
        {
            int begin = text.IndexOf(BeginMarker, position, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            int labelStart = begin + BeginMarker.Length;
            int labelEnd = text.IndexOf(MarkerTail, labelStart, StringComparison.Ordinal);
            int lineEnd = LineEnd(text, labelStart);
            if (labelEnd < 0 || labelEnd > lineEnd)
            {
                diagnostics.Add(Error(source, TextSpan.FromBounds(begin, lineEnd), "The PEM BEGIN line is not closed by '-----'."));
                position = lineEnd;
                continue;
            }

            string label = text[labelStart..labelEnd];
            string endLine = EndMarker + label + MarkerTail;
            // The END line is looked for after the BEGIN line's closing dashes, not at them: in
            // "-----BEGIN X-----END X-----" the two share their dashes (found by the PEM fuzz harness, which crashed here).
            int end = text.IndexOf(endLine, labelEnd + MarkerTail.Length, StringComparison.Ordinal);
            int nextBegin = text.IndexOf(BeginMarker, labelEnd, StringComparison.Ordinal);
            if (end < 0 || (nextBegin >= 0 && nextBegin < end))
            {
                diagnostics.Add(Error(source, TextSpan.FromBounds(begin, labelEnd + MarkerTail.Length), $"The PEM block '{label}' has no matching '{endLine}' line."));
                position = labelEnd;
                continue;
            }

            var span = TextSpan.FromBounds(begin, end + endLine.Length);
            int bodyStart = labelEnd + MarkerTail.Length;
            position = span.End;

            if (label is "CERTIFICATE" or "X509 CERTIFICATE")
            {
                var certificate = ReadCertificate(source, span, text.AsSpan(bodyStart, end - bodyStart), certificates.Count, diagnostics);
                if (certificate is not null)
                {
                    certificates.Add(certificate);
                }
            }
            else if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                bool encrypted = label.StartsWith("ENCRYPTED", StringComparison.Ordinal)
                    || text.AsSpan(bodyStart, end - bodyStart).Contains("DEK-Info:", StringComparison.Ordinal);
                keys.Add(new PemPrivateKeyBlock(label, span) { IsEncrypted = encrypted });
            }
            else
            {
                others.Add(new PemOtherBlock(label, span));
            }
        }

        return new PemCertificateFile(source, certificates, keys, others, diagnostics);
    }

    private static int LineEnd(string text, int position)
    {
        int end = text.IndexOfAny(['\r', '\n'], position);
        return end < 0 ? text.Length : end;
    }

    private static SyntaxDiagnostic Error(SourceText source, TextSpan span, string message) =>
        new("EA0002", source.GetLocation(span), message);

    private static CertificateInfo? ReadCertificate(SourceText source, TextSpan span, ReadOnlySpan<char> body, int index, List<SyntaxDiagnostic> diagnostics)
    {
        // RFC 7468 §3: the body is base64 with line breaks (and, leniently, other white space) between the characters.
        var base64 = new System.Text.StringBuilder(body.Length);
        foreach (char c in body)
        {
            if (!char.IsWhiteSpace(c))
            {
                base64.Append(c);
            }
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (base64.Length == 0 || !Convert.TryFromBase64String(base64.ToString(), bytes, out int length))
        {
            diagnostics.Add(Error(source, span, $"Certificate {index + 1} is not valid base64 text."));
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(bytes.AsSpan(0, length));
        }
        catch (CryptographicException exception)
        {
            diagnostics.Add(Error(source, span, $"Certificate {index + 1} is not a valid DER-encoded X.509 certificate ({exception.Message.TrimEnd('.')})."));
            return null;
        }

        using (certificate)
        {
            try
            {
                return Describe(certificate, span, index);
            }
            catch (Exception exception) when (exception is CryptographicException or AsnContentException or FormatException or ArgumentException)
            {
                diagnostics.Add(Error(source, span, $"Certificate {index + 1} has a malformed field ({exception.Message.TrimEnd('.')})."));
                return null;
            }
        }
    }

    private static CertificateInfo Describe(X509Certificate2 certificate, TextSpan span, int index)
    {
        var dnsNames = new List<string>();
        var ipAddresses = new List<IPAddress>();
        var ocsp = new List<string>();
        var caIssuers = new List<string>();
        bool isCertificateAuthority = false;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509SubjectAlternativeNameExtension alternativeNames:
                    dnsNames.AddRange(alternativeNames.EnumerateDnsNames());
                    ipAddresses.AddRange(alternativeNames.EnumerateIPAddresses());
                    break;
                case X509BasicConstraintsExtension constraints:
                    isCertificateAuthority = constraints.CertificateAuthority;
                    break;
                case X509AuthorityInformationAccessExtension access:
                    ocsp.AddRange(access.EnumerateOcspUris());
                    caIssuers.AddRange(access.EnumerateCAIssuersUris());
                    break;
            }
        }

        string keyOid = certificate.PublicKey.Oid.Value ?? string.Empty;
        var (keyType, keySize, curve) = DescribeKey(certificate, keyOid);
        string signatureOid = certificate.SignatureAlgorithm.Value ?? string.Empty;
        var (signatureName, signatureHash) = SignatureAlgorithms.Describe(signatureOid);
        bool selfIssued = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

        return new CertificateInfo
        {
            Span = span,
            Index = index,
            Subject = certificate.Subject,
            SubjectCommonName = Attribute(certificate.SubjectName, "2.5.4.3"),
            Issuer = certificate.Issuer,
            IssuerCommonName = Attribute(certificate.IssuerName, "2.5.4.3"),
            IssuerOrganization = Attribute(certificate.IssuerName, "2.5.4.10"),
            DnsNames = dnsNames,
            IpAddresses = ipAddresses,
            IsSelfIssued = selfIssued,
            IsSelfSigned = selfIssued && SignatureAlgorithms.VerifiesWithOwnKey(certificate, keyType),
            IsCertificateAuthority = isCertificateAuthority,
            KeyType = keyType,
            PublicKeyAlgorithmOid = keyOid,
            KeySize = keySize,
            CurveName = curve,
            SignatureAlgorithmOid = signatureOid,
            SignatureAlgorithm = signatureName,
            SignatureHashAlgorithm = signatureHash,
            NotBefore = certificate.NotBefore.ToUniversalTime(),
            NotAfter = certificate.NotAfter.ToUniversalTime(),
            SerialNumber = certificate.SerialNumber,
            Sha256Fingerprint = string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(static b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
            OcspUrls = ocsp,
            CaIssuerUrls = caIssuers,
            RawSubject = certificate.SubjectName.RawData,
            RawIssuer = certificate.IssuerName.RawData,
        };
    }

    private static string? Attribute(X500DistinguishedName name, string oid)
    {
        string? value = null;
        foreach (var relativeName in name.EnumerateRelativeDistinguishedNames())
        {
            if (!relativeName.HasMultipleElements && relativeName.GetSingleElementType().Value == oid)
            {
                value = relativeName.GetSingleElementValue();
            }
        }

        return value;
    }

    private static (CertificateKeyType Type, int Size, string? Curve) DescribeKey(X509Certificate2 certificate, string oid)
    {
        switch (oid)
        {
            case "1.2.840.113549.1.1.1":
            case "1.2.840.113549.1.1.10":
                using (var rsa = certificate.GetRSAPublicKey())
                {
                    return (CertificateKeyType.Rsa, rsa?.KeySize ?? 0, null);
                }

            case "1.2.840.10045.2.1":
                using (var ecdsa = certificate.GetECDsaPublicKey())
                {
                    if (ecdsa is null)
                    {
                        return (CertificateKeyType.EllipticCurve, 0, null);
                    }

                    var curve = ecdsa.ExportParameters(false).Curve;
                    return (CertificateKeyType.EllipticCurve, ecdsa.KeySize, CurveName(curve.Oid));
                }

            case "1.2.840.10040.4.1":
                using (var dsa = certificate.GetDSAPublicKey())
                {
                    return (CertificateKeyType.Dsa, dsa?.KeySize ?? 0, null);
                }

            case "1.3.101.112":
                return (CertificateKeyType.Ed25519, 256, null);
            case "1.3.101.113":
                return (CertificateKeyType.Ed448, 456, null);
            default:
                return (CertificateKeyType.Unknown, 0, null);
        }
    }

    private static string? CurveName(Oid? oid) => oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        null => oid?.FriendlyName,
        var value => oid.FriendlyName ?? value,
    };
}
