using System.Net;
using ElectionAudit.Text;

namespace ElectionAudit.Tls;

/// <summary>The public key algorithm of a certificate.</summary>
public enum CertificateKeyType
{
    /// <summary>An algorithm this reader does not classify; see <see cref="CertificateInfo.PublicKeyAlgorithmOid"/>.</summary>
    Unknown,

    /// <summary>RSA.</summary>
    Rsa,

    /// <summary>Elliptic-curve (ECDSA / ECDH) key.</summary>
    EllipticCurve,

    /// <summary>DSA.</summary>
    Dsa,

    /// <summary>Ed25519.</summary>
    Ed25519,

    /// <summary>Ed448.</summary>
    Ed448,
}

/// <summary>What a reader of a TLS configuration needs to know about one certificate of a PEM file.</summary>
public sealed record CertificateInfo
{
    /// <summary>The <c>-----BEGIN CERTIFICATE-----</c> ... <c>-----END CERTIFICATE-----</c> block, in the PEM file.</summary>
    public required TextSpan Span { get; init; }

    /// <summary>The position of the certificate in its file, from 0 (the leaf comes first in a server's chain file).</summary>
    public required int Index { get; init; }

    /// <summary>The subject distinguished name, as .NET formats it (for example <c>CN=www.example.org, O=Example</c>).</summary>
    public required string Subject { get; init; }

    /// <summary>The subject's last common name (OID 2.5.4.3), or null when it has none.</summary>
    public string? SubjectCommonName { get; init; }

    /// <summary>The issuer distinguished name.</summary>
    public required string Issuer { get; init; }

    /// <summary>The issuer's common name, or null.</summary>
    public string? IssuerCommonName { get; init; }

    /// <summary>The issuer's organisation (OID 2.5.4.10), which names the CA (for example <c>Let's Encrypt</c>); null when absent.</summary>
    public string? IssuerOrganization { get; init; }

    /// <summary>DNS names of the subject alternative name extension, in order.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>IP addresses of the subject alternative name extension, in order.</summary>
    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>Whether the subject and issuer names are the same (a root or a self-signed certificate).</summary>
    public bool IsSelfIssued { get; init; }

    /// <summary>Whether the certificate is self-issued and its signature verifies with its own key (for RSA and ECDSA; for other algorithms, the same as <see cref="IsSelfIssued"/>).</summary>
    public bool IsSelfSigned { get; init; }

    /// <summary>Whether basic constraints mark it as a CA certificate.</summary>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>The public key algorithm.</summary>
    public CertificateKeyType KeyType { get; init; }

    /// <summary>The public key algorithm OID.</summary>
    public required string PublicKeyAlgorithmOid { get; init; }

    /// <summary>Key size in bits (RSA modulus, curve size, DSA prime), or 0 when unknown.</summary>
    public int KeySize { get; init; }

    /// <summary>The curve of an elliptic-curve key: P-256, P-384, P-521, or the curve's name or OID; null for other keys.</summary>
    public string? CurveName { get; init; }

    /// <summary>The signature algorithm OID.</summary>
    public required string SignatureAlgorithmOid { get; init; }

    /// <summary>The signature algorithm in OpenSSL's words (sha256WithRSAEncryption, ecdsa-with-SHA256, ...), or the OID.</summary>
    public required string SignatureAlgorithm { get; init; }

    /// <summary>The hash of the signature (MD5, SHA1, SHA256, ...), or null when the algorithm does not name one (RSASSA-PSS, Ed25519).</summary>
    public string? SignatureHashAlgorithm { get; init; }

    /// <summary>Start of validity, UTC.</summary>
    public DateTime NotBefore { get; init; }

    /// <summary>End of validity, UTC.</summary>
    public DateTime NotAfter { get; init; }

    /// <summary>The serial number, big-endian hexadecimal, upper case.</summary>
    public required string SerialNumber { get; init; }

    /// <summary>The SHA-256 fingerprint of the DER encoding, upper-case hexadecimal pairs joined by ':' (as <c>openssl x509 -fingerprint -sha256</c>).</summary>
    public required string Sha256Fingerprint { get; init; }

    /// <summary>OCSP responder URLs from the authority information access extension.</summary>
    public IReadOnlyList<string> OcspUrls { get; init; } = [];

    /// <summary>CA issuer URLs from the authority information access extension.</summary>
    public IReadOnlyList<string> CaIssuerUrls { get; init; } = [];

    /// <summary>The DER-encoded subject name, to compare names exactly.</summary>
    public required ReadOnlyMemory<byte> RawSubject { get; init; }

    /// <summary>The DER-encoded issuer name.</summary>
    public required ReadOnlyMemory<byte> RawIssuer { get; init; }

    /// <summary>Validity period length.</summary>
    public TimeSpan Lifetime => NotAfter - NotBefore;
}

/// <summary>A private key block found in a PEM file. Only its kind and place are recorded: the key is never decoded.</summary>
/// <param name="Label">The PEM label, for example <c>PRIVATE KEY</c>, <c>RSA PRIVATE KEY</c>, <c>ENCRYPTED PRIVATE KEY</c>.</param>
/// <param name="Span">The whole block.</param>
public sealed record PemPrivateKeyBlock(string Label, TextSpan Span)
{
    /// <summary>Whether the key is stored encrypted (PKCS#8 <c>ENCRYPTED PRIVATE KEY</c>, or a legacy block with a DEK-Info header).</summary>
    public bool IsEncrypted { get; init; }
}

/// <summary>A PEM block that is neither a certificate nor a private key (DH parameters, a CRL, a public key ...).</summary>
/// <param name="Label">The PEM label.</param>
/// <param name="Span">The whole block.</param>
public sealed record PemOtherBlock(string Label, TextSpan Span);

/// <summary>A place where a chain file is out of order: certificate <see cref="Index"/>'s issuer is not the next certificate's subject.</summary>
/// <param name="Index">The certificate whose issuer does not match.</param>
/// <param name="Message">Plain-English explanation.</param>
public sealed record CertificateChainProblem(int Index, string Message);
