using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2009: a name the site serves is not among the certificate's names, so browsers refuse it for that name.</summary>
public sealed class EA2009CertificateDoesNotCoverHost : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2009",
        "Certificate does not cover host",
        "{0}",
        Severity.Error,
        "Every name a TLS site answers to must be in its certificate's subject alternative names (RFC 6125 matching: a wildcard covers exactly one label). A name that is not covered gives every visitor a certificate error, which trains them to click through warnings, or makes the site unreachable under that name.",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Domain name on certificate", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Pem]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <summary>Whether a server name is a host name to check (not a regular expression, the catch-all "_" or a suffix wildcard).</summary>
    public static bool IsCheckable(string serverName)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        return serverName.Length > 0 && serverName != "_" && !serverName.StartsWith('~') && !serverName.EndsWith(".*", StringComparison.Ordinal) && !serverName.Contains('$', StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="certificate"/> covers nginx server name <paramref name="serverName"/>.</summary>
    public static bool Covers(CertificateInfo certificate, string serverName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(serverName);
        if (serverName.StartsWith("*.", StringComparison.Ordinal))
        {
            // An nginx wildcard name is served by a certificate with the same wildcard.
            return certificate.DnsNames.Any(n => n.Equals(serverName, StringComparison.OrdinalIgnoreCase));
        }

        // ".example.org" is example.org and its subdomains: the certificate must cover at least the apex.
        return CertificateHostNameMatcher.Matches(certificate, serverName.StartsWith('.') ? serverName[1..] : serverName);
    }

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

            foreach (var reference in endpoint.Certificates.Where(c => c.Leaf is not null))
            {
                var leaf = reference.Leaf!;
                foreach (var name in endpoint.Site.ServerNames.Where(n => IsCheckable(n.Value)))
                {
                    if (Covers(leaf, name.Value))
                    {
                        continue;
                    }

                    var names = leaf.DnsNames.Count > 0 ? string.Join(", ", leaf.DnsNames) : $"no DNS names (subject '{leaf.Subject}')";
                    ctx.Report(Finding.Create(
                        Rule,
                        Rule.DefaultSeverity,
                        name.Location,
                        $"server_name/{name.Value}/{reference.ResolvedPath}",
                        [new RelatedLocation(reference.Chain!.GetLocation(leaf), "The certificate served")],
                        $"The site answers to '{name.Value}', but its certificate {reference.ResolvedPath} covers {names}. Add the name to the certificate or serve it from another {(endpoint.Site.IsApache ? "virtual host" : "server block")}."));
                }
            }
        });
    }
}
