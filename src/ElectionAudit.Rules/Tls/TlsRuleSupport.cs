using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.Tls;

/// <summary>What the TLS rules share: which endpoints to judge, and how to list suites in messages.</summary>
internal static class TlsRuleSupport
{
    /// <summary>The option naming the nginx version whose defaults apply when the descriptor declares none.</summary>
    public const string NginxVersionOption = "nginx-version";

    /// <summary>The option's declaration, shared by the rules whose findings can rest on a versioned default.</summary>
    public static RuleOption NginxVersion { get; } = new(
        NginxVersionOption,
        "The nginx version whose documented defaults apply when the descriptor's software list declares none, for example 1.26.3. Empty: the current stable release (1.30). Apache sites ignore it: their version comes from the software list (name apache, apache2 or httpd), else Apache 2.4.",
        string.Empty);

    /// <summary>Whether a rule should judge the endpoint: it serves TLS and does not reject every handshake.</summary>
    public static bool IsServing(TlsEndpoint endpoint) => !endpoint.RejectsHandshake.Value;

    /// <summary>
    /// Whether TLS 1.2 or an older protocol is enabled, so that the cipher string matters at all. False when the
    /// protocols are a placeholder (see <see cref="EffectiveValue{T}.IsUnknown"/>): the rules that ask stay silent.
    /// </summary>
    public static bool NegotiatesTls12OrBelow(TlsEndpoint endpoint, WebServerVersion version) =>
        endpoint.GetProtocols(version) is { IsUnknown: false } protocols && protocols.Value.Any(p => p.Value <= TlsProtocol.Tls12);

    /// <summary>Whether the scan knows the suites: neither the cipher string nor the TLS 1.3 suites are a placeholder.</summary>
    public static bool CiphersKnown(TlsEndpoint endpoint) => !endpoint.CipherString.IsUnknown && !endpoint.Tls13CipherSuites.IsUnknown;

    /// <summary>
    /// Suites nginx can actually negotiate from the expansion: PSK and SRP suites need callbacks nginx never installs,
    /// so OpenSSL never selects them for an nginx server.
    /// </summary>
    public static IEnumerable<CipherSuite> NegotiableSuites(CipherExpansion expansion) =>
        expansion.Suites.Where(s => !s.UsesPsk && !s.UsesSrp);

    /// <summary>A short list of suite names for a message: up to five, then how many more.</summary>
    public static string List(IReadOnlyCollection<CipherSuite> suites)
    {
        var names = suites.Select(s => s.Name).Take(5).ToList();
        return suites.Count > names.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", names)} and {suites.Count - names.Count} more")
            : string.Join(", ", names);
    }

    /// <summary>Where a value comes from, for a message: "ssl_ciphers" at its place, or the default's description.</summary>
    public static string Origin<T>(EffectiveValue<T> value) => value.IsDefault ? value.DefaultDescription! : value.DescribeOrigin();

    /// <summary>
    /// The version whose defaults apply to the endpoint's server: the descriptor's, else (for nginx only) the
    /// <c>nginx-version</c> option, else the current stable release of that server.
    /// </summary>
    public static WebServerVersion ResolveVersion(TlsEndpoint endpoint, string? nginxVersionOption) =>
        endpoint.Site.ResolveVersion(endpoint.Site.IsApache ? null : nginxVersionOption);

    /// <summary>The server's name for a directive: nginx's or Apache's, depending on where the site comes from.</summary>
    public static string Directive(WebSite site, string nginx, string apache) => site.IsApache ? apache : nginx;

    /// <summary>Where a missing directive goes, for messages: "this server or its http block", or Apache's equivalent.</summary>
    public static string Placement(WebSite site) =>
        site.IsApache ? "this <VirtualHost> or the main server configuration" : "this server or its http block";

    /// <summary>For a value set inside a condition the configuration cannot decide (Apache &lt;IfModule&gt;), a sentence saying so; else empty.</summary>
    public static string MayApply<T>(EffectiveValue<T> value) =>
        value.IsConditional ? $" The directive is inside {value.Condition}, so it applies only if that condition holds; this finding assumes it does." : string.Empty;

    /// <summary>
    /// Where to report a problem with a cipher string: its argument (nginx <c>ssl_ciphers</c>; Apache
    /// <c>SSLCipherSuite</c> or <c>SSLOpenSSLConfCmd CipherString</c>, the last argument), or the value's location.
    /// </summary>
    public static Text.Location CipherLocation(EffectiveValue<string> value) => value.Directive switch
    {
        Syntax.Nginx.NginxDirectiveSyntax { Arguments.Length: 1 } nginx => nginx.Arguments[0].GetLocation(),
        Syntax.Apache.ApacheDirectiveSyntax { Arguments.Length: > 0 } apache => apache.Tree.Source.GetLocation(apache.Arguments[^1].Span),
        _ => value.Location,
    };

    /// <summary>A date for messages.</summary>
    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
