using System.Collections.Immutable;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Apache httpd 2.4's documented defaults for the TLS settings the model reports
/// (https://httpd.apache.org/docs/2.4/mod/mod_ssl.html, each directive's "Default" line).
/// </summary>
public static class ApacheDefaults
{
    /// <summary>The default <c>SSLProtocol</c> as the documentation writes it.</summary>
    public const string ProtocolDirective = "all -SSLv3";

    /// <summary>
    /// The default <c>SSLCipherSuite</c>: mod_ssl sets no list, so OpenSSL's own <c>DEFAULT</c> applies (the
    /// documentation: "Default: SSLCipherSuite DEFAULT (depends on OpenSSL version)").
    /// </summary>
    public const string Ciphers = "DEFAULT";

    /// <summary>The default of <c>SSLSessionTickets</c>: on (directive added in 2.4.11).</summary>
    public const bool SessionTickets = true;

    /// <summary>The default of <c>SSLUseStapling</c>: off.</summary>
    public const bool Stapling = false;

    /// <summary>The default of <c>SSLHonorCipherOrder</c>: off.</summary>
    public const bool HonorCipherOrder = false;

    /// <summary>The default of <c>SSLCompression</c>: off (since 2.4.3; on before).</summary>
    public const bool Compression = false;

    /// <summary>The default of <c>SSLInsecureRenegotiation</c>: off.</summary>
    public const bool InsecureRenegotiation = false;

    /// <summary>
    /// The protocols <c>SSLProtocol all</c> enables: TLSv1, TLSv1.1, TLSv1.2 and, with OpenSSL 1.1.1 or later, TLSv1.3.
    /// SSLv3 is in <c>all</c> only where OpenSSL was built with it, which OpenSSL has not done by default since 1.1.0
    /// (its "ssl3" build option is off by default), and the documented default removes it anyway.
    /// </summary>
    public static ImmutableArray<TlsProtocol> All { get; } = [TlsProtocol.Tls10, TlsProtocol.Tls11, TlsProtocol.Tls12, TlsProtocol.Tls13];

    /// <summary>
    /// The protocols enabled when no <c>SSLProtocol</c> applies, for <paramref name="version"/>: <c>all -SSLv3</c>
    /// (before 2.4.17 the documented default was <c>all</c>, which on an OpenSSL without SSLv3 is the same set).
    /// </summary>
    public static ImmutableArray<TlsProtocol> Protocols(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return All;
    }

    /// <summary>Parses an <c>SSLProtocol</c> name (compared ignoring case, as mod_ssl's <c>strcEQ</c> does); null when unknown.</summary>
    public static TlsProtocol? ParseProtocol(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var protocol in new[] { TlsProtocol.Ssl2, TlsProtocol.Ssl3, TlsProtocol.Tls10, TlsProtocol.Tls11, TlsProtocol.Tls12, TlsProtocol.Tls13 })
        {
            if (protocol.ToConfigurationName().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return protocol;
            }
        }

        return null;
    }
}
