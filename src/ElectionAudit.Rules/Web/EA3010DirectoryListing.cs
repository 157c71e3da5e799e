using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3010: directory listings are on (nginx <c>autoindex on</c>).</summary>
public sealed class EA3010DirectoryListing : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3010",
        "Directory listing",
        "{0}",
        Severity.Warning,
        "A directory listing shows every file under a path, including drafts of results, backups and configuration that were never meant to be linked. On a results site that can mean publishing figures before they are final.",
        5.5,
        RulePrecision.High,
        [
            new(TraceSource.CisNginx, "2.1.4", TraceMapping.Explicit),
            new(TraceSource.CisApache, "2.5", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // autoindex set in http or server reaches many levels; report each directive once, at the highest severity of the sites it affects.
        context.RegisterModelAction(ctx =>
        {
            var directives = new Dictionary<SyntaxNode, (WebSite Site, Severity Severity)>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                var levels = new[] { site.Settings }.Concat(site.Locations.Select(l => l.Settings)).OfType<WebSettings>();
                foreach (var listing in levels.Select(s => s.DirectoryListing).Where(v => v is { Value: true, Directive: not null, IsUnknown: false }))
                {
                    var severity = site.IsResultsSite ? Severity.Error : Rule.DefaultSeverity;
                    if (!directives.TryGetValue(listing.Directive!, out var seen) || seen.Severity < severity)
                    {
                        directives[listing.Directive!] = (site, severity);
                    }
                }
            }

            foreach (var (directive, (site, severity)) in directives.OrderBy(d => d.Key.GetLocation().Path, StringComparer.Ordinal).ThenBy(d => d.Key.Span.Start))
            {
                ctx.Report(site.IsApache
                    ? Finding.Create(Rule, severity, directive.GetLocation(), $"{site.Key}/indexes", [], $"\"{directive}\" turns on Indexes, so mod_autoindex lists the files of every directory without an index page on {site.DisplayName}{(site.IsResultsSite ? ", a results site" : string.Empty)}. Remove Indexes (\"Options -Indexes\") and publish an explicit index of the files meant to be downloaded.")
                    : Finding.Create(Rule, severity, directive.GetLocation(), $"{site.Key}/autoindex", [], $"\"autoindex on\" lists the files of every directory without an index page on {site.DisplayName}{(site.IsResultsSite ? ", a results site" : string.Empty)}. Remove it (the default is off) and publish an explicit index of the files meant to be downloaded."));
            }
        });
    }
}
