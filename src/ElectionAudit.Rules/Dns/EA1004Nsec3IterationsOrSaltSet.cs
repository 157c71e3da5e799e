using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1004: NSEC3 with extra iterations or a salt, which RFC 9276 says to avoid.</summary>
public sealed class EA1004Nsec3IterationsOrSaltSet : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1004",
        "NSEC3 iterations or salt set",
        "{0}",
        Severity.Warning,
        "Extra NSEC3 hash iterations and salts add no real protection against zone walking but cost resolvers CPU; RFC 9276 asks for 0 iterations and an empty salt, and allows validators to treat zones with many iterations as insecure, which would silently remove the election domain's DNSSEC protection.",
        4.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Rfc, "RFC 9276 §3.1", TraceMapping.Explicit),
        ],
        [InputFormat.Zone, InputFormat.NamedConf]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<DnsZone>(ctx =>
        {
            foreach (var record in ctx.Element.Dnssec.Nsec3Parameters)
            {
                if (record.Data is not Nsec3ParamRecordData data)
                {
                    continue;
                }

                if (data.Iterations > 0)
                {
                    ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 2), $"{ctx.Element.Key}/nsec3/iterations",
                        $"NSEC3PARAM of {ctx.Element.Apex} asks for {data.Iterations.ToString(CultureInfo.InvariantCulture)} extra hash iterations; RFC 9276 recommends 0. Re-sign with iterations 0."));
                }

                if (!data.Salt.IsEmpty)
                {
                    ctx.Report(Finding.Create(Rule, DnsRuleSupport.TokenLocation(record, 3), $"{ctx.Element.Key}/nsec3/salt",
                        $"NSEC3PARAM of {ctx.Element.Apex} sets a {data.Salt.Length.ToString(CultureInfo.InvariantCulture)}-octet salt; RFC 9276 recommends none ('-'). Re-sign without a salt."));
                }
            }
        });

        context.RegisterSyntaxNodeAction<NamedConfFileSyntax>(ctx =>
        {
            // nsec3param lives in a top-level dnssec-policy definition (BIND 9 ARM, "dnssec-policy Grammar").
            foreach (var policy in ctx.Node.Statements.Where(s => s.Keyword == "dnssec-policy" && s.Block is not null))
            {
                if (policy.Find("nsec3param") is not { } nsec3)
                {
                    continue;
                }

                var values = nsec3.Values;
                for (int i = 1; i + 1 < values.Length; i++)
                {
                    var keyword = values[i].Text.ToLowerInvariant();
                    if (keyword is not ("iterations" or "salt-length") || !int.TryParse(values[i + 1].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0)
                    {
                        continue;
                    }

                    var policyName = policy.Values.Length > 1 ? policy.Values[1].Text : "(unnamed)";
                    ctx.Report(Finding.Create(Rule, ctx.Node.Tree.Source.GetLocation(values[i + 1].Span), $"dnssec-policy:{policyName}/nsec3/{keyword}",
                        keyword == "iterations"
                            ? $"dnssec-policy '{policyName}' sets nsec3param iterations {number}; RFC 9276 recommends 0."
                            : $"dnssec-policy '{policyName}' sets nsec3param salt-length {number}; RFC 9276 recommends 0 (no salt)."));
                }
            }
        });
    }
}
