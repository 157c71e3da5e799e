using A = ElectionAudit.Tls.AuthenticationAlgorithms;
using E = ElectionAudit.Tls.EncryptionAlgorithms;
using K = ElectionAudit.Tls.KeyExchangeAlgorithms;
using M = ElectionAudit.Tls.MacAlgorithms;
using S = ElectionAudit.Tls.CipherStrengthClasses;
using V = ElectionAudit.Tls.TlsProtocolVersion;

namespace ElectionAudit.Tls;

/// <summary>
/// Every cipher suite OpenSSL 3.0 knows for TLS 1.2 and below (the <c>ssl3_ciphers</c> table of ssl/s3_lib.c),
/// and its TLS 1.3 suites (<c>tls13_ciphers</c>).
/// </summary>
/// <remarks>
/// The suites a default build offers were taken from <c>openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL'</c>
/// of OpenSSL 3.0 (identifier, both names, version, Kx/Au/Enc/Mac), their classes from the HIGH, FIPS and
/// COMPLEMENTOFDEFAULT aliases, and checked against ssl/s3_lib.c. The FIPS flag of eNULL suites cannot be observed
/// through aliases (the FIPS alias excludes eNULL) and is copied from s3_lib.c: every eNULL suite but NULL-MD5 has it.
/// The 3DES and RC4 suites exist only in builds configured with enable-weak-ssl-ciphers; IDEA and SEED need the
/// legacy provider; GOST needs an engine. Differential tests compare the default part with the installed openssl.
/// </remarks>
public static class CipherSuiteCatalog
{
    private const CipherSuiteAvailability Weak = CipherSuiteAvailability.RequiresWeakCipherBuild;
    private const CipherSuiteAvailability Legacy = CipherSuiteAvailability.RequiresLegacyProvider;
    private const CipherSuiteAvailability Gost = CipherSuiteAvailability.RequiresGostEngine;

    /// <summary>All TLS 1.2-and-below suites, ordered by identifier.</summary>
    public static IReadOnlyList<CipherSuite> Tls12AndBelow { get; } =
    [
        new(0x0001, "NULL-MD5", "TLS_RSA_WITH_NULL_MD5", K.Rsa, A.Rsa, E.Null, M.Md5, V.Ssl30, S.StrongNone, 0, 0),
        new(0x0002, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA", K.Rsa, A.Rsa, E.Null, M.Sha1, V.Ssl30, S.StrongNone | S.Fips, 0, 0),
        new(0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", K.Rsa, A.Rsa, E.Rc4, M.Md5, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", K.Rsa, A.Rsa, E.Rc4, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x0007, "IDEA-CBC-SHA", "TLS_RSA_WITH_IDEA_CBC_SHA", K.Rsa, A.Rsa, E.Idea, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Legacy),
        new(0x000A, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", K.Rsa, A.Rsa, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x0013, "DHE-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", K.Dhe, A.Dss, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x0016, "DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", K.Dhe, A.Rsa, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x0018, "ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5", K.Dhe, A.Anonymous, E.Rc4, M.Md5, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x001B, "ADH-DES-CBC3-SHA", "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", K.Dhe, A.Anonymous, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x002C, "PSK-NULL-SHA", "TLS_PSK_WITH_NULL_SHA", K.Psk, A.Psk, E.Null, M.Sha1, V.Ssl30, S.StrongNone | S.Fips, 0, 0),
        new(0x002D, "DHE-PSK-NULL-SHA", "TLS_DHE_PSK_WITH_NULL_SHA", K.DhePsk, A.Psk, E.Null, M.Sha1, V.Ssl30, S.StrongNone | S.Fips, 0, 0),
        new(0x002E, "RSA-PSK-NULL-SHA", "TLS_RSA_PSK_WITH_NULL_SHA", K.RsaPsk, A.Rsa, E.Null, M.Sha1, V.Ssl30, S.StrongNone | S.Fips, 0, 0),
        new(0x002F, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", K.Rsa, A.Rsa, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips, 128, 128),
        new(0x0032, "DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", K.Dhe, A.Dss, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x0033, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", K.Dhe, A.Rsa, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips, 128, 128),
        new(0x0034, "ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", K.Dhe, A.Anonymous, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", K.Rsa, A.Rsa, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips, 256, 256),
        new(0x0038, "DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", K.Dhe, A.Dss, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x0039, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", K.Dhe, A.Rsa, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips, 256, 256),
        new(0x003A, "ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA", K.Dhe, A.Anonymous, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x003B, "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", K.Rsa, A.Rsa, E.Null, M.Sha256, V.Tls12, S.StrongNone | S.Fips, 0, 0),
        new(0x003C, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", K.Rsa, A.Rsa, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x003D, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", K.Rsa, A.Rsa, E.Aes256, M.Sha256, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x0040, "DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", K.Dhe, A.Dss, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x0041, "CAMELLIA128-SHA", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", K.Rsa, A.Rsa, E.Camellia128, M.Sha1, V.Ssl30, S.High | S.NotDefault, 128, 128),
        new(0x0044, "DHE-DSS-CAMELLIA128-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", K.Dhe, A.Dss, E.Camellia128, M.Sha1, V.Ssl30, S.High | S.NotDefault, 128, 128),
        new(0x0045, "DHE-RSA-CAMELLIA128-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", K.Dhe, A.Rsa, E.Camellia128, M.Sha1, V.Ssl30, S.High | S.NotDefault, 128, 128),
        new(0x0046, "ADH-CAMELLIA128-SHA", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", K.Dhe, A.Anonymous, E.Camellia128, M.Sha1, V.Ssl30, S.High | S.NotDefault, 128, 128),
        new(0x0067, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", K.Dhe, A.Rsa, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x006A, "DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", K.Dhe, A.Dss, E.Aes256, M.Sha256, V.Tls12, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x006B, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", K.Dhe, A.Rsa, E.Aes256, M.Sha256, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x006C, "ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256", K.Dhe, A.Anonymous, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x006D, "ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256", K.Dhe, A.Anonymous, E.Aes256, M.Sha256, V.Tls12, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x0081, "GOST2001-GOST89-GOST89", "TLS_GOSTR341001_WITH_28147_CNT_IMIT", K.Gost, A.Gost01, E.Gost89, M.Gost89Mac, V.Tls10, S.High, 256, 256, Gost),
        new(0x0083, "GOST2001-NULL-GOST94", "TLS_GOSTR341001_WITH_NULL_GOSTR3411", K.Gost, A.Gost01, E.Null, M.Gost94, V.Tls10, S.StrongNone, 0, 0, Gost),
        new(0x0084, "CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", K.Rsa, A.Rsa, E.Camellia256, M.Sha1, V.Ssl30, S.High | S.NotDefault, 256, 256),
        new(0x0087, "DHE-DSS-CAMELLIA256-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", K.Dhe, A.Dss, E.Camellia256, M.Sha1, V.Ssl30, S.High | S.NotDefault, 256, 256),
        new(0x0088, "DHE-RSA-CAMELLIA256-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", K.Dhe, A.Rsa, E.Camellia256, M.Sha1, V.Ssl30, S.High | S.NotDefault, 256, 256),
        new(0x0089, "ADH-CAMELLIA256-SHA", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", K.Dhe, A.Anonymous, E.Camellia256, M.Sha1, V.Ssl30, S.High | S.NotDefault, 256, 256),
        new(0x008A, "PSK-RC4-SHA", "TLS_PSK_WITH_RC4_128_SHA", K.Psk, A.Psk, E.Rc4, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x008B, "PSK-3DES-EDE-CBC-SHA", "TLS_PSK_WITH_3DES_EDE_CBC_SHA", K.Psk, A.Psk, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x008C, "PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA", K.Psk, A.Psk, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips, 128, 128),
        new(0x008D, "PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA", K.Psk, A.Psk, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips, 256, 256),
        new(0x008E, "DHE-PSK-RC4-SHA", "TLS_DHE_PSK_WITH_RC4_128_SHA", K.DhePsk, A.Psk, E.Rc4, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x008F, "DHE-PSK-3DES-EDE-CBC-SHA", "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", K.DhePsk, A.Psk, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x0090, "DHE-PSK-AES128-CBC-SHA", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", K.DhePsk, A.Psk, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips, 128, 128),
        new(0x0091, "DHE-PSK-AES256-CBC-SHA", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", K.DhePsk, A.Psk, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips, 256, 256),
        new(0x0092, "RSA-PSK-RC4-SHA", "TLS_RSA_PSK_WITH_RC4_128_SHA", K.RsaPsk, A.Rsa, E.Rc4, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0x0093, "RSA-PSK-3DES-EDE-CBC-SHA", "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", K.RsaPsk, A.Rsa, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0x0094, "RSA-PSK-AES128-CBC-SHA", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", K.RsaPsk, A.Rsa, E.Aes128, M.Sha1, V.Ssl30, S.High | S.Fips, 128, 128),
        new(0x0095, "RSA-PSK-AES256-CBC-SHA", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", K.RsaPsk, A.Rsa, E.Aes256, M.Sha1, V.Ssl30, S.High | S.Fips, 256, 256),
        new(0x0096, "SEED-SHA", "TLS_RSA_WITH_SEED_CBC_SHA", K.Rsa, A.Rsa, E.Seed, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Legacy),
        new(0x0099, "DHE-DSS-SEED-SHA", "TLS_DHE_DSS_WITH_SEED_CBC_SHA", K.Dhe, A.Dss, E.Seed, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Legacy),
        new(0x009A, "DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA", K.Dhe, A.Rsa, E.Seed, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Legacy),
        new(0x009B, "ADH-SEED-SHA", "TLS_DH_anon_WITH_SEED_CBC_SHA", K.Dhe, A.Anonymous, E.Seed, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 128, 128, Legacy),
        new(0x009C, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", K.Rsa, A.Rsa, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x009D, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", K.Rsa, A.Rsa, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x009E, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", K.Dhe, A.Rsa, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x009F, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", K.Dhe, A.Rsa, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x00A2, "DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", K.Dhe, A.Dss, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x00A3, "DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", K.Dhe, A.Dss, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x00A6, "ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", K.Dhe, A.Anonymous, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0x00A7, "ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384", K.Dhe, A.Anonymous, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0x00A8, "PSK-AES128-GCM-SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256", K.Psk, A.Psk, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x00A9, "PSK-AES256-GCM-SHA384", "TLS_PSK_WITH_AES_256_GCM_SHA384", K.Psk, A.Psk, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x00AA, "DHE-PSK-AES128-GCM-SHA256", "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", K.DhePsk, A.Psk, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x00AB, "DHE-PSK-AES256-GCM-SHA384", "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", K.DhePsk, A.Psk, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x00AC, "RSA-PSK-AES128-GCM-SHA256", "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", K.RsaPsk, A.Rsa, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0x00AD, "RSA-PSK-AES256-GCM-SHA384", "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", K.RsaPsk, A.Rsa, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0x00AE, "PSK-AES128-CBC-SHA256", "TLS_PSK_WITH_AES_128_CBC_SHA256", K.Psk, A.Psk, E.Aes128, M.Sha256, V.Tls10, S.High | S.Fips, 128, 128),
        new(0x00AF, "PSK-AES256-CBC-SHA384", "TLS_PSK_WITH_AES_256_CBC_SHA384", K.Psk, A.Psk, E.Aes256, M.Sha384, V.Tls10, S.High | S.Fips, 256, 256),
        new(0x00B0, "PSK-NULL-SHA256", "TLS_PSK_WITH_NULL_SHA256", K.Psk, A.Psk, E.Null, M.Sha256, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00B1, "PSK-NULL-SHA384", "TLS_PSK_WITH_NULL_SHA384", K.Psk, A.Psk, E.Null, M.Sha384, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00B2, "DHE-PSK-AES128-CBC-SHA256", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", K.DhePsk, A.Psk, E.Aes128, M.Sha256, V.Tls10, S.High | S.Fips, 128, 128),
        new(0x00B3, "DHE-PSK-AES256-CBC-SHA384", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", K.DhePsk, A.Psk, E.Aes256, M.Sha384, V.Tls10, S.High | S.Fips, 256, 256),
        new(0x00B4, "DHE-PSK-NULL-SHA256", "TLS_DHE_PSK_WITH_NULL_SHA256", K.DhePsk, A.Psk, E.Null, M.Sha256, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00B5, "DHE-PSK-NULL-SHA384", "TLS_DHE_PSK_WITH_NULL_SHA384", K.DhePsk, A.Psk, E.Null, M.Sha384, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00B6, "RSA-PSK-AES128-CBC-SHA256", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", K.RsaPsk, A.Rsa, E.Aes128, M.Sha256, V.Tls10, S.High | S.Fips, 128, 128),
        new(0x00B7, "RSA-PSK-AES256-CBC-SHA384", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", K.RsaPsk, A.Rsa, E.Aes256, M.Sha384, V.Tls10, S.High | S.Fips, 256, 256),
        new(0x00B8, "RSA-PSK-NULL-SHA256", "TLS_RSA_PSK_WITH_NULL_SHA256", K.RsaPsk, A.Rsa, E.Null, M.Sha256, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00B9, "RSA-PSK-NULL-SHA384", "TLS_RSA_PSK_WITH_NULL_SHA384", K.RsaPsk, A.Rsa, E.Null, M.Sha384, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0x00BA, "CAMELLIA128-SHA256", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", K.Rsa, A.Rsa, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0x00BD, "DHE-DSS-CAMELLIA128-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", K.Dhe, A.Dss, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0x00BE, "DHE-RSA-CAMELLIA128-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K.Dhe, A.Rsa, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0x00BF, "ADH-CAMELLIA128-SHA256", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", K.Dhe, A.Anonymous, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0x00C0, "CAMELLIA256-SHA256", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", K.Rsa, A.Rsa, E.Camellia256, M.Sha256, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0x00C3, "DHE-DSS-CAMELLIA256-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", K.Dhe, A.Dss, E.Camellia256, M.Sha256, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0x00C4, "DHE-RSA-CAMELLIA256-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", K.Dhe, A.Rsa, E.Camellia256, M.Sha256, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0x00C5, "ADH-CAMELLIA256-SHA256", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", K.Dhe, A.Anonymous, E.Camellia256, M.Sha256, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC006, "ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", K.Ecdhe, A.Ecdsa, E.Null, M.Sha1, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC007, "ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", K.Ecdhe, A.Ecdsa, E.Rc4, M.Sha1, V.Tls10, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", K.Ecdhe, A.Ecdsa, E.TripleDes, M.Sha1, V.Tls10, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0xC009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", K.Ecdhe, A.Ecdsa, E.Aes128, M.Sha1, V.Tls10, S.High | S.Fips, 128, 128),
        new(0xC00A, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", K.Ecdhe, A.Ecdsa, E.Aes256, M.Sha1, V.Tls10, S.High | S.Fips, 256, 256),
        new(0xC010, "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA", K.Ecdhe, A.Rsa, E.Null, M.Sha1, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC011, "ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", K.Ecdhe, A.Rsa, E.Rc4, M.Sha1, V.Tls10, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0xC012, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", K.Ecdhe, A.Rsa, E.TripleDes, M.Sha1, V.Tls10, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0xC013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", K.Ecdhe, A.Rsa, E.Aes128, M.Sha1, V.Tls10, S.High | S.Fips, 128, 128),
        new(0xC014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", K.Ecdhe, A.Rsa, E.Aes256, M.Sha1, V.Tls10, S.High | S.Fips, 256, 256),
        new(0xC015, "AECDH-NULL-SHA", "TLS_ECDH_anon_WITH_NULL_SHA", K.Ecdhe, A.Anonymous, E.Null, M.Sha1, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC016, "AECDH-RC4-SHA", "TLS_ECDH_anon_WITH_RC4_128_SHA", K.Ecdhe, A.Anonymous, E.Rc4, M.Sha1, V.Tls10, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0xC017, "AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", K.Ecdhe, A.Anonymous, E.TripleDes, M.Sha1, V.Tls10, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0xC018, "AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", K.Ecdhe, A.Anonymous, E.Aes128, M.Sha1, V.Tls10, S.High | S.Fips | S.NotDefault, 128, 128),
        new(0xC019, "AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", K.Ecdhe, A.Anonymous, E.Aes256, M.Sha1, V.Tls10, S.High | S.Fips | S.NotDefault, 256, 256),
        new(0xC01A, "SRP-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", K.Srp, A.Srp, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 112, 168, Weak),
        new(0xC01B, "SRP-RSA-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", K.Srp, A.Rsa, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 112, 168, Weak),
        new(0xC01C, "SRP-DSS-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", K.Srp, A.Dss, E.TripleDes, M.Sha1, V.Ssl30, S.Medium | S.NotDefault, 112, 168, Weak),
        new(0xC01D, "SRP-AES-128-CBC-SHA", "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", K.Srp, A.Srp, E.Aes128, M.Sha1, V.Ssl30, S.High, 128, 128),
        new(0xC01E, "SRP-RSA-AES-128-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", K.Srp, A.Rsa, E.Aes128, M.Sha1, V.Ssl30, S.High, 128, 128),
        new(0xC01F, "SRP-DSS-AES-128-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", K.Srp, A.Dss, E.Aes128, M.Sha1, V.Ssl30, S.High | S.NotDefault, 128, 128),
        new(0xC020, "SRP-AES-256-CBC-SHA", "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", K.Srp, A.Srp, E.Aes256, M.Sha1, V.Ssl30, S.High, 256, 256),
        new(0xC021, "SRP-RSA-AES-256-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", K.Srp, A.Rsa, E.Aes256, M.Sha1, V.Ssl30, S.High, 256, 256),
        new(0xC022, "SRP-DSS-AES-256-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", K.Srp, A.Dss, E.Aes256, M.Sha1, V.Ssl30, S.High | S.NotDefault, 256, 256),
        new(0xC023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", K.Ecdhe, A.Ecdsa, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips, 128, 128),
        new(0xC024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", K.Ecdhe, A.Ecdsa, E.Aes256, M.Sha384, V.Tls12, S.High | S.Fips, 256, 256),
        new(0xC027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", K.Ecdhe, A.Rsa, E.Aes128, M.Sha256, V.Tls12, S.High | S.Fips, 128, 128),
        new(0xC028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", K.Ecdhe, A.Rsa, E.Aes256, M.Sha384, V.Tls12, S.High | S.Fips, 256, 256),
        new(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", K.Ecdhe, A.Ecdsa, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", K.Ecdhe, A.Ecdsa, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", K.Ecdhe, A.Rsa, E.Aes128Gcm, M.Aead, V.Tls12, S.High | S.Fips, 128, 128),
        new(0xC030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", K.Ecdhe, A.Rsa, E.Aes256Gcm, M.Aead, V.Tls12, S.High | S.Fips, 256, 256),
        new(0xC033, "ECDHE-PSK-RC4-SHA", "TLS_ECDHE_PSK_WITH_RC4_128_SHA", K.EcdhePsk, A.Psk, E.Rc4, M.Sha1, V.Tls10, S.Medium | S.NotDefault, 128, 128, Weak),
        new(0xC034, "ECDHE-PSK-3DES-EDE-CBC-SHA", "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", K.EcdhePsk, A.Psk, E.TripleDes, M.Sha1, V.Tls10, S.Medium | S.NotDefault | S.Fips, 112, 168, Weak),
        new(0xC035, "ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", K.EcdhePsk, A.Psk, E.Aes128, M.Sha1, V.Tls10, S.High | S.Fips, 128, 128),
        new(0xC036, "ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", K.EcdhePsk, A.Psk, E.Aes256, M.Sha1, V.Tls10, S.High | S.Fips, 256, 256),
        new(0xC037, "ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", K.EcdhePsk, A.Psk, E.Aes128, M.Sha256, V.Tls10, S.High | S.Fips, 128, 128),
        new(0xC038, "ECDHE-PSK-AES256-CBC-SHA384", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", K.EcdhePsk, A.Psk, E.Aes256, M.Sha384, V.Tls10, S.High | S.Fips, 256, 256),
        new(0xC039, "ECDHE-PSK-NULL-SHA", "TLS_ECDHE_PSK_WITH_NULL_SHA", K.EcdhePsk, A.Psk, E.Null, M.Sha1, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC03A, "ECDHE-PSK-NULL-SHA256", "TLS_ECDHE_PSK_WITH_NULL_SHA256", K.EcdhePsk, A.Psk, E.Null, M.Sha256, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC03B, "ECDHE-PSK-NULL-SHA384", "TLS_ECDHE_PSK_WITH_NULL_SHA384", K.EcdhePsk, A.Psk, E.Null, M.Sha384, V.Tls10, S.StrongNone | S.Fips, 0, 0),
        new(0xC050, "ARIA128-GCM-SHA256", "TLS_RSA_WITH_ARIA_128_GCM_SHA256", K.Rsa, A.Rsa, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC051, "ARIA256-GCM-SHA384", "TLS_RSA_WITH_ARIA_256_GCM_SHA384", K.Rsa, A.Rsa, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC052, "DHE-RSA-ARIA128-GCM-SHA256", "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", K.Dhe, A.Rsa, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC053, "DHE-RSA-ARIA256-GCM-SHA384", "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", K.Dhe, A.Rsa, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC056, "DHE-DSS-ARIA128-GCM-SHA256", "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", K.Dhe, A.Dss, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC057, "DHE-DSS-ARIA256-GCM-SHA384", "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", K.Dhe, A.Dss, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC05C, "ECDHE-ECDSA-ARIA128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", K.Ecdhe, A.Ecdsa, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC05D, "ECDHE-ECDSA-ARIA256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", K.Ecdhe, A.Ecdsa, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC060, "ECDHE-ARIA128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", K.Ecdhe, A.Rsa, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC061, "ECDHE-ARIA256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", K.Ecdhe, A.Rsa, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC06A, "PSK-ARIA128-GCM-SHA256", "TLS_PSK_WITH_ARIA_128_GCM_SHA256", K.Psk, A.Psk, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC06B, "PSK-ARIA256-GCM-SHA384", "TLS_PSK_WITH_ARIA_256_GCM_SHA384", K.Psk, A.Psk, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC06C, "DHE-PSK-ARIA128-GCM-SHA256", "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", K.DhePsk, A.Psk, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC06D, "DHE-PSK-ARIA256-GCM-SHA384", "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", K.DhePsk, A.Psk, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC06E, "RSA-PSK-ARIA128-GCM-SHA256", "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", K.RsaPsk, A.Rsa, E.Aria128Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC06F, "RSA-PSK-ARIA256-GCM-SHA384", "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", K.RsaPsk, A.Rsa, E.Aria256Gcm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC072, "ECDHE-ECDSA-CAMELLIA128-SHA256", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", K.Ecdhe, A.Ecdsa, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC073, "ECDHE-ECDSA-CAMELLIA256-SHA384", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", K.Ecdhe, A.Ecdsa, E.Camellia256, M.Sha384, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC076, "ECDHE-RSA-CAMELLIA128-SHA256", "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K.Ecdhe, A.Rsa, E.Camellia128, M.Sha256, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC077, "ECDHE-RSA-CAMELLIA256-SHA384", "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", K.Ecdhe, A.Rsa, E.Camellia256, M.Sha384, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC094, "PSK-CAMELLIA128-SHA256", "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", K.Psk, A.Psk, E.Camellia128, M.Sha256, V.Tls10, S.High | S.NotDefault, 128, 128),
        new(0xC095, "PSK-CAMELLIA256-SHA384", "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", K.Psk, A.Psk, E.Camellia256, M.Sha384, V.Tls10, S.High | S.NotDefault, 256, 256),
        new(0xC096, "DHE-PSK-CAMELLIA128-SHA256", "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", K.DhePsk, A.Psk, E.Camellia128, M.Sha256, V.Tls10, S.High | S.NotDefault, 128, 128),
        new(0xC097, "DHE-PSK-CAMELLIA256-SHA384", "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", K.DhePsk, A.Psk, E.Camellia256, M.Sha384, V.Tls10, S.High | S.NotDefault, 256, 256),
        new(0xC098, "RSA-PSK-CAMELLIA128-SHA256", "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", K.RsaPsk, A.Rsa, E.Camellia128, M.Sha256, V.Tls10, S.High | S.NotDefault, 128, 128),
        new(0xC099, "RSA-PSK-CAMELLIA256-SHA384", "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", K.RsaPsk, A.Rsa, E.Camellia256, M.Sha384, V.Tls10, S.High | S.NotDefault, 256, 256),
        new(0xC09A, "ECDHE-PSK-CAMELLIA128-SHA256", "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", K.EcdhePsk, A.Psk, E.Camellia128, M.Sha256, V.Tls10, S.High | S.NotDefault, 128, 128),
        new(0xC09B, "ECDHE-PSK-CAMELLIA256-SHA384", "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", K.EcdhePsk, A.Psk, E.Camellia256, M.Sha384, V.Tls10, S.High | S.NotDefault, 256, 256),
        new(0xC09C, "AES128-CCM", "TLS_RSA_WITH_AES_128_CCM", K.Rsa, A.Rsa, E.Aes128Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC09D, "AES256-CCM", "TLS_RSA_WITH_AES_256_CCM", K.Rsa, A.Rsa, E.Aes256Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC09E, "DHE-RSA-AES128-CCM", "TLS_DHE_RSA_WITH_AES_128_CCM", K.Dhe, A.Rsa, E.Aes128Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC09F, "DHE-RSA-AES256-CCM", "TLS_DHE_RSA_WITH_AES_256_CCM", K.Dhe, A.Rsa, E.Aes256Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0A0, "AES128-CCM8", "TLS_RSA_WITH_AES_128_CCM_8", K.Rsa, A.Rsa, E.Aes128Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0A1, "AES256-CCM8", "TLS_RSA_WITH_AES_256_CCM_8", K.Rsa, A.Rsa, E.Aes256Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0A2, "DHE-RSA-AES128-CCM8", "TLS_DHE_RSA_WITH_AES_128_CCM_8", K.Dhe, A.Rsa, E.Aes128Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0A3, "DHE-RSA-AES256-CCM8", "TLS_DHE_RSA_WITH_AES_256_CCM_8", K.Dhe, A.Rsa, E.Aes256Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0A4, "PSK-AES128-CCM", "TLS_PSK_WITH_AES_128_CCM", K.Psk, A.Psk, E.Aes128Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0A5, "PSK-AES256-CCM", "TLS_PSK_WITH_AES_256_CCM", K.Psk, A.Psk, E.Aes256Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0A6, "DHE-PSK-AES128-CCM", "TLS_DHE_PSK_WITH_AES_128_CCM", K.DhePsk, A.Psk, E.Aes128Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0A7, "DHE-PSK-AES256-CCM", "TLS_DHE_PSK_WITH_AES_256_CCM", K.DhePsk, A.Psk, E.Aes256Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0A8, "PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8", K.Psk, A.Psk, E.Aes128Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0A9, "PSK-AES256-CCM8", "TLS_PSK_WITH_AES_256_CCM_8", K.Psk, A.Psk, E.Aes256Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0AA, "DHE-PSK-AES128-CCM8", "TLS_PSK_DHE_WITH_AES_128_CCM_8", K.DhePsk, A.Psk, E.Aes128Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0AB, "DHE-PSK-AES256-CCM8", "TLS_PSK_DHE_WITH_AES_256_CCM_8", K.DhePsk, A.Psk, E.Aes256Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0AC, "ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", K.Ecdhe, A.Ecdsa, E.Aes128Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0AD, "ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", K.Ecdhe, A.Ecdsa, E.Aes256Ccm, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xC0AE, "ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", K.Ecdhe, A.Ecdsa, E.Aes128Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 128, 128),
        new(0xC0AF, "ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", K.Ecdhe, A.Ecdsa, E.Aes256Ccm8, M.Aead, V.Tls12, S.High | S.NotDefault, 256, 256),
        new(0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K.Ecdhe, A.Rsa, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", K.Ecdhe, A.Ecdsa, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCAA, "DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K.Dhe, A.Rsa, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCAB, "PSK-CHACHA20-POLY1305", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", K.Psk, A.Psk, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", K.EcdhePsk, A.Psk, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCAD, "DHE-PSK-CHACHA20-POLY1305", "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", K.DhePsk, A.Psk, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xCCAE, "RSA-PSK-CHACHA20-POLY1305", "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", K.RsaPsk, A.Rsa, E.ChaCha20Poly1305, M.Aead, V.Tls12, S.High, 256, 256),
        new(0xFF85, "GOST2012-GOST8912-GOST8912", "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", K.Gost, A.Gost12 | A.Gost01, E.Gost89With2012Parameters, M.Gost89MacWith2012Parameters, V.Tls10, S.High, 256, 256, Gost),
        new(0xFF87, "GOST2012-NULL-GOST12", "TLS_GOSTR341112_256_WITH_NULL_GOSTR3411", K.Gost, A.Gost12 | A.Gost01, E.Null, M.Gost12With256, V.Tls10, S.StrongNone, 0, 0, Gost),
    ];

    /// <summary>The TLS 1.3 suites OpenSSL 3.0 knows, ordered by identifier.</summary>
    public static IReadOnlyList<CipherSuite> Tls13 { get; } =
    [
        new(0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", K.Any, A.Any, E.Aes128Gcm, M.Aead, V.Tls13, S.High, 128, 128),
        new(0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", K.Any, A.Any, E.Aes256Gcm, M.Aead, V.Tls13, S.High, 256, 256),
        new(0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", K.Any, A.Any, E.ChaCha20Poly1305, M.Aead, V.Tls13, S.High, 256, 256),
        new(0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", K.Any, A.Any, E.Aes128Ccm, M.Aead, V.Tls13, S.High | S.NotDefault, 128, 128),
        new(0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", K.Any, A.Any, E.Aes128Ccm8, M.Aead, V.Tls13, S.High | S.NotDefault, 128, 128),
    ];

    /// <summary>
    /// OpenSSL 3.0's default TLS 1.3 suites in preference order (OSSL_default_ciphersuites, TLS_DEFAULT_CIPHERSUITES in
    /// include/openssl/ssl.h): TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256.
    /// </summary>
    public static IReadOnlyList<CipherSuite> Tls13Default { get; } = [Tls13[1], Tls13[2], Tls13[0]];

    // Declared after the tables: static initialisers run in textual order.
    private static readonly Dictionary<string, CipherSuite> ByName = BuildIndex(static suite => suite.Name);
    private static readonly Dictionary<string, CipherSuite> ByStandardName = BuildIndex(static suite => suite.StandardName);

    /// <summary>Finds a suite (any version) by its OpenSSL name, case-sensitively as OpenSSL does; null when unknown.</summary>
    public static CipherSuite? FindByName(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Finds a suite (any version) by its IANA name; null when unknown.</summary>
    public static CipherSuite? FindByStandardName(string standardName) => ByStandardName.GetValueOrDefault(standardName);

    /// <summary>Finds a suite (any version) by its two-byte identifier; null when unknown.</summary>
    public static CipherSuite? FindById(int id) =>
        Tls12AndBelow.FirstOrDefault(suite => suite.Id == id) ?? Tls13.FirstOrDefault(suite => suite.Id == id);

    private static Dictionary<string, CipherSuite> BuildIndex(Func<CipherSuite, string> key)
    {
        var index = new Dictionary<string, CipherSuite>(StringComparer.Ordinal);
        foreach (var suite in Tls12AndBelow.Concat(Tls13))
        {
            index.TryAdd(key(suite), suite);
        }

        return index;
    }
}
