using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3013: a results site's location sends no caching instruction (nginx <c>expires</c>, a Cache-Control header) and
/// caches nothing itself (<c>proxy_cache</c>/<c>fastcgi_cache</c>), or forbids caching. For Apache: neither mod_expires
/// (<c>ExpiresActive On</c> with <c>ExpiresDefault</c>/<c>ExpiresByType</c>), nor a <c>Header set Cache-Control</c>,
/// nor mod_cache (<c>CacheEnable</c>) applies to the results pages.
/// </summary>
public sealed class EA3013ResultsPagesNotCacheable : AuditRule
{
    // Cache-Control directives that stop shared caches (CDNs) from keeping the response (RFC 9111 §5.2.2).
    private static readonly string[] UncacheableDirectives = ["no-store", "no-cache", "private", "max-age=0"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3013",
        "Results pages not cacheable",
        "{0}",
        Severity.Warning,
        "On election night every visitor asks for the same few pages. If they may not be cached, even for 30 seconds, every request reaches the origin and a traffic peak or a flood takes the results offline; a short max-age lets the CDN and browsers absorb it.",
        4.5,
        RulePrecision.Medium,
        [
            new(TraceSource.Other, "caching of results pages as availability measure", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.CisEssentialGuide, "Election night reporting primer", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (!site.IsResultsSite || !site.ServesContent || site.IsLoopbackOnly)
            {
                return;
            }

            if (site.IsApache)
            {
                CheckApache(ctx, site);
                return;
            }

            // Status pages and locations limited to some clients are not the public results pages.
            var levels = WebRuleSupport.ContentLevels(site).Where(l => !l.Settings.IsStatusPage && !l.Settings.IsRestricted).ToList();
            List<ContentLevel> uncached = site.HasUnresolvedIncludes ? [] : [.. levels.Where(l => !IsCached(l))];
            if (uncached.Count == levels.Count && levels.Count > 1)
            {
                ctx.Report(Finding.Create(Rule, site.Location, $"{site.Key}/cache", $"No location of the results site {site.DisplayName} sets expires or a Cache-Control header, or caches responses itself (proxy_cache). Add for example \"expires 30s;\" to this server so CDNs and browsers can absorb election-night traffic."));
                return;
            }

            foreach (var level in uncached)
            {
                ctx.Report(Finding.Create(Rule, level.Block, $"{site.Key}/{level.Name}/cache", $"Responses from {level.Name} of the results site {site.DisplayName} carry no expires or Cache-Control and are not cached by nginx (proxy_cache), so every request reaches the origin. Add for example \"expires 30s;\"."));
            }

            foreach (var header in levels.SelectMany(l => l.Headers.GetAll("Cache-Control")).Distinct())
            {
                var forbidding = header.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .FirstOrDefault(d => UncacheableDirectives.Contains(d.ToLowerInvariant()));
                if (forbidding is not null)
                {
                    ctx.Report(Finding.Create(Rule, header.ValueLocation, $"{site.Key}/cache-control", $"Cache-Control \"{header.Value}\" on the results site {site.DisplayName} says {forbidding}, so no CDN may keep the page. Allow a short shared lifetime, for example \"public, max-age=30\"."));
                }
            }
        });
    }

    /// <summary>
    /// Apache: what a request for the site's front page gets, after every section that applies (the main server's
    /// <c>&lt;Directory&gt;</c> sections included), and what each <c>&lt;Location&gt;</c> of the site gets. A value
    /// inside <c>&lt;IfModule mod_expires.c&gt;</c> counts: the model records it as "may apply", and Debian and the
    /// upstream build both ship mod_expires.
    /// </summary>
    private static void CheckApache(ElementContext<WebSite> ctx, WebSite site)
    {
        if (site.HasUnresolvedIncludes)
        {
            return;
        }

        var front = site.HandleRequest("/");
        if (!front.IsRefused && !IsCached(front.Settings, front.ResponseHeaders))
        {
            var where = front.Blocks.Count == 0 ? string.Empty : $" (the sections that apply, {string.Join(", ", front.Blocks.Select(WebRuleSupport.ApacheSectionName))}, set none either)";
            ctx.Report(Finding.Create(Rule, site.Location, $"{site.Key}/cache", $"Pages of the results site {site.DisplayName} get neither mod_expires (\"ExpiresActive On\" with ExpiresDefault or ExpiresByType) nor a Cache-Control header{where}, and mod_cache keeps no copy, so every request reaches the origin. Add for example \"ExpiresActive On\" and \"ExpiresDefault \\\"access plus 30 seconds\\\"\" to this virtual host so CDNs and browsers can absorb election-night traffic."));
        }

        foreach (var block in site.Locations.Where(b => b.Parent is null && b.Level == ConfigurationLevel.Location && !b.Match.StartsWith('~') && b.Match != "/"))
        {
            var handling = site.HandleRequest(block.Match);
            if (handling.IsRefused || handling.Settings.IsRestricted || handling.Settings.IsStatusPage || handling.Settings.FixedResponse is { IsConditional: false } || !handling.Blocks.Contains(block))
            {
                continue;
            }

            // When the front page is uncached the finding above covers the whole site; a section is reported when it loses what the rest of the site has.
            if (!IsCached(handling.Settings, handling.ResponseHeaders) && IsCached(front.Settings, front.ResponseHeaders))
            {
                ctx.Report(Finding.Create(Rule, block.Location, $"{site.Key}/{block}/cache", $"Responses from <Location {block.Match}> of the results site {site.DisplayName} carry no Expires or Cache-Control and are not cached by mod_cache, so every request reaches the origin. Add for example \"Header set Cache-Control \\\"public, max-age=30\\\"\" to this section."));
            }
        }

        foreach (var header in new[] { front.ResponseHeaders }.Concat(site.Locations.Select(l => l.ResponseHeaders)).SelectMany(h => h.GetAll("Cache-Control")).Distinct())
        {
            var forbidding = header.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(d => UncacheableDirectives.Contains(d.ToLowerInvariant()));
            if (forbidding is not null)
            {
                ctx.Report(Finding.Create(Rule, header.ValueLocation, $"{site.Key}/cache-control", $"Cache-Control \"{header.Value}\" on the results site {site.DisplayName} says {forbidding}, so no CDN may keep the page. Allow a short shared lifetime, for example \"Header set Cache-Control \\\"public, max-age=30\\\"\"."));
            }
        }
    }

    private static bool IsCached(WebSettings settings, ResponseHeaderSet headers) =>
        settings.Expires.Value is not null || settings.ResponseCache.Value is not null || headers.Find("Cache-Control") is not null;

    private static bool IsCached(ContentLevel level) =>
        level.Settings.Expires.Value is not null || level.Settings.ResponseCache.Value is not null || level.Headers.Find("Cache-Control") is not null;
}
