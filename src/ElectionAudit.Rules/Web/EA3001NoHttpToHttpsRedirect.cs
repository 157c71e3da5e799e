using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3001: a server answers plain HTTP on port 80 with content instead of redirecting to HTTPS.</summary>
public sealed class EA3001NoHttpToHttpsRedirect : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3001",
        "No HTTP to HTTPS redirect",
        "{0}",
        Severity.Error,
        "A site that still answers plain HTTP lets anyone on the network path (a hotel Wi-Fi, a compromised router) read and alter the pages, including published results. Port 80 should only redirect to the same host over HTTPS.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "HTTPS: https-forced (redirect from HTTP to HTTPS on the same host)", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Website security", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "A1.1.9", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.1", TraceMapping.Explicit),
            new(TraceSource.CisApache, "7.9", TraceMapping.Explicit),
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
            var plain = site.Listens.FirstOrDefault(l => !l.IsSsl && l.Port == 80);
            if (plain is null || site.Settings is null || site.HasUnresolvedIncludes || site.IsLoopbackOnly)
            {
                return;
            }

            var response = site.CatchAllResponse;
            if (response is { RedirectsToHttps: true } or { Refuses: true, IsConditional: false })
            {
                return;
            }

            var listen = plain.Location is null
                ? "nginx's implicit \"listen *:80\", as the server has no listen directive"
                : site.IsApache
                    ? string.Create(CultureInfo.InvariantCulture, $"the <VirtualHost> address at line {plain.Location.StartLine}")
                    : string.Create(CultureInfo.InvariantCulture, $"the listen at line {plain.Location.StartLine}");
            var fix = site.IsApache
                ? "Add \"Redirect permanent / https://<this host>/\" to this virtual host (and serve the site from a separate *:443 virtual host with SSLEngine on)."
                : "Add \"return 301 https://$host$request_uri;\" to this server (and serve the site from a separate listen 443 ssl server).";
            if (response is { IsRedirect: true, IsConditional: false })
            {
                ctx.Report(Finding.Create(Rule, response.Location, $"{site.Key}/http-redirect", $"{site.DisplayName} answers plain HTTP on port 80 ({listen}) with a redirect to \"{response.Target}\", which is not an https:// URL. Redirect to https:// on the same host."));
                return;
            }

            ctx.Report(Finding.Create(Rule, site.Location, $"{site.Key}/http-redirect", $"{site.DisplayName} answers plain HTTP on port 80 ({listen}) and serves content instead of redirecting. {fix}"));
        });
    }
}
