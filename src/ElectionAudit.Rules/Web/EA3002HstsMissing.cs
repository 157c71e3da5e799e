using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3002: an HTTPS site sends no Strict-Transport-Security header (or not with <c>always</c>) on some of its locations.</summary>
public sealed class EA3002HstsMissing : AuditRule
{
    /// <summary>The header.</summary>
    internal const string Header = "Strict-Transport-Security";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3002",
        "HSTS missing",
        "{0}",
        Severity.Warning,
        "Without HSTS a browser that types the address or follows an old http:// link first talks plain HTTP, where an attacker can strip TLS and show forged results. nginx drops inherited add_header lines in any block that has its own, so a location can silently lose HSTS. Raised to error on official and results sites.",
        7.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "HTTPS: HSTS", TraceMapping.Explicit),
            new(TraceSource.Mozilla, "Server Side TLS: HSTS", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.10", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.8", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.11", TraceMapping.Explicit),
            new(TraceSource.Other, "nginx add_header inheritance: a location with its own add_header loses HSTS", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (!WebRuleSupport.ServesHttps(site) || site.IsLoopbackOnly)
            {
                return;
            }

            WebRuleSupport.CheckHeader(
                ctx.Report,
                Rule,
                site,
                Header,
                headers => headers.Find(Header),
                header => header.IsAlways ? null
                    : site.IsApache
                        ? $"Strict-Transport-Security is set in mod_headers' onsuccess table, so Apache leaves it off error responses (4xx, 5xx) of {site.DisplayName}. Write \"Header always set\"."
                        : $"Strict-Transport-Security is added without \"always\", so nginx leaves it off error responses (4xx, 5xx) of {site.DisplayName}. Append \"always\" to the add_header.",
                site.IsApache
                    ? "add \"Header always set Strict-Transport-Security \\\"max-age=63072000; includeSubDomains\\\"\"."
                    : "add \"add_header Strict-Transport-Security 'max-age=63072000; includeSubDomains' always;\".",
                WebRuleSupport.Raised(Rule.DefaultSeverity, site));
        });
    }
}
