using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2010: the served certificate is self-signed, or its file lacks the intermediates, or holds them out of order.</summary>
public sealed class EA2010UntrustedOrIncompleteChain : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2010",
        "Untrusted, self-signed or incomplete chain",
        "{0}",
        Severity.Error,
        "Browsers trust a site only through a chain from its certificate to a root they know. A self-signed certificate is never trusted; a certificate file without its intermediate certificates works in some browsers and fails in others (mobile apps, scripts, older clients); a chain in the wrong order fails too. nginx sends the ssl_certificate file as it is: server certificate first, then the intermediates; Apache sends the SSLCertificateFile file the same way, followed by an SSLCertificateChainFile when one is set.",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Trust chain of certificate", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.2", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.2", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.2", TraceMapping.Explicit),
        ],
        [InputFormat.Pem, InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<CertificateChain>(ctx =>
        {
            var chain = ctx.Element;
            if (chain.Leaf is not { } leaf)
            {
                return;
            }

            var location = chain.GetLocation(leaf);
            if (leaf.IsSelfSigned)
            {
                ctx.Report(Finding.Create(Rule, location, "chain/self-signed", $"The server certificate '{leaf.Subject}' is self-signed; no browser trusts it. Use a certificate from a publicly trusted CA (for example through ACME)."));
                return;
            }

            // Apache's SSLCertificateChainFile supplies the intermediates from a file of their own.
            if (chain.Certificates.Count == 1 && (chain.References.Count == 0 || chain.References.Any(r => r.ChainFile is null)))
            {
                ctx.Report(Finding.Create(Rule, location, "chain/incomplete", $"{chain.Path} holds only the server certificate; its issuer '{leaf.Issuer}' is not in the file, so clients that do not already have that intermediate cannot build a trusted chain. Append the intermediate certificate(s) after the server certificate (for ACME clients, use fullchain.pem)."));
                return;
            }

            foreach (var problem in chain.File.CheckChainOrder())
            {
                ctx.Report(Finding.Create(Rule, chain.GetLocation(chain.Certificates[problem.Index]), $"chain/order[{problem.Index}]", $"{problem.Message} The server sends the file in order; put each issuer right after the certificate it signed."));
            }
        });
    }
}
