using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3013: a results site's location sends no caching instruction (nginx <c>expires</c>, a Cache-Control header) and
/// caches nothing itself (<c>proxy_cache</c>/<c>fastcgi_cache</c>), or forbids caching.
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
        [InputFormat.Nginx, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            // The Apache half (mod_expires, mod_cache) is bound but its messages are not written yet: silent on Apache.
            if (!site.IsResultsSite || site.IsApache || !site.ServesContent)
            {
                return;
            }

            // Status pages and locations limited to some clients are not the public results pages.
            var levels = WebRuleSupport.ContentLevels(site).Where(l => !l.Settings.IsStatusPage && !l.Settings.IsRestricted).ToList();
            List<ContentLevel> uncached = site.HasUnresolvedIncludes ? [] : [.. levels.Where(l => !IsCached(l))];
            if (uncached.Count == levels.Count && levels.Count > 1)
            {
                ctx.Report(Finding.Create(Rule, site.Location, site.Key + "/cache", $"No location of the results site {site.DisplayName} sets expires or a Cache-Control header, or caches responses itself (proxy_cache). Add for example \"expires 30s;\" to this server so CDNs and browsers can absorb election-night traffic."));
                return;
            }

            foreach (var level in uncached)
            {
                ctx.Report(Finding.Create(Rule, level.Block, site.Key + "/" + level.Name + "/cache", $"Responses from {level.Name} of the results site {site.DisplayName} carry no expires or Cache-Control and are not cached by nginx (proxy_cache), so every request reaches the origin. Add for example \"expires 30s;\"."));
            }

            foreach (var header in levels.SelectMany(l => l.Headers.GetAll("Cache-Control")).Distinct())
            {
                var forbidding = header.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .FirstOrDefault(d => UncacheableDirectives.Contains(d.ToLowerInvariant()));
                if (forbidding is not null)
                {
                    ctx.Report(Finding.Create(Rule, header.ValueLocation, site.Key + "/cache-control", $"Cache-Control \"{header.Value}\" on the results site {site.DisplayName} says {forbidding}, so no CDN may keep the page. Allow a short shared lifetime, for example \"public, max-age=30\"."));
                }
            }
        });
    }

    private static bool IsCached(ContentLevel level) =>
        level.Settings.Expires.Value is not null || level.Settings.ResponseCache.Value is not null || level.Headers.Find("Cache-Control") is not null;
}
