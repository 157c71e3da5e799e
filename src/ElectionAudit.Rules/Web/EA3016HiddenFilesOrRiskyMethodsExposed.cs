using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3016: requests for hidden files (<c>/.git/config</c>, <c>/.env</c>) reach a location that does not deny them, or a
/// location hands every HTTP method to an application (no <c>limit_except</c>). For Apache: requests for
/// <c>/.htaccess</c>, <c>/.git/config</c> or <c>/.svn/entries</c> are not denied (by a <c>&lt;Files&gt;</c>,
/// <c>&lt;FilesMatch&gt;</c>, <c>&lt;DirectoryMatch&gt;</c> or <c>&lt;Location&gt;</c> with <c>Require all denied</c>,
/// or a matching <c>RedirectMatch 404</c> / <c>RewriteRule [F]</c>), or TRACE is answered (<c>TraceEnable</c> not
/// <c>off</c>; httpd's default is on). Error when a served <c>.git</c> folder is in the results site's document root.
/// </summary>
public sealed class EA3016HiddenFilesOrRiskyMethodsExposed : AuditRule
{
    // Requests that must never be served: a deployed Git checkout and an environment file with secrets.
    private static readonly string[] HiddenPaths = ["/.git/config", "/.env"];

    // CIS Apache 5.10-5.12: deny .ht* files (.htaccess, .htpasswd) and version-control folders.
    private static readonly string[] ApacheHiddenPaths = ["/.htaccess", "/.git/config", "/.svn/entries"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3016",
        "Hidden files or risky methods exposed",
        "{0}",
        Severity.Warning,
        "Sites are often deployed with git, and a served .git directory lets anyone download the whole source history, including credentials committed by mistake; .env files hold secrets outright. Passing every method (PUT, DELETE, ...) to an application widens what an attacker can try.",
        5.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisNginx, "2.5.3", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.1.2", TraceMapping.Explicit),
            new(TraceSource.CisApache, "5.7, 5.8, 5.10-5.12", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // TraceEnable in the main server reaches every virtual host: a model action reports each directive (or each
        // virtual host left at the default) once.
        context.RegisterModelAction(ctx =>
        {
            var reported = new HashSet<Text.Location>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>().Where(s => s.IsApache && s.ServesContent && !s.IsLoopbackOnly))
            {
                if (site.Settings?.TraceEnabled is not { Value: true, IsUnknown: false } trace || (trace.IsDefault && site.HasUnresolvedIncludes) || !reported.Add(trace.Location))
                {
                    continue;
                }

                var origin = trace.IsDefault
                    ? $"No TraceEnable applies to {site.DisplayName}, so {trace.DefaultDescription} is in effect"
                    : $"\"{trace.Directive}\" applies to {site.DisplayName}";
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, trace.Location, $"{site.Key}/trace", [], $"{origin}: the server answers TRACE by echoing the request, headers included, which helps cross-site tracing and shows what proxies add. Set \"TraceEnable off\" at the server level."));
            }
        });
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            if (site.Settings is not { } serverSettings || !site.ServesContent || site.HasUnresolvedIncludes || site.IsLoopbackOnly)
            {
                return;
            }

            if (site.IsApache)
            {
                CheckApacheHiddenFiles(ctx, site);
                return;
            }

            var exposed = new List<string>();
            WebLocationBlock? handler = null;
            foreach (var path in HiddenPaths)
            {
                var block = site.FindLocation(path);
                var settings = block?.Settings ?? serverSettings;
                if (!settings.DeniesEveryone && !settings.IsRestricted && settings.FixedResponse is not { IsConditional: false })
                {
                    exposed.Add(path);
                    handler ??= block;
                }
            }

            if (exposed.Count > 0)
            {
                var by = handler is null ? "the server level" : handler.ToString();
                var related = new List<RelatedLocation>();
                if (handler is not null)
                {
                    related.Add(new RelatedLocation(handler.Location, "nginx picks this location for " + exposed[0]));
                }

                // As for Apache: a served .git folder that is in the scan under the results site's root or alias is an error.
                var gitInScan = site.IsResultsSite && exposed.Contains("/.git/config") ? GitCheckoutInScan(site) : null;
                bool error = gitInScan is not null;
                var evidence = string.Empty;
                if (gitInScan is { } git)
                {
                    evidence = $" The results site's document root holds a Git checkout ({git.File}), so its whole history can be downloaded.";
                    if (git.Root.Directive is { } rootDirective)
                    {
                        related.Add(new RelatedLocation(rootDirective.GetLocation(), $"\"{git.Root.Value}\" maps {git.Uri} to {git.File}"));
                    }
                }

                ctx.Report(Finding.Create(Rule, error ? Severity.Error : Rule.DefaultSeverity, site.Location, $"{site.Key}/hidden-files", related, $"Requests for {string.Join(" and ", exposed)} on {site.DisplayName} are handled by {by}, which does not deny them.{evidence} Add \"location ~ /\\.(?!well-known/) {{ deny all; }}\" to this server."));
            }

            CheckMethods(ctx, site);
        });
    }

    /// <summary>
    /// nginx: the scan path of <c>/.git/config</c> or else <c>/.git/HEAD</c> under the root (or alias) that serves it,
    /// when the request is not denied and the file is in the scan; null otherwise.
    /// </summary>
    private static GitEvidence? GitCheckoutInScan(WebSite site)
    {
        foreach (var uri in (string[])["/.git/config", "/.git/HEAD"])
        {
            var handling = site.HandleRequest(uri);
            if (!handling.IsProtected && handling.FileInScan is { } file)
            {
                return new GitEvidence(uri, file, handling.Settings.DocumentRoot);
            }
        }

        return null;
    }

    /// <summary>A request path for a Git file, its scan path, and the root or alias that maps it.</summary>
    private sealed record GitEvidence(string Uri, string File, EffectiveValue<string> Root);

    private static void CheckMethods(ElementContext<WebSite> ctx, WebSite site)
    {
        foreach (var block in site.Locations)
        {
            if (block.Settings is { Upstream: { } upstream, UnrestrictedMethods: null, IsInternal: false } settings && !settings.DeniesEveryone
                && !WebRuleSupport.IsReportedWithAnotherSite(ctx.Model, site, block))
            {
                var fix = site.IsApache
                    ? "Wrap its access rules in \"<LimitExcept GET POST> Require all denied </LimitExcept>\" (GET includes HEAD) with the methods the application needs."
                    : "Add \"limit_except GET POST { deny all; }\" (GET includes HEAD) with the methods the application needs.";
                var name = site.IsApache ? WebRuleSupport.ApacheSectionName(block) : block.ToString();
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, block.Location, $"{site.Key}/{block}/methods", [new RelatedLocation(upstream.GetLocation(), "every method is passed on here")], $"{name} of {site.DisplayName} passes every HTTP method (PUT, DELETE, ...) to the application. {fix}"));
            }
        }
    }

    /// <summary>
    /// Apache: what a request for each hidden path gets after every section that applies (the main server's
    /// <c>&lt;FilesMatch "^\.ht"&gt;</c> of Debian's apache2.conf included); one finding per site listing the paths
    /// served, at the <c>&lt;VirtualHost&gt;</c>. Error when the <c>.git</c> folder is in the scan under a results site's
    /// document root and served.
    /// </summary>
    private static void CheckApacheHiddenFiles(ElementContext<WebSite> ctx, WebSite site)
    {
        var exposed = ApacheHiddenPaths.Select(site.HandleRequest).Where(h => !h.IsProtected).ToList();
        if (exposed.Count > 0)
        {
            var git = exposed.FirstOrDefault(h => h.Uri.StartsWith("/.git/", StringComparison.Ordinal));
            var gitInScan = git is null ? null : git.FileInScan ?? site.HandleRequest("/.git/HEAD").FileInScan;
            bool error = site.IsResultsSite && gitInScan is not null;
            // The last section that applies to a path is where a denial for it would have had to win; one note per section.
            var related = exposed.Where(h => h.Blocks.Count > 0)
                .GroupBy(h => h.Blocks[^1])
                .Select(g => new RelatedLocation(g.Key.Location, $"{WebRuleSupport.ApacheSectionName(g.Key)} applies to {Join(g.Select(h => h.Uri))} but does not deny {(g.Count() == 1 ? "it" : "them")}"))
                .ToList();
            var evidence = error ? $" The results site's document root holds a Git checkout ({gitInScan}), so its whole history can be downloaded." : string.Empty;
            ctx.Report(Finding.Create(Rule, error ? Severity.Error : Rule.DefaultSeverity, site.Location, $"{site.Key}/hidden-files", related, $"Requests for {Join(exposed.Select(h => h.Uri))} on {site.DisplayName} are not denied.{evidence} Add \"<FilesMatch \"^\\.ht\"> Require all denied </FilesMatch>\" and \"<DirectoryMatch \"/\\.(git|svn)\"> Require all denied </DirectoryMatch>\" (or \"RedirectMatch 404 /\\.(git|svn)\") at the server level."));
        }

        CheckMethods(ctx, site);
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
