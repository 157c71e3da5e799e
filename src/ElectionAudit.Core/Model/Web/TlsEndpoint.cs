using System.Collections.Immutable;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Web;

/// <summary>
/// The TLS settings of one site as the server applies them: each an <see cref="EffectiveValue{T}"/> that says
/// whether a directive (at the server level, or inherited from <c>http</c>: for nginx's <c>ssl_*</c> directives the
/// nearest level that sets one wins) or the documented default of the assumed version applies.
/// </summary>
public sealed class TlsEndpoint : ModelElement
{
    private readonly Func<WebServerVersion, EffectiveValue<ImmutableArray<Located<TlsProtocol>>>> _protocols;

    internal TlsEndpoint(
        WebSite site,
        Func<WebServerVersion, EffectiveValue<ImmutableArray<Located<TlsProtocol>>>> protocols,
        EffectiveValue<string> cipherString,
        EffectiveValue<IReadOnlyList<CipherSuite>> tls13CipherSuites,
        IReadOnlyList<CertificateReference> certificates,
        EffectiveValue<DhParametersReference?> dhParameters,
        EffectiveValue<bool> stapling,
        EffectiveValue<IReadOnlyList<string>> resolver,
        EffectiveValue<bool> sessionTickets,
        EffectiveValue<bool> earlyData,
        EffectiveValue<bool> preferServerCiphers,
        EffectiveValue<bool> rejectHandshake)
    {
        Site = site;
        _protocols = protocols;
        CipherString = cipherString;
        Tls13CipherSuites = tls13CipherSuites;
        Certificates = certificates;
        DhParameters = dhParameters;
        Stapling = stapling;
        Resolver = resolver;
        SessionTickets = sessionTickets;
        EarlyData = earlyData;
        PreferServerCiphers = preferServerCiphers;
        RejectsHandshake = rejectHandshake;
    }

    /// <summary>The site.</summary>
    public WebSite Site { get; }

    /// <summary>The site's <c>server</c> keyword.</summary>
    public override Location Location => Site.Location;

    /// <inheritdoc />
    public override string Key => _key ??= Site.Key + "/tls";

    // Made once: findings about the endpoint start their logical keys with it, and keep it.
    private string? _key;

    /// <summary>
    /// The enabled protocols under the version <see cref="WebSite.ResolveVersion"/> gives without an option (the
    /// descriptor's, else the current stable release). Each protocol carries its argument's location; for a default,
    /// the site's.
    /// </summary>
    public EffectiveValue<ImmutableArray<Located<TlsProtocol>>> Protocols => GetProtocols(Site.ResolveVersion());

    /// <summary>The enabled protocols when the server is <paramref name="version"/> (defaults differ by version).</summary>
    public EffectiveValue<ImmutableArray<Located<TlsProtocol>>> GetProtocols(WebServerVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _protocols(version);
    }

    /// <summary>The OpenSSL cipher string for TLS 1.2 and below (nginx <c>ssl_ciphers</c>; default <c>HIGH:!aNULL:!MD5</c>).</summary>
    public EffectiveValue<string> CipherString { get; }

    /// <summary>The TLS 1.3 suites (nginx <c>ssl_conf_command Ciphersuites</c>; default OpenSSL's three).</summary>
    public EffectiveValue<IReadOnlyList<CipherSuite>> Tls13CipherSuites { get; }

    /// <summary>The cipher string expanded as a stock OpenSSL 3.0 does, with <see cref="Tls13CipherSuites"/> in front.</summary>
    public CipherExpansion Ciphers => ExpandCiphers();

    /// <summary>The cipher string expanded under other build assumptions (for example a build with the weak ciphers compiled in).</summary>
    public CipherExpansion ExpandCiphers(CipherExpansionOptions? options = null)
    {
        var effective = (options ?? CipherExpansionOptions.Default) with { Tls13Suites = Tls13CipherSuites.Value };
        return ExpansionMemo.Expand(CipherString.Value, effective);
    }

    /// <summary>The certificate files served (nginx allows several, for example RSA and ECDSA); empty when none applies.</summary>
    public IReadOnlyList<CertificateReference> Certificates { get; }

    /// <summary>The DH parameters for DHE suites (nginx <c>ssl_dhparam</c>); a null value means none, so nginx offers no DHE suite.</summary>
    public EffectiveValue<DhParametersReference?> DhParameters { get; }

    /// <summary>OCSP stapling (nginx <c>ssl_stapling</c>; default off).</summary>
    public EffectiveValue<bool> Stapling { get; }

    /// <summary>The DNS resolvers nginx uses to reach the OCSP responder (<c>resolver</c>); empty by default, which stops stapling from working.</summary>
    public EffectiveValue<IReadOnlyList<string>> Resolver { get; }

    /// <summary>Session tickets (nginx <c>ssl_session_tickets</c>; default on).</summary>
    public EffectiveValue<bool> SessionTickets { get; }

    /// <summary>TLS 1.3 0-RTT early data (nginx <c>ssl_early_data</c>; default off).</summary>
    public EffectiveValue<bool> EarlyData { get; }

    /// <summary>Server cipher preference (nginx <c>ssl_prefer_server_ciphers</c>; default off).</summary>
    public EffectiveValue<bool> PreferServerCiphers { get; }

    /// <summary>Whether the site rejects every handshake (nginx <c>ssl_reject_handshake on</c>): it serves no certificate and no content.</summary>
    public EffectiveValue<bool> RejectsHandshake { get; }

    /// <summary>TLS-level compression (Apache <c>SSLCompression</c>; default off), or null for a server without the setting (nginx always disables it).</summary>
    public EffectiveValue<bool>? Compression { get; internal set; }

    /// <summary>Insecure legacy renegotiation (Apache <c>SSLInsecureRenegotiation</c>; default off), or null for a server without the setting.</summary>
    public EffectiveValue<bool>? InsecureRenegotiation { get; internal set; }

    /// <summary>Certificates that were read and hold at least one certificate.</summary>
    public IEnumerable<CertificateChain> LoadedChains => Certificates.Select(c => c.Chain).OfType<CertificateChain>();
}

/// <summary>
/// Cipher strings expanded so far, by the string and the build assumptions. Sites of one repository share a handful of
/// cipher strings, and several rules ask each endpoint for its expansion: expanding every time was a tenth of a scan of
/// 4,000 generated files. An expansion depends on nothing else and is never changed, so one instance serves every caller.
/// </summary>
internal static class ExpansionMemo
{
    // Bounded so that a long-lived host scanning many repositories does not keep every string it ever saw.
    private const int MaxEntries = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string CipherString, bool Weak, bool Legacy, bool Gost, string Tls13), CipherExpansion> Expansions = new();

    public static CipherExpansion Expand(string cipherString, CipherExpansionOptions options)
    {
        var tls13 = options.Tls13Suites is { } suites ? string.Join(':', suites.Select(s => s.Name)) : "(default)";
        var key = (cipherString, options.IncludeWeakSslCiphers, options.LegacyProviderLoaded, options.GostEngineLoaded, tls13);
        if (Expansions.TryGetValue(key, out var expansion))
        {
            return expansion;
        }

        expansion = Tls.CipherString.Expand(cipherString, options);
        if (Expansions.Count < MaxEntries)
        {
            Expansions.TryAdd(key, expansion);
        }

        return expansion;
    }
}
