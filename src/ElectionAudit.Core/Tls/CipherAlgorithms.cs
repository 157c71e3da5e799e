namespace ElectionAudit.Tls;

// The bit values below mirror OpenSSL 3.0's ssl/ssl_local.h (SSL_k*, SSL_a*, SSL_e*/SSL_AES*, SSL_MD5...,
// SSL_HIGH...). Keeping the same bits matters: cipher-string aliases such as ALL (every encryption
// except eNULL) or EDH (kDHE with any authentication except aNULL) are complements and intersections
// of these masks, and the expansion in CipherString combines them exactly as ssl_ciph.c does.

/// <summary>Key exchange algorithms of TLS cipher suites, as OpenSSL classifies them (its <c>SSL_k*</c> bits).</summary>
[Flags]
public enum KeyExchangeAlgorithms : uint
{
    /// <summary>No specific key exchange: TLS 1.3 suites, which negotiate it separately (OpenSSL prints <c>any</c>).</summary>
    Any = 0,

    /// <summary>RSA key transport (kRSA): no forward secrecy.</summary>
    Rsa = 0x1,

    /// <summary>Ephemeral finite-field Diffie-Hellman (kDHE, kEDH).</summary>
    Dhe = 0x2,

    /// <summary>Ephemeral elliptic-curve Diffie-Hellman (kECDHE, kEECDH).</summary>
    Ecdhe = 0x4,

    /// <summary>Plain pre-shared key (kPSK).</summary>
    Psk = 0x8,

    /// <summary>GOST R 34.10 key transport (kGOST).</summary>
    Gost = 0x10,

    /// <summary>Secure Remote Password (kSRP).</summary>
    Srp = 0x20,

    /// <summary>RSA key transport with a pre-shared key (kRSAPSK).</summary>
    RsaPsk = 0x40,

    /// <summary>ECDHE with a pre-shared key (kECDHEPSK).</summary>
    EcdhePsk = 0x80,

    /// <summary>DHE with a pre-shared key (kDHEPSK).</summary>
    DhePsk = 0x100,

    /// <summary>GOST 2018 key exchange (kGOST18).</summary>
    Gost18 = 0x200,
}

/// <summary>Server authentication algorithms of TLS cipher suites (OpenSSL's <c>SSL_a*</c> bits).</summary>
[Flags]
public enum AuthenticationAlgorithms : uint
{
    /// <summary>No specific authentication: TLS 1.3 suites (OpenSSL prints <c>any</c>).</summary>
    Any = 0,

    /// <summary>RSA signatures (aRSA).</summary>
    Rsa = 0x1,

    /// <summary>DSA signatures (aDSS).</summary>
    Dss = 0x2,

    /// <summary>No authentication at all (aNULL): anonymous suites, open to man-in-the-middle attacks.</summary>
    Anonymous = 0x4,

    /// <summary>ECDSA signatures (aECDSA).</summary>
    Ecdsa = 0x8,

    /// <summary>Pre-shared key (aPSK).</summary>
    Psk = 0x10,

    /// <summary>GOST R 34.10-2001 (aGOST01).</summary>
    Gost01 = 0x20,

    /// <summary>Secure Remote Password (aSRP).</summary>
    Srp = 0x40,

    /// <summary>GOST R 34.10-2012 (aGOST12).</summary>
    Gost12 = 0x80,
}

/// <summary>Bulk encryption algorithms of TLS cipher suites (OpenSSL's <c>SSL_DES</c> ... <c>SSL_KUZNYECHIK</c> bits).</summary>
[Flags]
public enum EncryptionAlgorithms : uint
{
    /// <summary>No value.</summary>
    None = 0,

    /// <summary>Single DES, 56-bit.</summary>
    Des = 0x1,

    /// <summary>Triple DES (EDE, CBC).</summary>
    TripleDes = 0x2,

    /// <summary>RC4 stream cipher.</summary>
    Rc4 = 0x4,

    /// <summary>RC2.</summary>
    Rc2 = 0x8,

    /// <summary>IDEA.</summary>
    Idea = 0x10,

    /// <summary>No encryption (eNULL).</summary>
    Null = 0x20,

    /// <summary>AES-128 in CBC mode.</summary>
    Aes128 = 0x40,

    /// <summary>AES-256 in CBC mode.</summary>
    Aes256 = 0x80,

    /// <summary>Camellia-128 in CBC mode.</summary>
    Camellia128 = 0x100,

    /// <summary>Camellia-256 in CBC mode.</summary>
    Camellia256 = 0x200,

    /// <summary>GOST 28147-89 in counter mode.</summary>
    Gost89 = 0x400,

    /// <summary>SEED in CBC mode.</summary>
    Seed = 0x800,

    /// <summary>AES-128-GCM.</summary>
    Aes128Gcm = 0x1000,

    /// <summary>AES-256-GCM.</summary>
    Aes256Gcm = 0x2000,

    /// <summary>AES-128-CCM.</summary>
    Aes128Ccm = 0x4000,

    /// <summary>AES-256-CCM.</summary>
    Aes256Ccm = 0x8000,

    /// <summary>AES-128-CCM with an 8-byte tag.</summary>
    Aes128Ccm8 = 0x10000,

    /// <summary>AES-256-CCM with an 8-byte tag.</summary>
    Aes256Ccm8 = 0x20000,

    /// <summary>GOST 28147-89 in counter mode, 2012 parameters.</summary>
    Gost89With2012Parameters = 0x40000,

    /// <summary>ChaCha20-Poly1305.</summary>
    ChaCha20Poly1305 = 0x80000,

    /// <summary>ARIA-128-GCM.</summary>
    Aria128Gcm = 0x100000,

    /// <summary>ARIA-256-GCM.</summary>
    Aria256Gcm = 0x200000,

    /// <summary>GOST R 34.12-2015 Magma.</summary>
    Magma = 0x400000,

    /// <summary>GOST R 34.12-2015 Kuznyechik.</summary>
    Kuznyechik = 0x800000,

    /// <summary>Every AES-GCM variant (OpenSSL's SSL_AESGCM).</summary>
    AesGcm = Aes128Gcm | Aes256Gcm,

    /// <summary>Every AES-CCM variant including CCM8 (SSL_AESCCM).</summary>
    AesCcm = Aes128Ccm | Aes256Ccm | Aes128Ccm8 | Aes256Ccm8,

    /// <summary>Every AES variant (SSL_AES).</summary>
    Aes = Aes128 | Aes256 | AesGcm | AesCcm,

    /// <summary>Both Camellia variants (SSL_CAMELLIA).</summary>
    Camellia = Camellia128 | Camellia256,

    /// <summary>Both ARIA-GCM variants (SSL_ARIA).</summary>
    Aria = Aria128Gcm | Aria256Gcm,

    /// <summary>Every CBC-mode block cipher (SSL_CBC, OpenSSL 3.0).</summary>
    Cbc = Des | TripleDes | Rc2 | Idea | Aes128 | Aes256 | Camellia128 | Camellia256 | Seed,
}

/// <summary>Record protection MAC of TLS cipher suites (OpenSSL's <c>SSL_MD5</c> ... bits); AEAD suites have <see cref="Aead"/>.</summary>
[Flags]
public enum MacAlgorithms : uint
{
    /// <summary>No value.</summary>
    None = 0,

    /// <summary>HMAC-MD5.</summary>
    Md5 = 0x1,

    /// <summary>HMAC-SHA1.</summary>
    Sha1 = 0x2,

    /// <summary>GOST R 34.11-94.</summary>
    Gost94 = 0x4,

    /// <summary>GOST 28147-89 MAC.</summary>
    Gost89Mac = 0x8,

    /// <summary>HMAC-SHA256.</summary>
    Sha256 = 0x10,

    /// <summary>HMAC-SHA384.</summary>
    Sha384 = 0x20,

    /// <summary>The cipher is an AEAD; there is no separate MAC.</summary>
    Aead = 0x40,

    /// <summary>GOST R 34.11-2012, 256-bit.</summary>
    Gost12With256 = 0x80,

    /// <summary>GOST 28147-89 MAC, 2012 parameters.</summary>
    Gost89MacWith2012Parameters = 0x100,

    /// <summary>GOST R 34.11-2012, 512-bit.</summary>
    Gost12With512 = 0x200,

    /// <summary>Magma OMAC.</summary>
    MagmaOmac = 0x400,

    /// <summary>Kuznyechik OMAC.</summary>
    KuznyechikOmac = 0x800,
}

/// <summary>OpenSSL's strength classes and flags for a suite (<c>algo_strength</c>: SSL_STRONG_NONE ... SSL_NOT_DEFAULT).</summary>
[Flags]
public enum CipherStrengthClasses : uint
{
    /// <summary>No value.</summary>
    None = 0,

    /// <summary>No encryption (STRONG_NONE): the eNULL suites.</summary>
    StrongNone = 0x1,

    /// <summary>The LOW class (64-bit and weaker; none remain in OpenSSL 3.0).</summary>
    Low = 0x2,

    /// <summary>The MEDIUM class (3DES, RC4, IDEA, SEED in OpenSSL 3.0).</summary>
    Medium = 0x4,

    /// <summary>The HIGH class.</summary>
    High = 0x8,

    /// <summary>FIPS 140-2 approved suite (the FIPS alias).</summary>
    Fips = 0x10,

    /// <summary>Not part of DEFAULT (selected by COMPLEMENTOFDEFAULT).</summary>
    NotDefault = 0x20,
}

/// <summary>A protocol version, with the wire values TLS uses.</summary>
public enum TlsProtocolVersion
{
    /// <summary>SSL 3.0.</summary>
    Ssl30 = 0x0300,

    /// <summary>TLS 1.0.</summary>
    Tls10 = 0x0301,

    /// <summary>TLS 1.1.</summary>
    Tls11 = 0x0302,

    /// <summary>TLS 1.2.</summary>
    Tls12 = 0x0303,

    /// <summary>TLS 1.3.</summary>
    Tls13 = 0x0304,
}

/// <summary>Whether OpenSSL 3.0 offers a suite in its default build and configuration.</summary>
public enum CipherSuiteAvailability
{
    /// <summary>Present in a default OpenSSL 3.0 build with the default provider (what Debian ships).</summary>
    Default,

    /// <summary>Compiled in only with <c>enable-weak-ssl-ciphers</c> (the 3DES and RC4 suites, guarded by OPENSSL_NO_WEAK_SSL_CIPHERS in ssl/s3_lib.c).</summary>
    RequiresWeakCipherBuild,

    /// <summary>Compiled in, but its cipher (IDEA, SEED) lives in the legacy provider, which is not loaded by default.</summary>
    RequiresLegacyProvider,

    /// <summary>Needs a GOST engine or provider.</summary>
    RequiresGostEngine,
}
