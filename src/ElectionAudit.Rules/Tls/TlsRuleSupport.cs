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
        "The nginx version whose documented defaults apply when the descriptor's software list declares none, for example 1.26.3. Empty: the current stable release (1.30).",
        string.Empty);

    /// <summary>Whether a rule should judge the endpoint: it serves TLS and does not reject every handshake.</summary>
    public static bool IsServing(TlsEndpoint endpoint) => !endpoint.RejectsHandshake.Value;

    /// <summary>Whether TLS 1.2 or an older protocol is enabled, so that the cipher string matters at all.</summary>
    public static bool NegotiatesTls12OrBelow(TlsEndpoint endpoint, WebServerVersion version) =>
        endpoint.GetProtocols(version).Value.Any(p => p.Value <= TlsProtocol.Tls12);

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

    /// <summary>A date for messages.</summary>
    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
