using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3015: the default server of an address serves content to requests for unknown host names instead of refusing
/// them (nginx <c>return 444</c>, <c>ssl_reject_handshake on</c>), or a site serves the stock document root
/// (nginx's <c>html</c> default, <c>/usr/share/nginx/html</c>, <c>/var/www/html</c>) with its welcome page.
/// </summary>
public sealed class EA3015DefaultContentOrUnknownHostServed : AuditRule
{
    // Document roots that hold the distribution's welcome and 50x pages.
    private static readonly HashSet<string> StockRoots = new(StringComparer.Ordinal) { "html", "/usr/share/nginx/html", "/var/www/html", "/usr/local/nginx/html", "/etc/nginx/html" };

    // Apache httpd's stock document roots: /var/www/html in Debian's sites-available/000-default.conf and in Red Hat's
    // httpd.conf; /usr/local/apache2/htdocs in the upstream build's httpd.conf (prefix /usr/local/apache2); the core
    // documentation's compiled-in default "/usr/local/apache/htdocs". Each holds the "It works!" or test page.
    private static readonly HashSet<string> ApacheStockRoots = new(StringComparer.Ordinal) { "/var/www/html", "/usr/local/apache2/htdocs", "/usr/local/apache/htdocs" };

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3015",
        "Default content or unknown host served",
        "{0}",
        Severity.Warning,
        "A server that answers any Host header with a real site lets look-alike domains point at it and appear to serve official content, and scanners that connect by IP address see what runs there. The default server should refuse unknown names; stock welcome pages reveal an unmaintained server.",
        4.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisNginx, "2.4.2", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "2.5.2", TraceMapping.Explicit),
            new(TraceSource.CisApache, "5.4", TraceMapping.Explicit),
            new(TraceSource.CisApache, "8.3", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Website security (defacement)", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterModelAction(ctx =>
        {
            var reportedRoots = new HashSet<Text.Location>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                if (site.Settings is null || !site.ServesContent || site.HasUnresolvedIncludes || site.IsLoopbackOnly)
                {
                    continue;
                }

                if (site.IsApache)
                {
                    CheckApache(ctx, site, reportedRoots);
                    continue;
                }

                var severity = WebRuleSupport.Raised(Rule.DefaultSeverity, site);
                foreach (var listen in site.DefaultServerFor.Where(l => l.IsDefaultServer && l.Location is not null))
                {
                    var address = Address(listen);
                    ctx.Report(Finding.Create(Rule, severity, listen.Location!, $"{site.Key}/default-server/{address}", [], $"{site.DisplayName} is the default_server for {address}, so requests for any unknown host name get its content. Add a separate default server that refuses them (\"return 444;\", and \"ssl_reject_handshake on;\" for TLS)."));
                }

                // Implicit defaults are reported once per site, at the server block, listing the addresses.
                var implicitDefaults = site.DefaultServerFor.Where(l => !l.IsDefaultServer || l.Location is null).Select(Address).ToList();
                if (implicitDefaults.Count > 0)
                {
                    ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/default-server", [], $"No server is marked default_server for {string.Join(", ", implicitDefaults)}, so nginx uses the first one there, {site.DisplayName}, for requests with any unknown host name. Add a default server that refuses them (\"listen ... default_server; return 444;\", and \"ssl_reject_handshake on;\" for TLS)."));
                }

                foreach (var level in WebRuleSupport.ContentLevels(site).Where(l => l.Settings.Upstream is null))
                {
                    var root = level.Settings.DocumentRoot;
                    if (StockRoots.Contains(root.Value.TrimEnd('/')) && reportedRoots.Add(root.Location))
                    {
                        var origin = root.IsDefault ? $"no root applies, so {root.DefaultDescription} is in effect" : $"root is \"{root.Value}\"";
                        ctx.Report(Finding.Create(Rule, severity, root.Location, $"{site.Key}/{level.Name}/stock-root", [], $"For {level.Name} of {site.DisplayName} {origin}: the distribution's stock directory with its welcome and 50x pages. Point root at the site's own content."));
                    }
                }
            }
        });
    }

    /// <summary>
    /// Apache: the document root of a virtual host (or of the main server, when it answers an address no virtual host
    /// covers) is a stock folder, or no DocumentRoot applies and the compiled-in default does. httpd picks the first
    /// virtual host listed for an address and port when no ServerName or ServerAlias matches the request
    /// (https://httpd.apache.org/docs/2.4/vhosts/name-based.html, "How the server selects the proper name-based
    /// virtual host"), so such a site also answers every unknown host name there; the message says so.
    /// </summary>
    private static void CheckApache(ModelContext ctx, WebSite site, HashSet<Text.Location> reportedRoots)
    {
        var settings = site.Settings!;
        var root = settings.DocumentRoot;
        var front = site.HandleRequest("/");

        // "ProxyPass /" (or a proxy in the sections for "/") hands every request to an application, an Alias for "/"
        // (WSGIScriptAlias / included) maps it elsewhere, and a refused or redirected front page serves no file.
        if (settings.Upstream is not null || front.Settings.Upstream is not null || front.Alias is not null || front.IsRefused || front.MatchingServerResponse is { IsRedirect: true }
            || !ApacheStockRoots.Contains(root.Value.TrimEnd('/')) || !reportedRoots.Add(root.Location))
        {
            return;
        }

        var origin = root.IsDefault
            ? $"No DocumentRoot applies to {site.DisplayName}, so httpd serves its compiled-in default ({root.DefaultDescription}; the upstream build uses \"/usr/local/apache2/htdocs\", Debian's and Red Hat's packages \"/var/www/html\")"
            : $"DocumentRoot \"{root.Value}\" of {site.DisplayName} is the distribution's stock folder";
        var defaults = site.Listens.Where(l => l.IsDefaultServer).Select(Address).ToList();
        var unknown = defaults.Count == 0 ? string.Empty : $" As the first virtual host for {string.Join(", ", defaults)}, it also answers requests for every unknown host name there.";
        ctx.Report(Finding.Create(Rule, WebRuleSupport.Raised(Rule.DefaultSeverity, site), root.Location, $"{site.Key}/stock-document-root", [], $"{origin}, with its stock \"It works!\" or test page.{unknown} Point DocumentRoot at the site's own content, and put first a virtual host for unknown names that refuses them (\"Require all denied\")."));
    }

    // "listen ${SSL_PORT}": named as written, and as the placeholder it is.
    private static string Address(WebListen listen) =>
        listen.Port is not null ? string.Create(CultureInfo.InvariantCulture, $"{listen.Address}:{listen.Port}")
        : listen.Address.Contains('$', StringComparison.Ordinal) ? $"the address written as \"{listen.Address}\" (a placeholder filled in when the server is deployed)"
        : listen.Address;
}
