using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Schema;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1016: a site declares DNS failover but its records (or the CNAME chain to them) have TTLs above the tolerated maximum.</summary>
public sealed class EA1016TtlTooLongForDeclaredFailover : AuditRule
{
    /// <summary>The option with the default maximum TTL in seconds.</summary>
    public const string MaximumTtlOption = "maximum-ttl";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1016",
        "TTL too long for declared failover",
        "{0}",
        Severity.Warning,
        "DNS failover only works as fast as caches forget the old answer. When the descriptor declares failover.type: dns for a site, every record on the way from the host name to its addresses should have a TTL no longer than the site's failover.ttl_max (or 300 seconds, our reading), or voters keep reaching the failed server for the length of the TTL.",
        4.0,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Zone],
        options: [new RuleOption(MaximumTtlOption, "Largest TTL, in seconds, for records of a host with DNS failover when the site does not set failover.ttl_max.", "300")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            if (site.Mapping?.Find("failover")?.Value is not YamlMappingSyntax failover || Scalar(failover, "type") != "dns")
            {
                return;
            }

            long maximum = Scalar(failover, "ttl_max") is { } text && ScalarValues.TryParseDuration(text, out var declared)
                ? (long)declared.TotalSeconds
                : ctx.Options.GetInt32Option(Rule, MaximumTtlOption);
            var dns = ctx.Model.Dns;
            foreach (var host in site.Hosts)
            {
                if (DnsModel.TryParseHost(host.Value) is not { } name || dns.FindAuthoritativeZone(name) is null)
                {
                    continue;
                }

                var chain = dns.ResolveCname(name);
                var records = chain.Steps.ToList();
                if (dns.FindAuthoritativeZone(chain.Target) is { } targetZone)
                {
                    records.AddRange(targetZone.GetRecords(chain.Target).Where(r => r.Type == DnsRecordType.A || r.Type == DnsRecordType.AAAA));
                }

                foreach (var record in records.Where(r => r.Ttl > maximum))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.TtlLocation(record), $"{site.Key}/ttl:{record.Owner}/{record.Type}", [new RelatedLocation(host.Location, "host with DNS failover")],
                        $"{record.Owner} {record.Type} has TTL {record.Ttl} s, but site '{site.Name}' declares DNS failover for {name} with at most {maximum} s: after a switch, caches keep sending voters to the old server for up to {record.Ttl} s. Lower the TTL."));
                }
            }
        });
    }

    private static string? Scalar(YamlMappingSyntax mapping, string key) => mapping.Find(key)?.Value is YamlScalarSyntax { IsNull: false } scalar ? scalar.Value : null;
}
