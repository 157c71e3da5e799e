using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3006: neither X-Frame-Options DENY/SAMEORIGIN nor a CSP frame-ancestors protects the pages from being framed.</summary>
public sealed class EA3006FramingProtectionMissing : AuditRule
{
    private const string Header = "X-Frame-Options";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3006",
        "Framing protection missing",
        "{0}",
        Severity.Warning,
        "A page that any site may embed in a frame can be overlaid by a look-alike site (clickjacking) or shown out of context next to forged figures. X-Frame-Options DENY or SAMEORIGIN, or a CSP frame-ancestors directive, stops that.",
        4.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Security options: X-Frame-Options", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.3.1", TraceMapping.Explicit),
            new(TraceSource.CisApache, "5.16", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context) => WebRuleSupport.RegisterHeaderCheck(
        context,
        Rule,
        Header,
        // A CSP frame-ancestors supersedes X-Frame-Options in browsers (CSP Level 2), so either protects; a policy filled
        // in per request may hold one.
        headers => headers.GetAll("Content-Security-Policy").FirstOrDefault(h => h.ValueHasVariables || HeaderValues.HasPolicyDirective(h.Value, "frame-ancestors")) ?? headers.Find(Header),
        (site, header) => header.Is(Header) && header.Value.Trim().ToUpperInvariant() is not ("DENY" or "SAMEORIGIN")
            ? $"X-Frame-Options of {site.DisplayName} is \"{header.Value}\"; browsers only honour DENY or SAMEORIGIN (ALLOW-FROM is obsolete). Use DENY or SAMEORIGIN, or a CSP frame-ancestors directive."
            : null,
        "add \"add_header X-Frame-Options DENY always;\" or a Content-Security-Policy with frame-ancestors.",
        "add \"Header always set X-Frame-Options DENY\" or a Content-Security-Policy with frame-ancestors.");
}
