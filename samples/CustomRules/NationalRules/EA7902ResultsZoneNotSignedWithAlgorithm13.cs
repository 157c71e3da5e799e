using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;

namespace NationalRules;

/// <summary>
/// EA7902: the zone of a results host is not DNSSEC-signed with algorithm 13 (ECDSA P-256 with SHA-256). A sample
/// national requirement that fixes one algorithm, so that every validating resolver in the country handles it and keys
/// stay small enough for UDP answers.
/// </summary>
public sealed class EA7902ResultsZoneNotSignedWithAlgorithm13 : AuditRule
{
    // RFC 6605 §2: DNSSEC algorithm number 13 is ECDSA Curve P-256 with SHA-256; RFC 8624 §3.1 makes it MUST for signing.
    private const byte EcdsaP256Sha256 = 13;

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7902",
        "Results zone not signed with algorithm 13",
        "{0}",
        Severity.Error,
        "A national requirement (sample): the zone that serves a results site's host (role: results) is DNSSEC-signed with algorithm 13, ECDSA P-256 with SHA-256 (RFC 6605), and with no other algorithm. The rule reads pre-signed zone files in the repository; a zone that named.conf signs on load, or that the repository does not hold, is not judged.",
        7.5,
        RulePrecision.High,
        [
            new TraceReference(TraceSource.Rfc, "8624 §3.1", TraceMapping.Interpretation),
            new TraceReference(TraceSource.Other, "National DNSSEC policy (sample)", TraceMapping.Explicit),
        ],
        [InputFormat.Zone, InputFormat.Descriptor])
    {
        HelpUri = "https://example.org/national-rules/EA7902.md",
    };

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            var zone = ctx.Element;
            var site = zone.Sites.FirstOrDefault(s => s.IsResultsSite);
            if (site is null)
            {
                return;
            }

            var keys = zone.Dnssec.Keys;
            if (keys.IsEmpty)
            {
                // named.conf may sign the zone on load with a policy this rule cannot see: no evidence, no finding.
                if (!zone.NamedConfZones.Any())
                {
                    ctx.Report(Finding.Create(Rule, zone.Location, $"{zone.Key}/unsigned",
                        $"Zone {zone.Apex} serves results site '{site.Name}' but holds no DNSKEY. Sign it with algorithm 13 (ECDSAP256SHA256), for example BIND's 'dnssec-policy default;'."));
                }

                return;
            }

            foreach (var key in keys.Where(k => k.Algorithm != EcdsaP256Sha256))
            {
                ctx.Report(Finding.Create(Rule, key.Record.GetLocation(), $"{zone.Key}/dnskey:{key.KeyTag}",
                    $"Zone {zone.Apex} serves results site '{site.Name}' and has a DNSKEY (key tag {key.KeyTag}) with algorithm {key.Algorithm}; the national policy allows algorithm 13 (ECDSAP256SHA256) only. Roll the zone to algorithm 13."));
            }
        });
    }
}
