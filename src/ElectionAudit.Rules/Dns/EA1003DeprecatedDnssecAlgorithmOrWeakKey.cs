using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1003: a DNSKEY uses an algorithm RFC 8624 forbids or discourages for signing, or an RSA key shorter than 2048 bits.</summary>
public sealed class EA1003DeprecatedDnssecAlgorithmOrWeakKey : AuditRule
{
    /// <summary>The option with the smallest acceptable RSA modulus.</summary>
    public const string MinimumRsaBitsOption = "minimum-rsa-bits";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1003",
        "Deprecated DNSSEC algorithm or weak key",
        "{0}",
        Severity.Error,
        "A signature made with a broken algorithm or a short key can be forged, and validating resolvers increasingly treat such zones as unsigned. RFC 8624 §3.1 says RSAMD5, DSA, DSA-NSEC3-SHA1 and ECC-GOST MUST NOT be used for signing (error) and RSASHA1, RSASHA1-NSEC3-SHA1 and RSASHA512 are NOT RECOMMENDED (warning); RSA keys below 2048 bits are a warning.",
        7.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Rfc, "RFC 8624 §3.1", TraceMapping.Explicit),
            new(TraceSource.Rfc, "RFC 9904 (the algorithms' status kept in the IANA registry)", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E4", TraceMapping.Interpretation),
        ],
        [InputFormat.Zone],
        options: [new RuleOption(MinimumRsaBitsOption, "Smallest RSA modulus, in bits, accepted without a warning.", "2048")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            int minimum = ctx.Options.GetInt32Option(Rule, MinimumRsaBitsOption);
            foreach (var key in ctx.Element.Dnssec.Keys)
            {
                var name = DnssecAlgorithm.Mnemonic(key.Algorithm);
                var keyName = $"{(key.IsKeySigningKey ? "key-signing key" : "zone-signing key")} {key.KeyTag}";
                switch (DnssecAlgorithm.SigningStatus(key.Algorithm))
                {
                    case DnssecSigningStatus.MustNot:
                        ctx.Report(Finding.Create(Rule, Severity.Error, DnsRuleSupport.TokenLocation(key.Record, 2), $"{ctx.Element.Key}/key:{key.KeyTag}/algorithm", [],
                            $"DNSKEY {keyName} of {ctx.Element.Apex} uses algorithm {key.Algorithm} ({name}), which RFC 8624 says MUST NOT be used for signing. Roll to ECDSAP256SHA256 (13) or RSASHA256 (8)."));
                        continue;
                    case DnssecSigningStatus.NotRecommended:
                        ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.TokenLocation(key.Record, 2), $"{ctx.Element.Key}/key:{key.KeyTag}/algorithm", [],
                            $"DNSKEY {keyName} of {ctx.Element.Apex} uses algorithm {key.Algorithm} ({name}), which RFC 8624 marks NOT RECOMMENDED for signing. Roll to ECDSAP256SHA256 (13) or RSASHA256 (8)."));
                        break;
                }

                if (DnssecAlgorithm.IsRsa(key.Algorithm) && key.KeySize is { } bits && bits < minimum)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Warning, DnsRuleSupport.TokensFrom(key.Record, 3), $"{ctx.Element.Key}/key:{key.KeyTag}/size", [],
                        $"DNSKEY {keyName} of {ctx.Element.Apex} has a {bits}-bit RSA modulus, below {minimum} bits. Generate a 2048-bit (or ECDSA P-256) key and roll over."));
                }
            }
        });
    }
}
