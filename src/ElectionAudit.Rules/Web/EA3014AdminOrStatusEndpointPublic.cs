using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3014: a status page (nginx <c>stub_status</c>) or an administration path (<c>/admin</c>, <c>/wp-admin</c>,
/// <c>/phpmyadmin</c>, <c>/server-status</c> …) is reachable without an address restriction ending in
/// <c>deny all</c> or authentication.
/// </summary>
public sealed class EA3014AdminOrStatusEndpointPublic : AuditRule
{
    // Path segments of well-known administration and status pages (Adminer and PostfixAdmin are database and mail
    // administration tools that Debian maps at /adminer and /postfixadmin, as phpMyAdmin at /phpmyadmin).
    private static readonly HashSet<string> AdminSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "wp-admin", "wp-login", "phpmyadmin", "adminer", "postfixadmin", "server-status", "server-info", "nginx_status", "nginx-status", "stub_status", "basic_status",
    };

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3014",
        "Admin or status endpoint public",
        "{0}",
        Severity.Error,
        "An administration login or server status page open to the internet invites password guessing and shows attackers the load and internals of the server. Restrict them to the office network (allow ...; deny all;) or put authentication in front.",
        8.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisHandbook, "HB1", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB26", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.1.3", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.1.1", TraceMapping.Explicit),
            new(TraceSource.CisApache, "2.4", TraceMapping.Explicit),
            new(TraceSource.CisApache, "2.8", TraceMapping.Explicit),
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
            if (site.HasUnresolvedIncludes)
            {
                return;
            }

            foreach (var block in site.Locations)
            {
                if (block.Settings is not { } settings || block.Level != ConfigurationLevel.Location || settings.IsRestricted || settings.IsInternal || settings.FixedResponse is { IsConditional: false }
                    || WebRuleSupport.IsReportedWithAnotherSite(ctx.Model, site, block))
                {
                    continue;
                }

                var what = settings.IsStatusPage ? site.IsApache ? "serves mod_status's or mod_info's report page" : "serves nginx's stub_status page" : IsAdminPath(block.ParseMatch().Pattern) ? "is an administration or status path" : null;
                if (what is null)
                {
                    continue;
                }

                ctx.Report(site.IsApache
                    ? Finding.Create(Rule, block.Location, $"{site.Key}/{block}/access", $"<{(block.Directive is Syntax.Apache.ApacheStatementSyntax section ? section.Name : "Location")} {block.Match}> of {site.DisplayName} {what} and anyone can reach it: no \"Require ip\" list and no authentication (AuthType with Require valid-user) applies. Add \"Require ip <office network>\" or authentication to this section.")
                    : Finding.Create(Rule, block.Location, $"{site.Key}/{block}/access", $"{block} of {site.DisplayName} {what} and anyone can reach it: no allow/deny list ending in \"deny all\" and no auth_basic or auth_request applies. Add \"allow <office network>; deny all;\" or authentication to this location."));
            }

            // Apache maps an administration tool into a site with an Alias and guards it in the <Directory> of its folder
            // (Debian's phpmyadmin package: "Alias /phpmyadmin /usr/share/phpmyadmin", no Require of its own, so the stock
            // "<Directory /usr/share> Require all granted" lets everyone in); no <Location> names the path.
            foreach (var alias in site.PathAliases)
            {
                if (!alias.IsRegex && IsAdminPath(alias.UrlPath) && IsPublic(site, alias) && FirstSiteWithPublic(ctx.Model, alias) == site)
                {
                    ctx.Report(Finding.Create(Rule, alias.Location, $"{site.Key}/alias {alias.UrlPath}/access", $"Alias {alias.UrlPath} of {site.DisplayName} maps an administration path to \"{alias.Target}\" and anyone can reach it: no \"Require ip\" list and no authentication (AuthType with Require valid-user) applies there. Add \"Require ip <office network>\" or authentication to <Directory {alias.Target}>."));
                }
            }
        });
    }

    // Whether a request for the alias's path is answered by that alias, unrestricted, and not already judged as a
    // <Location> of the same path (the loop over locations reports that one).
    private static bool IsPublic(WebSite site, WebPathAlias alias)
    {
        var request = site.HandleRequest(alias.UrlPath.TrimEnd('/') + "/");
        return ReferenceEquals(request.Alias, alias.Directive)
            && !request.IsProtected
            && !request.Settings.IsInternal
            && !request.Blocks.Any(b => b.Level == ConfigurationLevel.Location && IsAdminPath(b.ParseMatch().Pattern));
    }

    // A main-server alias reaches every virtual host (and the main server itself where it answers): it is reported
    // once, for the first site (in model order) that leaves it open.
    private static WebSite? FirstSiteWithPublic(Model.InfrastructureModel model, WebPathAlias alias) =>
        model.BoundElementsOfType<WebSite>().FirstOrDefault(s => s.PathAliases.FirstOrDefault(a => ReferenceEquals(a.Directive, alias.Directive)) is { } same && IsPublic(s, same));

    private static bool IsAdminPath(string pattern)
    {
        int start = -1;
        for (int i = 0; i <= pattern.Length; i++)
        {
            bool wordCharacter = i < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[i]) || pattern[i] is '-' or '_');
            if (wordCharacter && start < 0)
            {
                start = i;
            }
            else if (!wordCharacter && start >= 0)
            {
                if (AdminSegments.Contains(pattern[start..i]))
                {
                    return true;
                }

                start = -1;
            }
        }

        return false;
    }
}
