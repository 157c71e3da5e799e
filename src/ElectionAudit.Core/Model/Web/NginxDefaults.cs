using System.Collections.Immutable;

namespace ElectionAudit.Model.Web;

/// <summary>
/// nginx's documented defaults for the TLS settings the model reports, by version
/// (https://nginx.org/en/docs/http/ngx_http_ssl_module.html and https://nginx.org/en/CHANGES).
/// </summary>
public static class NginxDefaults
{
    /// <summary>The default <c>ssl_ciphers</c> (documented default since 1.0.5).</summary>
    public const string Ciphers = "HIGH:!aNULL:!MD5";

    /// <summary>
    /// The protocols nginx enables when no <c>ssl_protocols</c> applies, for <paramref name="version"/>:
    /// SSLv3 TLSv1 TLSv1.1 TLSv1.2 from 1.1.13/1.0.12; SSLv3 dropped in 1.9.1 ("now SSLv3 protocol is disabled by
    /// default"); TLSv1.3 added in 1.23.4 ("now TLSv1.3 protocol is enabled by default"); TLSv1 and TLSv1.1 dropped in
    /// 1.27.3 ("now TLSv1 and TLSv1.1 protocols are disabled by default", nginx/nginx pull request 252), so
    /// NGX_SSL_DEFAULT_PROTOCOLS is TLSv1.2|TLSv1.3 in src/event/ngx_event_openssl.h today.
    /// </summary>
    public static ImmutableArray<TlsProtocol> Protocols(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version >= new Version(1, 27, 3))
        {
            return [TlsProtocol.Tls12, TlsProtocol.Tls13];
        }

        if (version >= new Version(1, 23, 4))
        {
            return [TlsProtocol.Tls10, TlsProtocol.Tls11, TlsProtocol.Tls12, TlsProtocol.Tls13];
        }

        if (version >= new Version(1, 9, 1))
        {
            return [TlsProtocol.Tls10, TlsProtocol.Tls11, TlsProtocol.Tls12];
        }

        bool hasTls12Default = version >= new Version(1, 1, 13) || (version.Major == 1 && version.Minor == 0 && version.Build >= 12);
        return hasTls12Default
            ? [TlsProtocol.Ssl3, TlsProtocol.Tls10, TlsProtocol.Tls11, TlsProtocol.Tls12]
            : [TlsProtocol.Ssl3, TlsProtocol.Tls10];
    }

    /// <summary>The default of <c>ssl_session_tickets</c>: on (in every version that has the directive, 1.5.9 and later).</summary>
    public const bool SessionTickets = true;

    /// <summary>The default of <c>ssl_early_data</c>: off.</summary>
    public const bool EarlyData = false;

    /// <summary>The default of <c>ssl_stapling</c>: off.</summary>
    public const bool Stapling = false;

    /// <summary>The default of <c>ssl_prefer_server_ciphers</c>: off.</summary>
    public const bool PreferServerCiphers = false;
}
