using System.Globalization;
using ElectionAudit.Model;
using ElectionAudit.Model.Binding;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;

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
    /// The nginx directives named <paramref name="name"/> in the server block, its locations, and the blocks that enclose
    /// it (http), nearest first. Directives reached through <c>include</c> inside those blocks are not seen.
    /// </summary>
    public static IEnumerable<NginxDirectiveSyntax> DirectivesAround(WebSite site, string name)
    {
        if (site.Declaration is not NginxDirectiveSyntax server || server.Block is null)
        {
            yield break;
        }

        foreach (var directive in Descendants(server.Block).Where(d => d.Is(name)))
        {
            yield return directive;
        }

        for (var block = server.ParentBlock; block is not null; block = block.ParentDirective?.ParentBlock)
        {
            foreach (var directive in block.DirectivesNamed(name))
            {
                yield return directive;
            }
        }
    }

    private static IEnumerable<NginxDirectiveSyntax> Descendants(NginxBlockSyntax block)
    {
        foreach (var directive in block.Directives)
        {
            yield return directive;
            if (directive.Block is { } inner)
            {
                foreach (var nested in Descendants(inner))
                {
                    yield return nested;
                }
            }
        }
    }
}
