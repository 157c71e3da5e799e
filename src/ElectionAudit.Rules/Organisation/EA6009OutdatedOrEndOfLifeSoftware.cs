using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>
/// EA6009: declared software is past its end of life (error) or below its minimum version (warning).
/// RULES.md also reads versions leaked in nginx/Apache banners; that half needs the web-server model and is not evaluated yet.
/// </summary>
public sealed class EA6009OutdatedOrEndOfLifeSoftware : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6009",
        "Outdated or end-of-life software",
        "{0}",
        Severity.Error,
        "Software past its end of life gets no more security fixes: every flaw found after that date stays open on the results site for good. Versions below the organisation's own minimum miss fixes it decided it needs. The CIS Handbook, the CIS Essential Guide and CISA ask election offices to patch and to replace unsupported software.",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB62", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Patching", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA patch management guidance", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "1.2.2", TraceMapping.Explicit),
            new(TraceSource.CisApache, "6.5", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.IP-12", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SoftwareElement>(ctx =>
        {
            var software = ctx.Element;
            var asOf = ctx.Options.AsOf;
            var label = software.Version is { } v ? $"{software.Name} {v.Value}" : software.Name;
            if (software.EndOfLife is { } eol && eol.Value <= asOf)
            {
                var (eolBanners, eolRelated) = Banners(ctx.Model, software);
                ctx.Report(Finding.Create(Rule, Severity.Error, eol.Location, $"{software.Key}/eol", eolRelated, $"{label} reached its end of life on {Format(eol.Value)} (audit date {Format(asOf)}) and no longer receives security fixes.{eolBanners} Upgrade to a supported release."));
                return;
            }

            if (software.Version is { } version && software.MinimumVersion is { } minimum && SoftwareVersion.Compare(version.Value, minimum.Value) < 0)
            {
                var (banners, related) = Banners(ctx.Model, software);
                ctx.Report(Finding.Create(Rule, Severity.Warning, version.Location, $"{software.Key}/min-version", related, $"{software.Name} {version.Value} is below the minimum version {minimum.Value}.{banners} Upgrade it."));
            }
        });
    }

    /// <summary>
    /// The web half (RULES.md: "versions leaked in N/A banners"): the sites of this web server whose effective
    /// server_tokens / ServerTokens / ServerSignature name the version in the Server header or on error pages, so the
    /// outdated version is announced to every client. Returns a sentence for the message and the related locations.
    /// </summary>
    private static (string Text, RelatedLocation[] Related) Banners(Model.InfrastructureModel model, SoftwareElement software)
    {
        var product = software.Name.ToLowerInvariant() switch
        {
            "nginx" => "nginx",
            "apache" or "apache2" or "httpd" or "apache-httpd" or "apache httpd" => Model.Web.WebSite.ApacheSoftware,
            _ => null,
        };
        if (product is null)
        {
            return (string.Empty, []);
        }

        // One related location per directive (or, for a default, per site): a server_tokens in http covers every server.
        var disclosing = model.BoundElementsOfType<Model.Web.WebSite>()
            .Where(w => w.Software == product && w.Settings is { DisclosesVersion: { Value: true, IsUnknown: false } })
            .GroupBy(w => w.Settings!.DisclosesVersion.Location)
            .ToList();
        if (disclosing.Count == 0)
        {
            return (string.Empty, []);
        }

        var directive = product == "nginx" ? "server_tokens" : "ServerTokens/ServerSignature";
        var names = string.Join(", ", disclosing.SelectMany(g => g).Select(w => w.DisplayName).Distinct(StringComparer.Ordinal));
        var related = disclosing.Select(g => new RelatedLocation(g.Key, $"{directive} here names the version ({g.First().Settings!.DisclosesVersion.DescribeOrigin()})")).ToArray();
        return ($" The configuration announces the version to every client ({directive}) on {names}.", related);
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
