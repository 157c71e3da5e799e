using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3003: the Strict-Transport-Security max-age is below one year, or the header is one browsers ignore (no max-age,
/// or a value that does not follow RFC 6797 §6.1: see <see cref="HstsPolicy"/>), which protects no one.
/// </summary>
public sealed class EA3003HstsMaxAgeTooShort : AuditRule
{
    /// <summary>One year in seconds: internet.nl's minimum and the HSTS preload list's requirement.</summary>
    public const long MinimumMaxAge = 31536000;

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3003",
        "HSTS max-age too short",
        "{0}",
        Severity.Warning,
        "HSTS only protects visitors while the browser remembers it. A max-age under a year lets the protection lapse for occasional visitors — exactly the people who come back on election night. internet.nl asks for at least one year; Mozilla recommends two.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "HTTPS: HSTS max-age at least 31536000 (one year)", TraceMapping.Explicit),
            new(TraceSource.Mozilla, "Server Side TLS: HSTS max-age=63072000", TraceMapping.Explicit),
            new(TraceSource.Other, "hstspreload.org submission requirements (max-age at least 31536000)", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.10", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.8", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.11", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 6797 §6.1 (a header that does not follow its syntax, or lacks max-age, is ignored)", TraceMapping.Explicit),
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

            if (WebRuleSupport.FirstHeadersAtContentLevels(site, EA3002HstsMissing.Header) is not { } headers)
            {
                return;
            }

            foreach (var header in headers)
            {
                if (HstsPolicy.Of(header) is not { } policy)
                {
                    continue; // Filled in per request (nginx $variable, Apache %{VAR}e): what it says is unknown.
                }

                string? problem = !policy.TakesEffect
                    ? $"{policy.Problem}, so browsers ignore it"
                    : policy.MaxAge < MinimumMaxAge
                        ? string.Create(CultureInfo.InvariantCulture, $"has max-age={policy.MaxAge} ({policy.MaxAge / 86400} {(policy.MaxAge / 86400 == 1 ? "day" : "days")})")
                        : null;
                if (problem is not null)
                {
                    ctx.Report(Finding.Create(Rule, WebRuleSupport.Raised(Rule.DefaultSeverity, site), header.ValueLocation, $"{site.Key}/hsts-max-age", [], $"The Strict-Transport-Security header of {site.DisplayName} {problem}; use at least max-age=31536000 (one year), preferably 63072000."));
                }
            }
        });
    }
}
