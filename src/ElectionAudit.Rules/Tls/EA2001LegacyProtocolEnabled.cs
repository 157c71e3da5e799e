using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2001: SSL 2/3 or TLS 1.0/1.1 enabled, or TLS 1.3 missing.</summary>
public sealed class EA2001LegacyProtocolEnabled : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2001",
        "Legacy protocol enabled",
        "{0}",
        Severity.Error,
        "SSL 3.0 and TLS 1.0/1.1 are broken or deprecated (RFC 7568, RFC 8996): an attacker on the network path can downgrade or decrypt connections to a site that still accepts them, and tamper with the results it shows. Only TLS 1.2 and TLS 1.3 should be enabled; a missing TLS 1.3 is a note. When no directive sets the protocols, the server's default for its version is judged, and the finding says which version was assumed.",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Mozilla, "Intermediate: TLS 1.2 and 1.3", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "TLS version", TraceMapping.Explicit),
            new(TraceSource.Other, "NCSC-NL TLS guidelines (TLS 1.0/1.1 phase out)", TraceMapping.Explicit),
            new(TraceSource.Other, "BSI TR-02102-2", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB46", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB83", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.5", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.4", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.4", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache],
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
            if (!TlsRuleSupport.IsServing(endpoint))
            {
                return;
            }

            var version = TlsRuleSupport.ResolveVersion(endpoint, ctx.Options.GetOption(Rule, TlsRuleSupport.NginxVersionOption));
            var site = endpoint.Site;
            var directive = TlsRuleSupport.Directive(site, "ssl_protocols", "SSLProtocol");
            var protocols = endpoint.GetProtocols(version);
            if (protocols.IsUnknown)
            {
                return;
            }

            var legacy = protocols.Value.Where(p => p.Value.IsLegacy()).ToList();
            var key = endpoint.Key;
            if (protocols.IsDefault)
            {
                if (legacy.Count > 0)
                {
                    var names = string.Join(" and ", legacy.Select(p => p.Value.ToConfigurationName()));
                    ctx.Report(Finding.Create(Rule, protocols.Scope, $"{key}/protocols/default-legacy", $"No {directive} applies to this {(site.IsApache ? "virtual host" : "server")}, so {protocols.DefaultDescription} is in effect, which enables {names}. Add \"{(site.IsApache ? "SSLProtocol -all +TLSv1.2 +TLSv1.3" : "ssl_protocols TLSv1.2 TLSv1.3;")}\" to {TlsRuleSupport.Placement(site)}."));
                }

                return;
            }

            foreach (var protocol in legacy)
            {
                var name = protocol.Value.ToConfigurationName();
                ctx.Report(Finding.Create(Rule, protocol.Location, $"protocols/{name}", $"{directive} enables {name}, which is obsolete and open to downgrade and decryption attacks. Enable only TLSv1.2 and TLSv1.3.{TlsRuleSupport.MayApply(protocols)}"));
            }

            if (!protocols.Value.Any(p => p.Value == TlsProtocol.Tls13))
            {
                ctx.Report(Finding.Create(Rule, Severity.Note, protocols.Location, "protocols/no-tls13", [], $"{directive} does not enable TLSv1.3, the version with only forward-secret, authenticated-encryption suites. Add TLSv1.3.{TlsRuleSupport.MayApply(protocols)}"));
            }
        });
    }
}
