using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5008: count centres transmit results over an unencrypted or unauthenticated channel.</summary>
public sealed class EA5008CountCentreTransmissionUnprotected : AuditRule
{
    /// <summary>Protocols that encrypt and can authenticate both ends.</summary>
    public static IReadOnlyList<string> ProtectedProtocols { get; } = ["https", "sftp", "ipsec", "tls"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5008",
        "Count-centre transmission unauthenticated or unencrypted",
        "{0}",
        Severity.Error,
        "The figures count centres send to the tabulation centre are the results. Sent in clear text, or to an endpoint that does not check who is sending, they can be read, altered or forged on the way. The CIS Handbook asks for encrypted, authenticated transmission of unofficial results.",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisHandbook, "HB46", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB83", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB85", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Encrypt in Transit", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;
            var blocks = new[] { descriptor.Section("results").Section("transmission") }
                .Concat(descriptor.ResultsChannels.Select(c => c.Section("transmission")))
                .Where(b => b.IsPresent);
            foreach (var block in blocks)
            {
                if (block.GetText("protocol") is { } protocol && !ProtectedProtocols.Contains(protocol.Value))
                {
                    ctx.Report(Finding.Create(Rule, protocol.Location, $"{block.Key}/protocol", $"Results are transmitted over '{protocol.Value}' ({block.Key}), which does not both encrypt and authenticate. Transmit over HTTPS, SFTP, TLS or an IPsec tunnel."));
                }

                if (block.GetBoolean("mutual_auth") is { Value: false } mutual)
                {
                    ctx.Report(Finding.Create(Rule, mutual.Location, $"{block.Key}/mutual-auth", $"Results transmission '{block.Key}' does not authenticate both ends ('mutual_auth: false'), so a forged sender or receiver is accepted. Authenticate count centres with client certificates or equivalent credentials."));
                }
            }
        });
    }
}
