using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5012: a hosting, CDN, DDoS, DNS or registrar provider the infrastructure relies on has no escalation contact
/// recorded (<c>providers[].contact</c>), or is named somewhere in the descriptor without a <c>providers[]</c> entry at all.
/// </summary>
public sealed class EA5012ProviderContactsMissing : AuditRule
{
    /// <summary>Provider kinds whose failure takes results publication or the election's names offline.</summary>
    public static IReadOnlyList<string> CoveredKinds { get; } = ["hosting", "cdn", "ddos", "dns", "registrar"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5012",
        "Provider contacts missing",
        "{0} Record a 24/7 escalation contact under 'providers[].contact' before election night, so the team can reach the provider within minutes when the site or the domain is under attack.",
        Severity.Note,
        "When the results site is flooded or the domain is hijacked, the fix lies with the hosting, CDN, DNS or registrar provider. CIS asks election offices to know in advance how to reach each provider during an incident; a contact looked up on election night costs the time the results site does not have.",
        2.0,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB34", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB73", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "ID.SC-2", TraceMapping.Interpretation),
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
            var references = References(descriptor).ToList();
            foreach (var provider in descriptor.Providers)
            {
                if (provider.Contact is not null)
                {
                    continue;
                }

                var kind = provider.Kind?.Value;
                var role = kind is not null && CoveredKinds.Contains(kind)
                    ? kind
                    : references.FirstOrDefault(r => string.Equals(r.Name.Value, provider.Name, StringComparison.OrdinalIgnoreCase)).Role;
                if (role is null)
                {
                    continue;
                }

                ctx.Report(Finding.Create(Rule, provider.GetText("name")?.Location ?? provider.Location, $"{provider.Key}/contact",
                    $"Provider '{provider.Name}' ({role}) has no 'contact'."));
            }

            foreach (var reference in references.DistinctBy(r => r.Name.Value, StringComparer.OrdinalIgnoreCase))
            {
                if (descriptor.FindProvider(reference.Name.Value) is null)
                {
                    ctx.Report(Finding.Create(Rule, reference.Name.Location, "provider-reference:" + reference.Name.Value.ToLowerInvariant(),
                        $"The {reference.Role} provider '{reference.Name.Value}' named here has no entry under 'providers', so no contact is recorded for it."));
                }
            }
        });
    }

    /// <summary>Every place the descriptor names a hosting, CDN, DDoS or DNS provider, in document order by section.</summary>
    private static IEnumerable<(Located<string> Name, string Role)> References(ElectionDescriptor descriptor)
    {
        foreach (var site in descriptor.Sites)
        {
            if (site.Ddos.GetText("provider") is { } ddos)
            {
                yield return (ddos, "ddos");
            }

            if (site.Ddos.GetText("cdn") is { } cdn)
            {
                yield return (cdn, "cdn");
            }

            if (site.StaticFallback.GetText("provider") is { } fallback)
            {
                yield return (fallback, "hosting");
            }
        }

        var dns = descriptor.Section("dns");
        foreach (var zone in dns.Items("zones"))
        {
            foreach (var provider in zone.GetTextList("providers"))
            {
                yield return (provider, "dns");
            }
        }

        foreach (var provider in dns.GetTextList("providers"))
        {
            yield return (provider, "dns");
        }

        var results = descriptor.Section("results");
        foreach (var channel in descriptor.ResultsChannels)
        {
            if (channel.GetText("provider") is { } provider)
            {
                yield return (provider, "hosting");
            }
        }

        if (results.Section("static_fallback").GetText("provider") is { } resultsFallback)
        {
            yield return (resultsFallback, "hosting");
        }
    }
}
