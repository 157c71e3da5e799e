using ElectionAudit.Text;

namespace ElectionAudit.Tls;

/// <summary>Which optional parts of OpenSSL 3.0 the expansion assumes. The defaults describe a stock build with the default provider, as Debian ships it.</summary>
public sealed record CipherExpansionOptions
{
    /// <summary>The default options: a stock OpenSSL 3.0 with its default TLS 1.3 suites.</summary>
    public static CipherExpansionOptions Default { get; } = new();

    /// <summary>Whether OpenSSL was built with <c>enable-weak-ssl-ciphers</c>, which compiles in the 3DES and RC4 suites.</summary>
    public bool IncludeWeakSslCiphers { get; init; }

    /// <summary>Whether the legacy provider is loaded, which makes IDEA, SEED, RC4 (and single DES) usable.</summary>
    public bool LegacyProviderLoaded { get; init; }

    /// <summary>Whether a GOST engine is loaded.</summary>
    public bool GostEngineLoaded { get; init; }

    /// <summary>The TLS 1.3 suites configured separately (<c>Ciphersuites</c>); <see cref="CipherSuiteCatalog.Tls13Default"/> when null.</summary>
    public IReadOnlyList<CipherSuite>? Tls13Suites { get; init; }
}

/// <summary>What kind of problem a cipher string has.</summary>
public enum CipherStringDiagnosticKind
{
    /// <summary>A name that is neither a suite nor an alias OpenSSL knows; OpenSSL ignores it silently.</summary>
    UnknownName,

    /// <summary>A suite or alias OpenSSL knows, but this build does not offer (for example 3DES and RC4 in OpenSSL 3.0); ignored.</summary>
    UnavailableName,

    /// <summary>A <c>+</c> combination whose parts exclude each other (for example <c>aECDSA+aRSA</c>); OpenSSL ignores the whole element.</summary>
    ContradictoryCombination,

    /// <summary><c>DEFAULT</c> anywhere but at the very start: OpenSSL expands it only there and ignores it elsewhere.</summary>
    MisplacedDefault,

    /// <summary>A character OpenSSL cannot parse, or an empty element after an operator; OpenSSL rejects the whole string.</summary>
    InvalidCommand,

    /// <summary>An <c>@</c> command other than <c>@STRENGTH</c> and <c>@SECLEVEL=0</c>..<c>5</c>; OpenSSL rejects the whole string.</summary>
    InvalidSpecialCommand,

    /// <summary>The string selects no TLS 1.2-or-below suite; OpenSSL reports "no cipher match" and rejects it.</summary>
    NoCipherMatch,
}

/// <summary>A problem found in a cipher string.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Span">Where, as offsets into the cipher string (the whole string for <see cref="CipherStringDiagnosticKind.NoCipherMatch"/>).</param>
/// <param name="Message">A plain-English explanation.</param>
public sealed record CipherStringDiagnostic(CipherStringDiagnosticKind Kind, TextSpan Span, string Message)
{
    /// <summary>Whether OpenSSL refuses the whole string because of it (SSL_CTX_set_cipher_list fails, so nginx and Apache do not start).</summary>
    public bool IsError => Kind is CipherStringDiagnosticKind.InvalidCommand or CipherStringDiagnosticKind.InvalidSpecialCommand or CipherStringDiagnosticKind.NoCipherMatch;
}

/// <summary>The result of expanding a cipher string: the suites OpenSSL would offer, in its order.</summary>
public sealed class CipherExpansion
{
    internal CipherExpansion(string cipherString, IReadOnlyList<CipherSuite> suites, IReadOnlyList<CipherSuite> tls13Suites, IReadOnlyList<CipherStringDiagnostic> diagnostics, int? securityLevel)
    {
        CipherString = cipherString;
        Suites = suites;
        Tls13Suites = tls13Suites;
        Diagnostics = diagnostics;
        SecurityLevel = securityLevel;
    }

    /// <summary>The expanded string.</summary>
    public string CipherString { get; }

    /// <summary>The TLS 1.2-and-below suites in OpenSSL's preference order; empty when <see cref="IsRejected"/>.</summary>
    public IReadOnlyList<CipherSuite> Suites { get; }

    /// <summary>The TLS 1.3 suites OpenSSL puts in front of them (configured separately, through <c>Ciphersuites</c>).</summary>
    public IReadOnlyList<CipherSuite> Tls13Suites { get; }

    /// <summary>TLS 1.3 suites, then the others: the list <c>openssl ciphers -v</c> prints.</summary>
    public IEnumerable<CipherSuite> AllSuites => Tls13Suites.Concat(Suites);

    /// <summary>Problems found, in string order (a no-match error comes last).</summary>
    public IReadOnlyList<CipherStringDiagnostic> Diagnostics { get; }

    /// <summary>Whether OpenSSL rejects the string (an invalid command, or no suite selected).</summary>
    public bool IsRejected => Diagnostics.Any(static diagnostic => diagnostic.IsError);

    /// <summary>The security level set by an <c>@SECLEVEL=n</c> in the string, or null when the string sets none.</summary>
    public int? SecurityLevel { get; }
}
