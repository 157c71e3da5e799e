using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Tls;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7002: a served certificate's issuer is not among the CAs the closest CAA record set allows for the name.</summary>
public sealed class EA7002CertificateIssuerNotAllowedByCaa : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7002",
        "Certificate issuer not allowed by CAA",
        "{0}",
        Severity.Error,
        "CAA records say which certificate authorities may issue for a name. When the certificate a site serves comes from a CA the zone's CAA set does not list, either the next renewal fails days before the election, or the CAA set is not the policy the organisation follows and a rogue issuer is not kept out. The rule maps the issuer organisation to its CAA domain (Let's Encrypt to letsencrypt.org ...) and compares it with the relevant CAA set (RFC 8659 §3).",
        7.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Rfc, "RFC 8659", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Pem, InputFormat.Zone]);

    // Issuer organisation (as in the certificate's issuer O=) → the issuer-domain-name the CA publishes for CAA. Each
    // from the CA's own CAA documentation; an organisation not listed here is not judged (the rule never guesses).
    private static readonly (string Organisation, string[] Domains)[] IssuerDomains =
    [
        ("Let's Encrypt", ["letsencrypt.org"]),
        ("DigiCert Inc", ["digicert.com", "www.digicert.com"]),
        ("Sectigo Limited", ["sectigo.com", "comodoca.com"]),
        ("ZeroSSL", ["sectigo.com"]),
        ("GlobalSign nv-sa", ["globalsign.com"]),
        ("Google Trust Services", ["pki.goog"]),
        ("Google Trust Services LLC", ["pki.goog"]),
        ("Amazon", ["amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"]),
        ("Buypass AS-983163327", ["buypass.com"]),
        ("HARICA", ["harica.gr"]),
        ("Hellenic Academic and Research Institutions CA", ["harica.gr"]),
        ("Entrust, Inc.", ["entrust.net"]),
        ("Actalis S.p.A.", ["actalis.it"]),
        ("SSL Corporation", ["ssl.com"]),
        ("QuoVadis Limited", ["quovadisglobal.com", "digicert.com"]),
    ];

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <summary>The CAA issuer domains of a certificate issuer organisation, or empty when the organisation is not known.</summary>
    public static IReadOnlyList<string> CaaDomainsOf(string? issuerOrganisation) =>
        issuerOrganisation is null ? [] : IssuerDomains.FirstOrDefault(m => string.Equals(m.Organisation, issuerOrganisation.Trim(), StringComparison.OrdinalIgnoreCase)).Domains ?? [];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            var dns = ctx.Model.Dns;
            foreach (var reference in site.Tls?.Certificates ?? [])
            {
                if (reference.Chain is not { Leaf: { } leaf } chain || CaaDomainsOf(leaf.IssuerOrganization) is not { Count: > 0 } allowedFor)
                {
                    continue;
                }

                foreach (var serverName in site.ServerNames)
                {
                    var name = Model.Binding.InfrastructureBinding.ParseHost(serverName.Value);
                    if (name is null || !CertificateHostNameMatcher.Matches(leaf, serverName.Value.TrimEnd('.')) || dns.FindZone(name) is null)
                    {
                        continue;
                    }

                    // A name the certificate covers only through a wildcard SAN was issued under issuewild (RFC 8659 §4.3).
                    bool wildcard = !leaf.DnsNames.Any(n => string.Equals(n.TrimEnd('.'), serverName.Value.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
                    var lookup = dns.FindCaa(name);
                    if (!lookup.Found)
                    {
                        continue;
                    }

                    var issue = lookup.Records.Where(r => r.Data is CaaRecordData { Tag: var tag } && tag.Equals("issue", StringComparison.OrdinalIgnoreCase)).ToList();
                    var issueWild = lookup.Records.Where(r => r.Data is CaaRecordData { Tag: var tag } && tag.Equals("issuewild", StringComparison.OrdinalIgnoreCase)).ToList();
                    var relevant = wildcard && issueWild.Count > 0 ? issueWild : issue;
                    if (relevant.Count == 0)
                    {
                        continue; // Only iodef or unknown properties: no restriction on issuers (RFC 8659 §4.2).
                    }

                    var allowed = relevant.Select(r => IssuerDomain(((CaaRecordData)r.Data).Value)).ToList();
                    if (allowed.Any(a => a is not null && allowedFor.Contains(a, StringComparer.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    var zone = dns.FindAuthoritativeZone(lookup.FoundAt!)!;
                    var related = new List<RelatedLocation>
                    {
                        new(serverName.Location, $"server_name {serverName.Value}"),
                        new(chain.Location, $"certificate for {leaf.SubjectCommonName ?? leaf.Subject} issued by {leaf.IssuerOrganization}"),
                    };
                    related.AddRange(relevant.Select(r => CrossRuleSupport.Record(r, $"CAA at {CrossRuleSupport.Host(lookup.FoundAt!)} in {zone.Path}")));
                    var listed = string.Join(", ", allowed.Select(a => a is null or "" ? "(none)" : a));
                    ctx.Report(Finding.Create(Rule, Severity.Error, reference.PathLocation, $"{site.Key}/{serverName.Value}/caa", related,
                        $"{serverName.Value} is served with a certificate issued by {leaf.IssuerOrganization} ({string.Join(" or ", allowedFor)} in CAA terms), but the CAA {(relevant == issueWild ? "issuewild" : "issue")} set at {CrossRuleSupport.Host(lookup.FoundAt!)} in {zone.Path} allows only {listed}: renewal from this CA will be refused, or the CAA set is not the policy you follow. Add the CA to CAA or change CA."));
                }
            }
        });
    }

    // RFC 8659 §4.2: issuer-domain-name, then optional ";" parameters; an empty value allows no issuer.
    private static string? IssuerDomain(string value)
    {
        var text = value.Trim().Trim('"');
        int semicolon = text.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? text[..semicolon] : text).Trim();
    }
}
