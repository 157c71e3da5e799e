using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ElectionAudit.Tls;

/// <summary>Names of certificate signature algorithms as OpenSSL prints them (crypto/objects/objects.txt short and long names).</summary>
public static class SignatureAlgorithms
{
    private static readonly Dictionary<string, (string Name, string? Hash)> ByOid = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = ("md2WithRSAEncryption", "MD2"),
        ["1.2.840.113549.1.1.4"] = ("md5WithRSAEncryption", "MD5"),
        ["1.2.840.113549.1.1.5"] = ("sha1WithRSAEncryption", "SHA1"),
        ["1.2.840.113549.1.1.14"] = ("sha224WithRSAEncryption", "SHA224"),
        ["1.2.840.113549.1.1.11"] = ("sha256WithRSAEncryption", "SHA256"),
        ["1.2.840.113549.1.1.12"] = ("sha384WithRSAEncryption", "SHA384"),
        ["1.2.840.113549.1.1.13"] = ("sha512WithRSAEncryption", "SHA512"),
        ["1.2.840.113549.1.1.10"] = ("rsassaPss", null),
        ["1.2.840.10045.4.1"] = ("ecdsa-with-SHA1", "SHA1"),
        ["1.2.840.10045.4.3.1"] = ("ecdsa-with-SHA224", "SHA224"),
        ["1.2.840.10045.4.3.2"] = ("ecdsa-with-SHA256", "SHA256"),
        ["1.2.840.10045.4.3.3"] = ("ecdsa-with-SHA384", "SHA384"),
        ["1.2.840.10045.4.3.4"] = ("ecdsa-with-SHA512", "SHA512"),
        ["1.2.840.10040.4.3"] = ("dsaWithSHA1", "SHA1"),
        ["2.16.840.1.101.3.4.3.1"] = ("dsa_with_SHA224", "SHA224"),
        ["2.16.840.1.101.3.4.3.2"] = ("dsa_with_SHA256", "SHA256"),
        ["1.3.101.112"] = ("ED25519", null),
        ["1.3.101.113"] = ("ED448", null),
    };

    /// <summary>OpenSSL's name for a signature algorithm OID and the hash it uses; the OID itself and null when unknown.</summary>
    public static (string Name, string? Hash) Describe(string oid) =>
        ByOid.TryGetValue(oid, out var known) ? known : (oid, null);

    /// <summary>
    /// Whether the certificate's signature verifies with its own public key (RSA PKCS#1 v1.5 and ECDSA). For other
    /// algorithms the answer is true: a self-issued certificate of another kind is taken as self-signed.
    /// </summary>
    internal static bool VerifiesWithOwnKey(X509Certificate2 certificate, CertificateKeyType keyType)
    {
        var (_, hashName) = Describe(certificate.SignatureAlgorithm.Value ?? string.Empty);
        HashAlgorithmName? hash = hashName switch
        {
            "MD5" => HashAlgorithmName.MD5,
            "SHA1" => HashAlgorithmName.SHA1,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA384" => HashAlgorithmName.SHA384,
            "SHA512" => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (hash is null || keyType is not (CertificateKeyType.Rsa or CertificateKeyType.EllipticCurve))
        {
            return true;
        }

        // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §4.1).
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var toBeSigned = reader.ReadEncodedValue();
        reader.ReadSequence();
        byte[] signature = reader.ReadBitString(out _);
        try
        {
            if (keyType == CertificateKeyType.Rsa)
            {
                using var rsa = certificate.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(toBeSigned.Span, signature, hash.Value, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(toBeSigned.Span, signature, hash.Value, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            // OpenSSL's default provider refuses some old digests; the signature then cannot be checked here.
            return false;
        }
    }
}
