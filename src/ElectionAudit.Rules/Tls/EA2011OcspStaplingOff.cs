using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2011: the certificate names an OCSP responder, but the site does not staple OCSP responses.</summary>
public sealed class EA2011OcspStaplingOff : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2011",
        "OCSP stapling off",
        "{0}",
        Severity.Note,
        "When the certificate names an OCSP responder, stapling lets the server hand browsers a fresh revocation status, so visitors do not depend on (or leak their visits to) the CA's responder, and a revoked certificate is noticed. nginx needs both \"ssl_stapling on\" and a \"resolver\" to fetch the responses. Certificates without an OCSP address (for example Let's Encrypt's since 2025) are not judged.",
        2.0,
        RulePrecision.High,
        [
            new(TraceSource.Mozilla, "OCSP stapling", TraceMapping.Explicit),
            new(TraceSource.InternetNl, "OCSP stapling", TraceMapping.Explicit),
            new(TraceSource.Other, "NCSC-NL TLS guidelines", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.7", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.10", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Pem]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<TlsEndpoint>(ctx =>
        {
            var endpoint = ctx.Element;
            var withOcsp = endpoint.Certificates.FirstOrDefault(c => c.Leaf is { OcspUrls.Count: > 0 });
            if (!TlsRuleSupport.IsServing(endpoint) || withOcsp is null)
            {
                return;
            }

            var related = new[] { new RelatedLocation(withOcsp.Chain!.GetLocation(withOcsp.Leaf!), $"The certificate names the OCSP responder {withOcsp.Leaf!.OcspUrls[0]}") };
            var stapling = endpoint.Stapling;
            if (stapling.IsUnknown)
            {
                return;
            }

            if (!stapling.Value)
            {
                bool apache = endpoint.Site.IsApache;
                var origin = stapling.IsDefault
                    ? (apache ? $"OCSP stapling is off ({stapling.DefaultDescription})" : "OCSP stapling is off (nginx's default)")
                    : apache ? "\"SSLUseStapling off\" turns OCSP stapling off" : "\"ssl_stapling off\" turns OCSP stapling off";
                var fix = apache
                    ? "Add \"SSLUseStapling on\" to this virtual host and an \"SSLStaplingCache\" (for example shmcb:/var/run/ocsp(128000)) to the main server configuration."
                    : "Add \"ssl_stapling on;\", \"ssl_stapling_verify on;\" and a \"resolver\".";
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, stapling.Location, stapling.IsDefault ? endpoint.Key + "/stapling" : "stapling", related, $"{origin}, although the certificate names an OCSP responder. {fix}{TlsRuleSupport.MayApply(stapling)}"));
            }
            else if (!endpoint.Site.IsApache && endpoint.Resolver.Value.Count == 0)
            {
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, stapling.Location, "stapling/resolver", related, "\"ssl_stapling on\" has no effect without a \"resolver\": nginx cannot reach the OCSP responder. Add a resolver to this server or its http block."));
            }
        });
    }
}
