using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2004: the DH group for DHE suites is too small (error), or not what the TLS profile accepts (warning).</summary>
public sealed class EA2004WeakDhParameters : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2004",
        "Weak DH parameters",
        "{0}",
        Severity.Error,
        "DHE key exchange is only as strong as its Diffie-Hellman group. A group under 2048 bits can be broken by a well-resourced attacker (Logjam). The sources differ above that: Mozilla's intermediate profile accepts 2048-bit groups, while internet.nl and NCSC-NL accept only the RFC 7919 groups and rate ffdhe2048 as phase-out; the ncsc-nl profile warns on self-generated groups and on ffdhe2048.",
        7.0,
        RulePrecision.High,
        [
            new(TraceSource.Mozilla, "Intermediate: ffdhe2048 (RFC 7919)", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "Key exchange parameters (RFC 7919 groups only)", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.6", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Pem],
        options: [TlsRuleSupport.NginxVersion]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<TlsEndpoint>(ctx =>
        {
            var endpoint = ctx.Element;
            var version = TlsRuleSupport.ResolveVersion(endpoint, ctx.Options.GetOption(Rule, TlsRuleSupport.NginxVersionOption));
            if (!TlsRuleSupport.IsServing(endpoint)
                || endpoint.DhParameters.Value is not { Parameters: { } parameters } reference
                || reference.ParametersLocation is not { } location
                || !TlsRuleSupport.NegotiatesTls12OrBelow(endpoint, version)
                || !TlsRuleSupport.CiphersKnown(endpoint))
            {
                return;
            }

            // Without a DHE suite in the cipher list the group is never used.
            var dhe = TlsRuleSupport.NegotiableSuites(endpoint.Ciphers).Where(s => (s.KeyExchange & KeyExchangeAlgorithms.Dhe) != 0).ToList();
            if (dhe.Count == 0)
            {
                return;
            }

            var group = parameters.KnownGroup is { } known ? $"the RFC 7919 group {known}" : $"a self-generated {parameters.PrimeBits}-bit group";
            if (parameters.PrimeBits < 2048)
            {
                ctx.Report(Finding.Create(Rule, location, "dhparam/size", $"These DH parameters are {group}, under 2048 bits, and DHE suites ({TlsRuleSupport.List(dhe)}) use them. Use ffdhe2048 or larger (ffdhe3072 for the ncsc-nl profile), or drop DHE suites."));
                return;
            }

            if (ctx.Options.TlsProfile != TlsProfile.NcscNl)
            {
                return;
            }

            if (parameters.KnownGroup is null)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, location, "dhparam/self-generated", [], $"These DH parameters are {group}; internet.nl and NCSC-NL accept only the RFC 7919 groups ffdhe3072, ffdhe4096, ffdhe6144 and ffdhe8192 (profile ncsc-nl)."));
            }
            else if (parameters.KnownGroup == "ffdhe2048")
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, location, "dhparam/phase-out", [], "These DH parameters are ffdhe2048, which internet.nl and NCSC-NL rate as phase-out (profile ncsc-nl). Use ffdhe3072 or larger, or drop DHE suites."));
            }
        });
    }
}
