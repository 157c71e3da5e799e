namespace ElectionAudit.Tls;

/// <summary>
/// One TLS cipher suite as OpenSSL 3.0 describes it (an <c>SSL_CIPHER</c> entry of ssl/s3_lib.c):
/// its OpenSSL and IANA names, wire identifier, algorithms, minimum protocol version and strength.
/// </summary>
/// <param name="Id">The two-byte IANA identifier (for example 0xC02F).</param>
/// <param name="Name">OpenSSL's name (for example <c>ECDHE-RSA-AES128-GCM-SHA256</c>).</param>
/// <param name="StandardName">The IANA / RFC name (for example <c>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</c>).</param>
/// <param name="KeyExchange">Key exchange.</param>
/// <param name="Authentication">Server authentication.</param>
/// <param name="Encryption">Bulk encryption.</param>
/// <param name="Mac">Record MAC, or <see cref="MacAlgorithms.Aead"/>.</param>
/// <param name="MinimumVersion">The oldest protocol version the suite can be used with (OpenSSL's <c>min_tls</c>).</param>
/// <param name="StrengthClasses">OpenSSL's strength class and flags.</param>
/// <param name="StrengthBits">Effective symmetric strength in bits (OpenSSL's <c>strength_bits</c>; 112 for 3DES).</param>
/// <param name="AlgorithmBits">Key size of the cipher in bits (OpenSSL's <c>alg_bits</c>; 168 for 3DES).</param>
/// <param name="Availability">Whether a default OpenSSL 3.0 offers the suite.</param>
public sealed record CipherSuite(
    int Id,
    string Name,
    string StandardName,
    KeyExchangeAlgorithms KeyExchange,
    AuthenticationAlgorithms Authentication,
    EncryptionAlgorithms Encryption,
    MacAlgorithms Mac,
    TlsProtocolVersion MinimumVersion,
    CipherStrengthClasses StrengthClasses,
    int StrengthBits,
    int AlgorithmBits,
    CipherSuiteAvailability Availability = CipherSuiteAvailability.Default)
{
    /// <summary>Whether this is a TLS 1.3 suite (configured apart from the cipher string, through <c>Ciphersuites</c>).</summary>
    public bool IsTls13 => MinimumVersion == TlsProtocolVersion.Tls13;

    /// <summary>Whether the suite uses an AEAD cipher (GCM, CCM, ChaCha20-Poly1305).</summary>
    public bool IsAead => (Mac & MacAlgorithms.Aead) != 0;

    /// <summary>
    /// Whether the key exchange is ephemeral, so that a stolen server key does not decrypt recorded traffic.
    /// TLS 1.3 suites always have it.
    /// </summary>
    public bool HasForwardSecrecy => IsTls13
        || (KeyExchange & (KeyExchangeAlgorithms.Dhe | KeyExchangeAlgorithms.Ecdhe | KeyExchangeAlgorithms.DhePsk | KeyExchangeAlgorithms.EcdhePsk)) != 0;

    /// <summary>Whether the suite does not encrypt at all (eNULL).</summary>
    public bool IsNull => Encryption == EncryptionAlgorithms.Null;

    /// <summary>Whether the server is not authenticated (aNULL): anonymous DH or ECDH.</summary>
    public bool IsAnonymous => Authentication == AuthenticationAlgorithms.Anonymous;

    /// <summary>
    /// Whether this is an export-grade suite (40- or 56-bit). OpenSSL removed them in 1.1.0, so no suite in this
    /// catalog is one; the property exists so that rules can ask the question without knowing that.
    /// </summary>
    public bool IsExport => StrengthBits is > 0 and < 64;

    /// <summary>Whether the suite uses RC4.</summary>
    public bool UsesRc4 => Encryption == EncryptionAlgorithms.Rc4;

    /// <summary>Whether the suite uses single DES.</summary>
    public bool UsesDes => Encryption == EncryptionAlgorithms.Des;

    /// <summary>Whether the suite uses triple DES.</summary>
    public bool UsesTripleDes => Encryption == EncryptionAlgorithms.TripleDes;

    /// <summary>Whether the suite uses HMAC-MD5.</summary>
    public bool UsesMd5 => Mac == MacAlgorithms.Md5;

    /// <summary>Whether the suite uses a pre-shared key.</summary>
    public bool UsesPsk => (KeyExchange & (KeyExchangeAlgorithms.Psk | KeyExchangeAlgorithms.RsaPsk | KeyExchangeAlgorithms.EcdhePsk | KeyExchangeAlgorithms.DhePsk)) != 0;

    /// <summary>Whether the suite uses SRP.</summary>
    public bool UsesSrp => KeyExchange == KeyExchangeAlgorithms.Srp;

    /// <summary>Effective symmetric strength in bits (same as <see cref="StrengthBits"/>).</summary>
    public int Strength => StrengthBits;

    /// <summary>OpenSSL's strength class: HIGH, MEDIUM, LOW or NONE.</summary>
    public string StrengthClassName => (StrengthClasses & (CipherStrengthClasses.High | CipherStrengthClasses.Medium | CipherStrengthClasses.Low)) switch
    {
        CipherStrengthClasses.High => "HIGH",
        CipherStrengthClasses.Medium => "MEDIUM",
        CipherStrengthClasses.Low => "LOW",
        _ => "NONE",
    };

    /// <summary>Whether the suite is part of OpenSSL's DEFAULT list (not NOT_DEFAULT and not eNULL).</summary>
    public bool IsInDefaultList => (StrengthClasses & CipherStrengthClasses.NotDefault) == 0 && !IsNull;

    /// <summary>The protocol column of <c>openssl ciphers -v</c>: SSLv3, TLSv1, TLSv1.2 or TLSv1.3.</summary>
    public string VersionLabel => MinimumVersion switch
    {
        TlsProtocolVersion.Ssl30 => "SSLv3",
        TlsProtocolVersion.Tls10 => "TLSv1",
        TlsProtocolVersion.Tls11 => "TLSv1.1",
        TlsProtocolVersion.Tls12 => "TLSv1.2",
        _ => "TLSv1.3",
    };

    /// <summary>The <c>Kx=</c> column of <c>openssl ciphers -v</c> (SSL_CIPHER_description in ssl/ssl_ciph.c).</summary>
    public string KeyExchangeLabel => KeyExchange switch
    {
        KeyExchangeAlgorithms.Rsa => "RSA",
        KeyExchangeAlgorithms.Dhe => "DH",
        KeyExchangeAlgorithms.Ecdhe => "ECDH",
        KeyExchangeAlgorithms.Psk => "PSK",
        KeyExchangeAlgorithms.RsaPsk => "RSAPSK",
        KeyExchangeAlgorithms.EcdhePsk => "ECDHEPSK",
        KeyExchangeAlgorithms.DhePsk => "DHEPSK",
        KeyExchangeAlgorithms.Srp => "SRP",
        KeyExchangeAlgorithms.Gost => "GOST",
        KeyExchangeAlgorithms.Gost18 => "GOST18",
        KeyExchangeAlgorithms.Any => "any",
        _ => "unknown",
    };

    /// <summary>The <c>Au=</c> column of <c>openssl ciphers -v</c>.</summary>
    public string AuthenticationLabel => Authentication switch
    {
        AuthenticationAlgorithms.Rsa => "RSA",
        AuthenticationAlgorithms.Dss => "DSS",
        AuthenticationAlgorithms.Anonymous => "None",
        AuthenticationAlgorithms.Ecdsa => "ECDSA",
        AuthenticationAlgorithms.Psk => "PSK",
        AuthenticationAlgorithms.Srp => "SRP",
        AuthenticationAlgorithms.Gost01 => "GOST01",
        AuthenticationAlgorithms.Gost12 | AuthenticationAlgorithms.Gost01 => "GOST12",
        AuthenticationAlgorithms.Any => "any",
        _ => "unknown",
    };

    /// <summary>The <c>Enc=</c> column of <c>openssl ciphers -v</c>, for example <c>AESGCM(256)</c>.</summary>
    public string EncryptionLabel => Encryption switch
    {
        EncryptionAlgorithms.Des => "DES(56)",
        EncryptionAlgorithms.TripleDes => "3DES(168)",
        EncryptionAlgorithms.Rc4 => "RC4(128)",
        EncryptionAlgorithms.Rc2 => "RC2(128)",
        EncryptionAlgorithms.Idea => "IDEA(128)",
        EncryptionAlgorithms.Null => "None",
        EncryptionAlgorithms.Aes128 => "AES(128)",
        EncryptionAlgorithms.Aes256 => "AES(256)",
        EncryptionAlgorithms.Aes128Gcm => "AESGCM(128)",
        EncryptionAlgorithms.Aes256Gcm => "AESGCM(256)",
        EncryptionAlgorithms.Aes128Ccm => "AESCCM(128)",
        EncryptionAlgorithms.Aes256Ccm => "AESCCM(256)",
        EncryptionAlgorithms.Aes128Ccm8 => "AESCCM8(128)",
        EncryptionAlgorithms.Aes256Ccm8 => "AESCCM8(256)",
        EncryptionAlgorithms.Camellia128 => "Camellia(128)",
        EncryptionAlgorithms.Camellia256 => "Camellia(256)",
        EncryptionAlgorithms.Aria128Gcm => "ARIAGCM(128)",
        EncryptionAlgorithms.Aria256Gcm => "ARIAGCM(256)",
        EncryptionAlgorithms.Seed => "SEED(128)",
        EncryptionAlgorithms.Gost89 or EncryptionAlgorithms.Gost89With2012Parameters => "GOST89(256)",
        EncryptionAlgorithms.Magma => "MAGMA",
        EncryptionAlgorithms.Kuznyechik => "KUZNYECHIK",
        EncryptionAlgorithms.ChaCha20Poly1305 => "CHACHA20/POLY1305(256)",
        _ => "unknown",
    };

    /// <summary>The <c>Mac=</c> column of <c>openssl ciphers -v</c>.</summary>
    public string MacLabel => Mac switch
    {
        MacAlgorithms.Md5 => "MD5",
        MacAlgorithms.Sha1 => "SHA1",
        MacAlgorithms.Sha256 => "SHA256",
        MacAlgorithms.Sha384 => "SHA384",
        MacAlgorithms.Aead => "AEAD",
        MacAlgorithms.Gost89Mac or MacAlgorithms.Gost89MacWith2012Parameters => "GOST89",
        MacAlgorithms.Gost94 => "GOST94",
        MacAlgorithms.Gost12With256 or MacAlgorithms.Gost12With512 => "GOST2012",
        _ => "unknown",
    };

    /// <summary>
    /// Whether OpenSSL 3.0's default security callback (ssl_security_default_callback, ssl/ssl_cert.c) lets the suite
    /// be used at <paramref name="securityLevel"/>: level 0 allows everything; from level 1 the suite needs at least
    /// 80/112/128/192/256 bits (levels 1 to 5), no aNULL and no MD5; above 160 bits SHA-1 MACs go; from level 3 only
    /// forward-secret suites remain.
    /// </summary>
    public bool IsAllowedAtSecurityLevel(int securityLevel)
    {
        if (securityLevel <= 0)
        {
            return true;
        }

        int minimumBits = securityLevel switch
        {
            1 => 80,
            2 => 112,
            3 => 128,
            4 => 192,
            _ => 256,
        };
        if (StrengthBits < minimumBits || IsAnonymous || UsesMd5)
        {
            return false;
        }

        if (minimumBits > 160 && Mac == MacAlgorithms.Sha1)
        {
            return false;
        }

        return securityLevel < 3 || HasForwardSecrecy;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
