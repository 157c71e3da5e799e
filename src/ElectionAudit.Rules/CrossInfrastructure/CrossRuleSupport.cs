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

    public static string Host(DomainName name) => name.ToString().TrimEnd('.');

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

    /// <summary>Whether an HSTS value carries a directive (RFC 6797 §6.1: directive names are case-insensitive).</summary>
    public static bool HasHstsDirective(ResponseHeader header, string directive) =>
        header.Value.Split(';').Any(d => d.Trim().Trim('"').Equals(directive, StringComparison.OrdinalIgnoreCase));

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
    /// content request is limited to listed clients (<c>Require ip</c>) or refused. mod_authz_core's
    /// <c>AuthMerging</c> defaults to Off, so the last section in httpd's merge order that has <c>Require</c> lines of
    /// its own decides alone (https://httpd.apache.org/docs/2.4/mod/mod_authz_core.html#authmerging), and sections
    /// merge <c>&lt;Directory&gt;</c> (shortest path first), <c>&lt;DirectoryMatch&gt;</c>, <c>&lt;Files&gt;</c>,
    /// <c>&lt;Location&gt;</c>, then <c>&lt;If&gt;</c> (https://httpd.apache.org/docs/2.4/sections.html#merging). So the
    /// requests are covered by a <c>&lt;Location /&gt;</c>, which every request passes through last but for later
    /// <c>&lt;Location&gt;</c> and <c>&lt;If&gt;</c> sections, or else by the longest <c>&lt;Directory&gt;</c> over
    /// the <c>DocumentRoot</c>; and no section merged after that one opens a part of the site again with
    /// <c>Require</c> lines that admit everyone. <c>Require</c> has no server or virtual-host context, so a virtual
    /// host without such a section admits everyone (httpd 2.4 grants access when no authorization is configured).
    /// mod_qos and mod_evasive limits are per server and hold for every section. The virtual host's own sections are
    /// read; the main server's sections, and paths mapped outside the document root by <c>Alias</c> or
    /// <c>ProxyPass</c>, are not (the web model does not resolve them per request yet).
    /// </summary>
    public static (Location Scope, string Where)? OpenApacheLevel(WebSite site)
    {
        if (site.Settings is not { } server || server.Limits.Count > 0)
        {
            return null;
        }

        var sections = site.Locations.Where(b => b.Settings is not null && b.Directive is ApacheSectionSyntax).ToList();
        bool HasOwnRequire(WebLocationBlock block) => !ReferenceEquals(block.Settings!.AccessRules, (block.Parent?.Settings ?? server).AccessRules);
        bool IsSection(WebLocationBlock block, string name) => ((ApacheSectionSyntax)block.Directive).IsNamed(name);
        var documentRoot = DirectoryPath(server.DocumentRoot.Value);

        var everyRequest = sections.LastOrDefault(b => b.Parent is null && IsSection(b, "Location") && DirectoryPath(b.Match) == "/" && HasOwnRequire(b));
        WebLocationBlock? decisive;
        List<WebLocationBlock> mergedLater;
        if (everyRequest is not null)
        {
            decisive = everyRequest;
            int index = sections.IndexOf(everyRequest);
            mergedLater = [.. sections.Where((b, i) => HasOwnRequire(b) && ((b.Level == ConfigurationLevel.Location && i > index) || b.Level == ConfigurationLevel.If))];
        }
        else
        {
            bool OverDocumentRoot(WebLocationBlock b) => b.Parent is null && IsSection(b, "Directory") && Covers(DirectoryPath(b.Match), documentRoot);

            // OrderBy is stable: among sections for the same path, the last written merges last and decides.
            decisive = sections.Where(b => OverDocumentRoot(b) && HasOwnRequire(b)).OrderBy(b => DirectoryPath(b.Match).Length).LastOrDefault();
            mergedLater = [.. sections.Where(b => HasOwnRequire(b) && !OverDocumentRoot(b))];
        }

        if (decisive is null)
        {
            return (server.Scope, $"virtual host (no <Location /> or <Directory> over its DocumentRoot {documentRoot} has Require lines)");
        }

        foreach (var section in mergedLater.Prepend(decisive))
        {
            if (!section.Settings!.AcceptsOnlyListedClients && !section.Settings.DeniesEveryone)
            {
                var syntax = (ApacheSectionSyntax)section.Directive;
                return (section.Location, $"<{syntax.Name} {section.Match}> section");
            }
        }

        return null;
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
