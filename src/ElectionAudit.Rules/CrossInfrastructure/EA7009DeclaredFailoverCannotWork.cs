using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Schema;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7009: a site declares DNS failover, but the TTLs, the standby's record, certificate or server block make it fail or weaken it.</summary>
public sealed class EA7009DeclaredFailoverCannotWork : AuditRule
{
    /// <summary>The option with the default maximum TTL in seconds.</summary>
    public const string MaximumTtlOption = "maximum-ttl";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7009",
        "Declared failover cannot work",
        "{0}",
        Severity.Warning,
        "A failover plan written in the descriptor is only as good as the configuration behind it: long TTLs keep voters on the failed server, a standby name missing from the zone cannot be switched to, a standby whose certificate does not cover it shows a certificate error, and a standby without a server block, or with weaker TLS or no HSTS, is a worse site than the one it replaces.",
        5.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Zone, InputFormat.Nginx, InputFormat.Pem],
        options: [new RuleOption(MaximumTtlOption, "Largest TTL, in seconds, on the failover path when the site sets no failover.ttl_max.", "300")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            var failover = site.Section("failover");
            if (failover.GetText("type")?.Value != "dns")
            {
                return;
            }

            var binding = ctx.Model.Binding;
            long maximum = failover.GetDuration("ttl_max") is { } declared ? (long)declared.Value.TotalSeconds : ctx.Options.GetInt32Option(Rule, MaximumTtlOption);
            var primaries = site.Hosts.Select(h => (Written: h, Host: binding.Host(h.Value))).Where(p => p.Host is not null).ToList();
            foreach (var (written, host) in primaries)
            {
                var path = host!.Chain.Steps.Concat(host.Addresses.Select(a => a.Record)).Where(r => r.Ttl > maximum).ToList();
                foreach (var record in path)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, record.Tree.Source.GetLocation(record.TtlSpan ?? record.TypeSpan), $"{site.Key}/ttl:{record.Owner}/{record.Type}", [new RelatedLocation(written.Location, "host with DNS failover"), new RelatedLocation(failover.Location, "failover declaration")],
                        $"Site '{site.Name}' declares DNS failover for {written.Value}, but {CrossRuleSupport.Host(record.Owner)} {record.Type} on its resolution path has TTL {record.Ttl} s, above {maximum} s: after the switch, caches keep sending voters to the failed server. Lower the TTL."));
                }
            }

            if (failover.GetText("standby") is not { } standbyText || binding.Host(standbyText.Value) is not { } standby)
            {
                return;
            }

            var standbyName = CrossRuleSupport.Host(standby.Name);
            if (standby.Zone is { } zone && !standby.IsPublished && standby.Chain.Steps.IsEmpty)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, standbyText.Location, $"{site.Key}/standby/no-record", [CrossRuleSupport.Zone(zone)],
                    $"Site '{site.Name}' fails over to {standbyName}, but zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path}), which is authoritative for it, has no record for it: there is nothing to switch to. Publish the standby's record."));
            }

            var primarySites = primaries.SelectMany(p => p.Host!.WebSites.Where(w => w.IsExact)).Select(w => w.Site).Distinct().OrderByDescending(s => s.UsesTls).ToList();
            if (primarySites.Count == 0)
            {
                return; // Without the primary's server block there is nothing to compare the standby with.
            }

            var standbySites = standby.WebSites.Select(w => w.Site).Distinct().ToList();
            var primaryRelated = primaries.SelectMany(p => p.Host!.WebSites.Where(w => w.IsExact)).Select(CrossRuleSupport.ServerName).ToList();
            if (standbySites.Count == 0)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, standbyText.Location, $"{site.Key}/standby/no-server", primaryRelated,
                    $"Site '{site.Name}' fails over to {standbyName}, but no server block in the repository answers to that name, while the primary is served by {primarySites[0].DisplayName}: after the switch, voters reach a default site or nothing. Add a server block for the standby."));
                return;
            }

            if (!standby.Certificates.IsEmpty && !standby.Certificates.Any(c => c.Covers))
            {
                var related = standby.Certificates.Select(c => new RelatedLocation(c.Chain.Location, $"certificate {c.Chain.Path} covers {string.Join(", ", c.Chain.Leaf!.DnsNames)}")).ToList();
                ctx.Report(Finding.Create(Rule, Severity.Warning, standbyText.Location, $"{site.Key}/standby/certificate", related,
                    $"Site '{site.Name}' fails over to {standbyName}, but the certificate its server block serves ({standby.Certificates[0].Chain.Path}) does not cover that name: after the switch, visitors get a certificate error. Add the standby name to the certificate."));
            }

            var standbyMatch = standby.WebSites[0];
            bool primaryTls = primarySites.Any(s => s.UsesTls);
            bool primaryHsts = primarySites.Any(s => CrossRuleSupport.Hsts(s) is not null);
            string? weaker = primaryTls && !standbySites.Any(s => s.UsesTls) ? "serves no TLS while the primary does"
                : primaryHsts && !standbySites.Any(s => CrossRuleSupport.Hsts(s) is not null) ? "sends no Strict-Transport-Security header while the primary does"
                : null;
            if (weaker is not null)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, standbyMatch.ServerName.Location, $"{site.Key}/standby/weaker", [.. primaryRelated, new RelatedLocation(standbyText.Location, "standby declared here")],
                    $"The standby {standbyName} of site '{site.Name}' ({standbyMatch.Site.DisplayName}) {weaker} ({primarySites[0].DisplayName}): failing over weakens the site. Give the standby the primary's TLS and header settings."));
            }
        });
    }
}
