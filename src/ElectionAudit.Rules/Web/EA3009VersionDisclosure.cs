using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3009: the server names its version (nginx <c>server_tokens</c> not <c>off</c>, on by default), or passes the
/// application's X-Powered-By header through a proxied or FastCGI location.
/// </summary>
public sealed class EA3009VersionDisclosure : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3009",
        "Version disclosure",
        "{0}",
        Severity.Warning,
        "A Server header or error page that names the exact version, or an X-Powered-By header from the application, tells an attacker which known vulnerabilities to try first. Hiding it does not patch anything, but it makes targeted attacks on unpatched software slower and noisier.",
        3.5,
        RulePrecision.High,
        [
            new(TraceSource.CisNginx, "2.5.1", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "2.5.4", TraceMapping.Explicit),
            new(TraceSource.CisApache, "8.1", TraceMapping.Explicit),
            new(TraceSource.CisApache, "8.2", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    // An Apache value set inside <IfModule> only may apply: the message says so.
    private static string Condition(EffectiveValue<bool> value) =>
        value.Condition is null ? string.Empty : $" (inside {value.Condition}, so if that condition holds)";

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A model action: a server_tokens in http is inherited by every server, and is reported once, at the directive.
        context.RegisterModelAction(ctx =>
        {
            var reported = new HashSet<Text.Location>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                if (site.Settings is not { } settings || site.Tls?.RejectsHandshake.Value == true || site.IsLoopbackOnly)
                {
                    continue;
                }

                var severity = WebRuleSupport.Raised(Rule.DefaultSeverity, site);
                var tokens = settings.DisclosesVersion;
                if (tokens is { Value: true, IsUnknown: false } && !(tokens.IsDefault && site.HasUnresolvedIncludes) && reported.Add(tokens.Location))
                {
                    ctx.Report(site.IsApache
                        ? tokens.IsDefault
                            ? Finding.Create(Rule, severity, tokens.Location, $"{site.Key}/server-tokens", [], $"No ServerTokens applies to {site.DisplayName}, so {tokens.DefaultDescription} is in effect: the Server header names the Apache version and operating system. Add \"ServerTokens Prod\" to the main server configuration (httpd does not accept it in a virtual host).")
                            : Finding.Create(Rule, severity, tokens.Location, "server-tokens", [], $"\"{tokens.Directive}\" makes the Server header or error pages name the Apache version{Condition(tokens)}. Set \"ServerTokens Prod\" and \"ServerSignature Off\".")
                        : tokens.IsDefault
                        ? Finding.Create(Rule, severity, tokens.Location, $"{site.Key}/server-tokens", [], $"No server_tokens applies to {site.DisplayName}, so {tokens.DefaultDescription} is in effect: the Server header and error pages name the nginx version. Add \"server_tokens off;\" to this server or the http block.")
                        : Finding.Create(Rule, severity, tokens.Location, "server-tokens", [], $"\"{tokens.Directive}\" makes the Server header and error pages name the nginx version. Set \"server_tokens off;\"."));
                }

                foreach (var block in site.Locations)
                {
                    if (block.Settings is not { } inner)
                    {
                        continue;
                    }

                    if (inner.DisclosesVersion is { Value: true, IsDefault: false, IsUnknown: false } local && reported.Add(local.Location))
                    {
                        ctx.Report(site.IsApache
                            ? Finding.Create(Rule, severity, local.Location, $"{site.Key}/{block}/server-tokens", [], $"\"{local.Directive}\" makes the error pages of {block} name the Apache version{Condition(local)}. Set \"ServerSignature Off\".")
                            : Finding.Create(Rule, severity, local.Location, $"{site.Key}/{block}/server-tokens", [], $"\"{local.Directive}\" makes the Server header and error pages of {block} name the nginx version. Set \"server_tokens off;\"."));
                    }

                    if (inner.Upstream is { } upstream && !site.HasUnresolvedIncludes && !inner.HiddenUpstreamHeaders.Value.Contains("x-powered-by") && reported.Add(block.Location))
                    {
                        // The Apache side proxies with ProxyPass (or SetHandler proxy:…) and strips the header with mod_headers.
                        var name = upstream is Syntax.Nginx.NginxDirectiveSyntax nginx ? nginx.Name : "ProxyPass";
                        var hide = site.IsApache ? "Header unset X-Powered-By" : name.Replace("_pass", "_hide_header", StringComparison.Ordinal) + " X-Powered-By;";
                        ctx.Report(Finding.Create(Rule, severity, block.Location, $"{site.Key}/{block}/x-powered-by", [new RelatedLocation(upstream.GetLocation(), "requests are passed to the application here")], $"{block} of {site.DisplayName} passes requests on with {name} but does not hide the application's X-Powered-By header, which typically names the language and version. Add \"{hide}\"."));
                    }
                }
            }
        });
    }
}
