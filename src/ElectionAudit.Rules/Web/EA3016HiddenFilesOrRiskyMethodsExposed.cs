using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3016: requests for hidden files (<c>/.git/config</c>, <c>/.env</c>) reach a location that does not deny them, or a
/// location hands every HTTP method to an application (no <c>limit_except</c>).
/// </summary>
public sealed class EA3016HiddenFilesOrRiskyMethodsExposed : AuditRule
{
    // Requests that must never be served: a deployed Git checkout and an environment file with secrets.
    private static readonly string[] HiddenPaths = ["/.git/config", "/.env"];

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
        [InputFormat.Nginx]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;
            // The Apache half (<FilesMatch "^\.ht"> denials, TraceEnable) is not modelled yet: silent on Apache.
            if (site.Settings is not { } serverSettings || site.IsApache || !site.ServesContent || site.HasUnresolvedIncludes)
            {
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
                RelatedLocation[] related = handler is null ? [] : [new RelatedLocation(handler.Location, "nginx picks this location for " + exposed[0])];
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, site.Location, site.Key + "/hidden-files", related, $"Requests for {string.Join(" and ", exposed)} on {site.DisplayName} are handled by {by}, which does not deny them. Add \"location ~ /\\.(?!well-known/) {{ deny all; }}\" to this server."));
            }

            foreach (var block in site.Locations)
            {
                if (block.Settings is { Upstream: { } upstream, UnrestrictedMethods: null, IsInternal: false } settings && !settings.DeniesEveryone)
                {
                    ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, block.Location, site.Key + "/" + block + "/methods", [new RelatedLocation(upstream.GetLocation(), "every method is passed on here")], $"{block} of {site.DisplayName} passes every HTTP method (PUT, DELETE, ...) to the application. Add \"limit_except GET POST {{ deny all; }}\" (GET includes HEAD) with the methods the application needs."));
                }
            }
        });
    }
}
