using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;

namespace NationalRules;

/// <summary>
/// EA7901: a results site's host name is not under the national government's domain. A sample national requirement:
/// voters can only tell the official results from a look-alike when every official results address sits under one
/// domain they know.
/// </summary>
public sealed class EA7901ResultsHostOutsideGovernmentDomain : AuditRule
{
    /// <summary>The option naming the government domain.</summary>
    public const string GovernmentDomainOption = "government-domain";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7901",
        "Results host outside the government domain",
        "Results site '{0}' serves {1}, which is not under the government domain {2}. Publish results under {2} (for example results.{2}) so that voters can recognise the official address.",
        Severity.Error,
        "A national requirement (sample): every host of a results site (role: results in the election infrastructure descriptor) is the government domain or a name under it, so that the official results are recognisable and look-alike domains stand out.",
        7.0,
        RulePrecision.High,
        [
            new TraceReference(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new TraceReference(TraceSource.Other, "National results-publication policy (sample)", TraceMapping.Explicit),
        ],
        [InputFormat.Descriptor],
        options: [new RuleOption(GovernmentDomainOption, "The national government's domain; results hosts must be it or under it.", "overheid.nl")])
    {
        HelpUri = "https://example.org/national-rules/EA7901.md",
    };

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            if (!ctx.Element.IsResultsSite)
            {
                return;
            }

            var domain = ctx.Options.GetOption(Rule, GovernmentDomainOption).Trim().TrimEnd('.').ToLowerInvariant();
            foreach (var host in ctx.Element.Hosts)
            {
                var name = host.Value.Trim().TrimEnd('.').ToLowerInvariant();
                if (name != domain && !name.EndsWith("." + domain, StringComparison.Ordinal))
                {
                    ctx.Report(Finding.Create(Rule, host.Location, $"{ctx.Element.Key}/host:{name}", ctx.Element.Name, host.Value, domain));
                }
            }
        });
    }
}
