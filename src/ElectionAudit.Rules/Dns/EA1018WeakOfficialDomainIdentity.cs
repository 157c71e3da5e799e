using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1018: a US election office's official domain is not under .gov, or no look-alike domains are registered defensively.</summary>
public sealed class EA1018WeakOfficialDomainIdentity : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1018",
        "Weak official-domain identity",
        "{0}",
        Severity.Note,
        "Voters can only tell the real election website from an impostor by its name. In the United States only government bodies can register .gov names, which CISA and the FBI recommend to election offices; everywhere, registering the obvious look-alikes (other TLDs, typos) keeps them out of impostors' hands. The rule reads the descriptor's election.jurisdiction, dns.domains.official (or dns.zones names) and dns.domains.defensive.",
        2.0,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Website security (.gov, typosquatting)", TraceMapping.Explicit),
            new(TraceSource.Other, "CISA/FBI public service announcement on spoofed election domains (.gov)", TraceMapping.Explicit),
            new(TraceSource.Compendium, "DNS", TraceMapping.Interpretation),
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
            var dns = descriptor.Section("dns");
            if (!dns.IsPresent)
            {
                return;
            }

            var domains = dns.Section("domains");
            var official = domains.GetTextList("official").ToList();
            if (official.Count == 0)
            {
                official = [.. dns.Items("zones").Select(z => z.GetText("name")).OfType<Located<string>>()];
            }

            if (official.Count == 0)
            {
                return;
            }

            if (descriptor.Election.GetText("jurisdiction") is { } jurisdiction && jurisdiction.Value.Equals("US", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var domain in official.Where(d => !d.Value.TrimEnd('.').EndsWith(".gov", StringComparison.OrdinalIgnoreCase)))
                {
                    ctx.Report(Finding.Create(Rule, domain.Location, $"official-domain:{domain.Value}/gov",
                        $"Official domain {domain.Value} is not under .gov although the jurisdiction is US; only government bodies can register .gov names, so voters can trust them. Move the election website to a .gov domain (get.gov)."));
                }
            }

            if (domains.GetTextList("defensive").Count == 0)
            {
                ctx.Report(Finding.Create(Rule, domains.Has("defensive") ? domains.KeyLocation("defensive") : domains.IsPresent ? dns.KeyLocation("domains") : descriptor.KeyLocation("dns"), "domains/defensive",
                    $"No look-alike domains are registered defensively (dns.domains.defensive is empty) for {string.Join(", ", official.Select(d => d.Value.TrimEnd('.')))}. Register the obvious variants (other TLDs, hyphenation, common typos) and list them."));
            }
        });
    }
}
