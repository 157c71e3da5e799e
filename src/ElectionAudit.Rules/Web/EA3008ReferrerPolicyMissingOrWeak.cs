using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3008: Referrer-Policy is absent or leaks full URLs (<c>unsafe-url</c>, <c>no-referrer-when-downgrade</c>) or the origin to every site (<c>origin</c>, <c>origin-when-cross-origin</c>).</summary>
public sealed class EA3008ReferrerPolicyMissingOrWeak : AuditRule
{
    private const string Header = "Referrer-Policy";

    // internet.nl: these send more than the origin cross-site, or anything over plain HTTP.
    private static readonly string[] WeakPolicies = ["unsafe-url", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3008",
        "Referrer-Policy missing or weak",
        "{0}",
        Severity.Note,
        "A Referrer-Policy decides what a page tells the sites it links to (and plain-HTTP sites) about where the visitor came from. Weak policies leak full URLs, which on registration or party sites can include personal data in query strings.",
        2.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Security options: Referrer-Policy", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.3.5", TraceMapping.Explicit),
            new(TraceSource.CisApache, "5.17", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context) => WebRuleSupport.RegisterHeaderCheck(
        context,
        Rule,
        Header,
        headers => headers.Find(Header),
        (site, header) =>
        {
            // Referrer Policy §8.1: with a comma-separated list the last value the browser knows wins.
            var effective = header.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.ToLowerInvariant() ?? string.Empty;
            return WeakPolicies.Contains(effective)
                ? $"Referrer-Policy of {site.DisplayName} is \"{effective}\", which sends more than the origin to other sites (or over plain HTTP). Use strict-origin-when-cross-origin, same-origin or no-referrer."
                : null;
        },
        "add \"add_header Referrer-Policy strict-origin-when-cross-origin always;\".",
        "add \"Header always set Referrer-Policy strict-origin-when-cross-origin\".");
}
