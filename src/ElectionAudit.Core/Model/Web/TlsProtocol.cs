namespace ElectionAudit.Model.Web;

/// <summary>An SSL/TLS protocol version a server can be configured to accept.</summary>
public enum TlsProtocol
{
    /// <summary>SSL 2.0.</summary>
    Ssl2,

    /// <summary>SSL 3.0.</summary>
    Ssl3,

    /// <summary>TLS 1.0.</summary>
    Tls10,

    /// <summary>TLS 1.1.</summary>
    Tls11,

    /// <summary>TLS 1.2.</summary>
    Tls12,

    /// <summary>TLS 1.3.</summary>
    Tls13,
}

/// <summary>Names of <see cref="TlsProtocol"/> values.</summary>
public static class TlsProtocols
{
    /// <summary>The name nginx and Apache use for the protocol (<c>SSLv3</c>, <c>TLSv1</c>, <c>TLSv1.2</c> ...).</summary>
    public static string ToConfigurationName(this TlsProtocol protocol) => protocol switch
    {
        TlsProtocol.Ssl2 => "SSLv2",
        TlsProtocol.Ssl3 => "SSLv3",
        TlsProtocol.Tls10 => "TLSv1",
        TlsProtocol.Tls11 => "TLSv1.1",
        TlsProtocol.Tls12 => "TLSv1.2",
        _ => "TLSv1.3",
    };

    /// <summary>Whether the protocol is obsolete: SSL 2/3 and TLS 1.0/1.1 (RFC 6176, RFC 7568, RFC 8996).</summary>
    public static bool IsLegacy(this TlsProtocol protocol) => protocol < TlsProtocol.Tls12;

    /// <summary>Parses an nginx <c>ssl_protocols</c> parameter (case-sensitive, as nginx's bitmask parser compares); null when unknown.</summary>
    public static TlsProtocol? FromNginxName(string name) => name switch
    {
        "SSLv2" => TlsProtocol.Ssl2,
        "SSLv3" => TlsProtocol.Ssl3,
        "TLSv1" => TlsProtocol.Tls10,
        "TLSv1.1" => TlsProtocol.Tls11,
        "TLSv1.2" => TlsProtocol.Tls12,
        "TLSv1.3" => TlsProtocol.Tls13,
        _ => null,
    };
}
