using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1006: no CAA record set applies to the zone's names, a CAA record is malformed, or the relevant set has no issue tag.</summary>
public sealed class EA1006CaaMissingOrInvalid : AuditRule
{
    /// <summary>Property tags RFC 8659 §4 and the IANA "Certification Authority Restriction Properties" registry define.</summary>
    public static IReadOnlyList<string> KnownTags { get; } = ["issue", "issuewild", "iodef", "contactemail", "contactphone", "issuemail", "issuevmc"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1006",
        "CAA missing or invalid",
        "{0}",
        Severity.Warning,
        "A CAA record set tells certificate authorities which of them may issue certificates for a name (RFC 8659). Without one, any of the hundreds of public CAs may issue for the results domain, so a mis-issued or socially engineered certificate is easier to obtain. The rule follows RFC 8659's climb from each host to the apex and checks the records' syntax.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "CAA", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 8659", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB9", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            if (!DnsRuleSupport.IsElectionZone(zone))
            {
                return;
            }

            foreach (var record in zone.RecordsOfType(DnsRecordType.CAA).Where(r => r.Data is CaaRecordData))
            {
                if (Problem((CaaRecordData)record.Data) is { } problem)
                {
                    ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 2), $"{zone.Key}/caa:{record.Owner}/{((CaaRecordData)record.Data).Tag}", $"CAA record at {record.Owner}: {problem}"));
                }
            }

            // The apex, and every descriptor host in the zone (a host's own CNAME may lead to another set).
            var names = new List<DomainName> { zone.Apex };
            names.AddRange(zone.Sites.SelectMany(s => s.Hosts).Select(h => DnsModel.TryParseHost(h.Value)).OfType<DomainName>().Where(n => n != zone.Apex && zone.IsAuthoritativeFor(n)).Distinct());
            foreach (var name in names)
            {
                var lookup = zone.Model.FindCaa(name);
                if (lookup.Found)
                {
                    if (!lookup.Records.Any(r => ((CaaRecordData)r.Data).Tag.Equals("issue", StringComparison.OrdinalIgnoreCase)))
                    {
                        ctx.Report(Finding.Create(Rule, lookup.Records[0].GetLocation(), $"{zone.Key}/caa:{lookup.FoundAt}/no-issue",
                            $"The CAA set at {lookup.FoundAt} that applies to {name} has no 'issue' property, so it does not restrict which CA may issue ordinary certificates. Add for example: CAA 0 issue \"letsencrypt.org\"."));
                    }

                    continue;
                }

                if (name != zone.Apex && lookup.LeftRepository)
                {
                    continue; // the host is an alias to a name outside the repository, whose CAA set is unknown
                }

                var where = name == zone.Apex ? zone.Location : (zone.GetRecords(name) is { Count: > 0 } hostRecords ? hostRecords[0].GetLocation() : null) ?? zone.Location;
                ctx.Report(Finding.Create(Rule, where, $"{zone.Key}/caa:{name}/missing",
                    $"No CAA record applies to {name}: none at the name or any parent up to {zone.Apex}{(zone.ParentZone is null ? string.Empty : " and the parent zones in the repository")}, so any CA may issue certificates for it. Add at the apex: CAA 0 issue \"<your CA's domain>\" and CAA 0 iodef \"mailto:<security contact>\"."));
            }
        });
    }

    private static string? Problem(CaaRecordData data)
    {
        var tag = data.Tag.ToLowerInvariant();
        if (!KnownTags.Contains(tag))
        {
            return data.IsCritical
                ? $"unknown property '{data.Tag}' with the critical flag set: RFC 8659 §4.1 forbids every CA from issuing."
                : null;
        }

        if (tag is "issue" or "issuewild")
        {
            var value = data.Value.Trim();
            var domain = (value.Contains(';', StringComparison.Ordinal) ? value[..value.IndexOf(';', StringComparison.Ordinal)] : value).Trim();
            if (domain.Length > 0 && !IsIssuerDomain(domain))
            {
                return $"'{data.Value}' is not an issuer domain name (RFC 8659 §4.2), so the property is malformed and CAs treat it as forbidding issuance.";
            }
        }
        else if (tag == "iodef" && !(data.Value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || data.Value.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || data.Value.StartsWith("http:", StringComparison.OrdinalIgnoreCase)))
        {
            return $"iodef '{data.Value}' is not a mailto: or http(s): URL (RFC 8659 §4.4), so incident reports cannot be sent.";
        }

        return null;
    }

    private static bool IsIssuerDomain(string text) =>
        text.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');
}
