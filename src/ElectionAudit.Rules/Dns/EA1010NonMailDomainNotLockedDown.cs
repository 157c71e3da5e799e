using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1010: the descriptor says the official domains send no mail, but a zone lacks the records that tell receivers so.</summary>
public sealed class EA1010NonMailDomainNotLockedDown : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1010",
        "Non-mail domain not locked down",
        "{0}",
        Severity.Warning,
        "Official domains that send no mail are still spoofed in phishing and disinformation campaigns. When the descriptor says email.sends: false, each zone should publish a null MX ('MX 0 .', RFC 7505), an SPF record that allows nothing ('v=spf1 -all') and a DMARC record with p=reject, as internet.nl recommends for non-mail domains.",
        4.5,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "No-mail domain practice", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 7505", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E8", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Zone]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            var sends = DnsRuleSupport.EmailSections(ctx.Model).Select(e => e.GetBoolean("sends")).FirstOrDefault(f => f is not null);
            if (sends is not { Value: false } || !DnsRuleSupport.IsElectionZone(zone))
            {
                return;
            }

            var related = new[] { new RelatedLocation(sends.Location, "email.sends: false") };
            var key = zone.Key + "/no-mail";
            var mx = zone.GetRecords(zone.Apex, DnsRecordType.MX).ToList();
            if (mx.Count == 0)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, zone.Location, $"{key}/mx", related, $"{zone.Apex} sends and receives no mail but has no null MX. Add '@ MX 0 .' (RFC 7505) so senders fail fast instead of queueing."));
            }
            else if (mx.FirstOrDefault(r => r.Data is not MxRecordData { Exchange.IsRoot: true }) is { } real)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.RdataLocation(real), $"{key}/mx", related, $"{zone.Apex} is declared as not handling mail, yet its MX points at {((MxRecordData)real.Data).Exchange}. Replace the MX set with '@ MX 0 .'."));
            }

            var spf = zone.SpfRecordsAt(zone.Apex);
            if (spf.IsEmpty)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, zone.Location, $"{key}/spf", related, $"{zone.Apex} sends no mail but publishes no SPF record. Add '@ TXT \"v=spf1 -all\"' so receivers reject mail forging it."));
            }
            else if (spf[0].Terms.Any(t => t.Kind != SpfTermKind.All) || spf[0].All is not { Qualifier: '-' })
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.RdataLocation(spf[0].Record), $"{key}/spf", related, $"{zone.Apex} sends no mail, but its SPF record '{spf[0].Text}' authorises senders or does not fail the rest. Use exactly \"v=spf1 -all\"."));
            }

            if (zone.ParentZone is { } parent && DnsRuleSupport.IsElectionZone(parent))
            {
                return; // the organisational domain's DMARC record covers a subzone (RFC 7489 §6.6.3)
            }

            var dmarc = zone.DmarcRecordsFor(zone.Apex);
            if (dmarc.IsEmpty)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, zone.Location, $"{key}/dmarc", related, $"{zone.Apex} sends no mail but has no DMARC record. Add '_dmarc TXT \"v=DMARC1; p=reject;\"'."));
            }
            else if (dmarc[0].Policy is not { } policy || !policy.Value.Equals("reject", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, dmarc[0].Policy is { } p ? dmarc[0].LocationOf(p) : DnsRuleSupport.RdataLocation(dmarc[0].Record), $"{key}/dmarc", related,
                    $"{zone.Apex} sends no mail, so its DMARC policy should be p=reject, not {(dmarc[0].Policy?.Value is { } value ? "p=" + value : "missing")}."));
            }
        });
    }
}
