using System.Globalization;
using ElectionAudit.Model;
using ElectionAudit.Model.Binding;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>What the cross-infrastructure rules share: related locations for joined facts, and a few server-block questions.</summary>
internal static class CrossRuleSupport
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Without the final dot, as names are written in web server configurations; the root keeps its one dot, the only way
    // to write it ("zone  (root.zone)" read as a missing name).
    public static string Host(DomainName name) => name.IsRoot ? "." : name.ToString().TrimEnd('.');

    public static RelatedLocation ServerName(WebSiteMatch match) => new(match.ServerName.Location, $"server_name {match.ServerName.Value} ({match.Site.DisplayName})");

    public static RelatedLocation Zone(DnsZone zone) => new(zone.Location, $"zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path})");

    public static RelatedLocation Record(ResourceRecordSyntax record, string what) => new(record.GetLocation(), what);

    public static RelatedLocation Descriptor(Located<string> value, string what) => new(value.Location, what);

    /// <summary>The descriptor mentions of a host as related locations.</summary>
    public static IEnumerable<RelatedLocation> Mentions(HostBinding host) =>
        host.DescriptorMentions.Select(m => new RelatedLocation(m.Location, $"descriptor names {m.Value}"));

    /// <summary>The site's effective Strict-Transport-Security header at server level, if it sends one.</summary>
    public static ResponseHeader? Hsts(WebSite site) =>
        site.ResponseHeaders.Headers.FirstOrDefault(h => h.Is("Strict-Transport-Security") && !h.IsEmpty);

    /// <summary>
    /// What the levels of <paramref name="site"/> that answer requests serve them from, read from the web model's
    /// effective settings (so a <c>root</c> or <c>proxy_pass</c> brought in by <c>include</c> counts where the include
    /// is): the upstream a level hands requests to, else its document root when a directive sets it. A level that only
    /// redirects or refuses serves nothing, and the compiled-in default root (nginx <c>html</c>, Apache
    /// <c>/usr/local/apache/htdocs</c>) says nothing about where the content really is, so neither counts.
    /// </summary>
    public static IEnumerable<ContentSource> ContentSources(WebSite site)
    {
        var seen = new HashSet<ContentSource>();
        foreach (var level in site.AnsweringLevels())
        {
            if (level.FixedResponse is { IsConditional: false } || level.DeniesEveryone)
            {
                continue;
            }

            ContentSource? source = level.Upstream is { } upstream
                ? UpstreamTarget(upstream) is { } target ? new ContentSource("upstream", target, upstream.GetLocation()) : null
                : level.DocumentRoot.IsDefault ? null : new ContentSource("document root", DirectoryPath(level.DocumentRoot.Value), level.DocumentRoot.Location);
            if (source is not null && seen.Add(source))
            {
                yield return source;
            }
        }
    }

    /// <summary>
    /// The server an upstream directive sends requests to, for comparison: the authority of a URL
    /// (<c>proxy_pass http://app.internal:8080/results</c> and <c>https://app.internal:8080/</c> reach the same
    /// server), a socket (<c>fastcgi_pass unix:/run/php/fpm.sock</c>) or an nginx upstream group's name, lower-case.
    /// Null when the target holds a variable, which only the running server resolves.
    /// </summary>
    public static string? UpstreamTarget(SyntaxNode directive)
    {
        var written = directive switch
        {
            NginxDirectiveSyntax nginx when nginx.Arguments.Length > 0 => nginx.Arguments[0].Value,

            // mod_proxy inside a section: "ProxyPass url"; "SetHandler proxy:url" (proxy:unix:/path|fcgi://host for a socket).
            ApacheDirectiveSyntax apache => apache.Arguments.Select(a => a.Value).FirstOrDefault(v => v.Contains("://", StringComparison.Ordinal) || v.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) || v.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)),
            _ => null,
        };
        if (written is null || written.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var target = written.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? written[6..] : written;
        if (target.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            int pipe = target.IndexOf('|', StringComparison.Ordinal);
            return (pipe >= 0 ? target[..pipe] : target).ToLowerInvariant();
        }

        int scheme = target.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? target[(scheme + 3)..] : target;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return (slash >= 0 ? rest[..slash] : rest).ToLowerInvariant();
    }

    /// <summary>
    /// Where an Apache virtual host answers content requests from any client without a limit, or null when every
    /// request path it serves is limited to listed clients (<c>Require ip</c>), refused or redirected. Each path is put
    /// to the web model (<see cref="WebSite.HandleRequest"/>), which merges the server level with every section that
    /// applies in httpd's order, the main server's sections before the virtual host's
    /// (https://httpd.apache.org/docs/2.4/sections.html#merging); with mod_authz_core's <c>AuthMerging</c> at its
    /// default Off, the last of them with <c>Require</c> lines of its own decides alone
    /// (https://httpd.apache.org/docs/2.4/mod/mod_authz_core.html#authmerging), and without any httpd 2.4 grants access.
    /// So a <c>Require ip</c> in a main-server <c>&lt;Directory&gt;</c> of apache2.conf protects the virtual host that
    /// serves that folder, and a later section that admits everyone opens its part of the site again. The paths asked
    /// are <c>/</c>, the path of every plain <c>&lt;Location&gt;</c>, the request path of every plain
    /// <c>&lt;Directory&gt;</c> under the <c>DocumentRoot</c>, and the URL path of every <c>Alias</c> written in the
    /// virtual host: together they reach every section that can change who is admitted, except regular-expression
    /// sections and <c>&lt;If&gt;</c>, which depend on the request. mod_qos and mod_evasive limits are per server and
    /// hold for every path.
    /// </summary>
    public static (Location Scope, string Where)? OpenApacheLevel(WebSite site)
    {
        if (site.Settings is not { } server || server.Limits.Count > 0)
        {
            return null;
        }

        foreach (var path in ApacheRequestPaths(site, DirectoryPath(server.DocumentRoot.Value)))
        {
            var handling = site.HandleRequest(path);

            // A path answered with a fixed redirect or refusal serves no results and costs the server little.
            if (handling.IsRefused || handling.Settings.AcceptsOnlyListedClients || handling.Settings.Limits.Count > 0
                || handling.MatchingServerResponse is not null || handling.Settings.FixedResponse is { IsConditional: false })
            {
                continue;
            }

            return DecisiveSection(handling) is { } section
                ? (section.Location, $"<{((ApacheStatementSyntax)section.Directive).Name} {section.Match}> section{(section.IsFromMainServer ? " of the main server configuration" : string.Empty)}")
                : (server.Scope, $"virtual host (no section that applies to {path} has Require lines)");
        }

        return null;
    }

    /// <summary>
    /// The request paths that reach the sections of an Apache site: <c>/</c>, plain <c>&lt;Location&gt;</c> paths,
    /// plain <c>&lt;Directory&gt;</c> folders under <paramref name="documentRoot"/> as request paths, and the URL paths of
    /// the virtual host's own <c>Alias</c>/<c>ScriptAlias</c> directives; each once, in that order.
    /// </summary>
    private static IEnumerable<string> ApacheRequestPaths(WebSite site, string documentRoot)
    {
        var paths = new List<string> { "/" };
        foreach (var block in site.Locations)
        {
            if (block.Directive is not ApacheSectionSyntax { Arguments.Length: 1 } section)
            {
                continue;
            }

            if (section.IsNamed("Location"))
            {
                paths.Add(block.Match);
            }
            else if (section.IsNamed("Directory") && DirectoryPath(block.Match) is var folder && folder != documentRoot && Covers(documentRoot, folder))
            {
                paths.Add(folder[(documentRoot == "/" ? 0 : documentRoot.Length)..]);
            }
        }

        if (site.Declaration is ApacheSectionSyntax virtualHost)
        {
            paths.AddRange(virtualHost.DescendantNodesAndSelf().OfType<ApacheDirectiveSyntax>()
                .Where(d => (d.IsNamed("Alias") || d.IsNamed("ScriptAlias")) && d.Arguments.Length >= 2)
                .Select(d => d.Arguments[0].Value));
        }

        return paths.Where(p => p.StartsWith('/')).Distinct(StringComparer.Ordinal);
    }

    /// <summary>
    /// The section whose <c>Require</c> lines decide a request: of the sections applied, in merge order, the first of
    /// the last run that carries the request's effective access rules (a <c>&lt;Directory&gt;</c> under another inherits
    /// its rules and is not where they are written). Null when no section carries them (no <c>Require</c> applies).
    /// </summary>
    private static WebLocationBlock? DecisiveSection(WebRequestHandling handling)
    {
        var rules = handling.Settings.AccessRules;
        if (rules.Count == 0)
        {
            return null;
        }

        bool Carries(WebLocationBlock block) => block.Settings is { } settings && settings.AccessRules.SequenceEqual(rules);
        int last = -1;
        for (int i = handling.Blocks.Count - 1; i >= 0; i--)
        {
            if (Carries(handling.Blocks[i]))
            {
                last = i;
                break;
            }
        }

        if (last < 0)
        {
            return null;
        }

        while (last > 0 && Carries(handling.Blocks[last - 1]))
        {
            last--;
        }

        return handling.Blocks[last];
    }

    /// <summary>
    /// Whether an <c>Include</c> written inside the Apache virtual host could not be resolved (EA0003): the Apache
    /// binder does not set <see cref="WebSite.HasUnresolvedIncludes"/>, and a restriction may sit in the file that
    /// could not be read.
    /// </summary>
    public static bool HasUnresolvedApacheInclude(InfrastructureModel model, WebSite site)
    {
        var path = site.Location.Path;
        var span = site.Declaration.Span;
        return model.SyntaxTrees.Any(t => t.Diagnostics.Any(d => d.RuleId == "EA0003" && d.Location.Path == path && span.Contains(d.Location.Span)));
    }

    private static bool Covers(string ancestor, string path) =>
        ancestor == "/" || path == ancestor || (path.StartsWith(ancestor, StringComparison.Ordinal) && path.Length > ancestor.Length && path[ancestor.Length] == '/');

    /// <summary>A directory as written, without a trailing slash (<c>/srv/results/</c> and <c>/srv/results</c> are one folder).</summary>
    public static string DirectoryPath(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}

/// <summary>Where one level of a site takes its content from: <paramref name="Kind"/> "upstream" or "document root", the compared value, and the directive that sets it.</summary>
internal sealed record ContentSource(string Kind, string Value, Location Location);
