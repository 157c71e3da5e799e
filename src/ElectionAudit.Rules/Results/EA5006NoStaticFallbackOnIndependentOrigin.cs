using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5006: the results have no static fallback (HTML, CSV or PDF) served by a provider other than the primary's.</summary>
public sealed class EA5006NoStaticFallbackOnIndependentOrigin : AuditRule
{
    /// <summary>Formats a voter or journalist can read without the results application.</summary>
    public static IReadOnlyList<string> StaticFormats { get; } = ["html", "csv", "pdf"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5006",
        "No static fallback on an independent origin",
        "{0}",
        Severity.Warning,
        "When the results application or its hosting fails on election night, a plain static copy of the figures (HTML, CSV or PDF) served by another provider keeps the official results available. Publishing such a fallback is established practice among election offices; requiring it is our reading of ENISA's call for a backup results channel.",
        5.0,
        RulePrecision.Medium,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.CisEssentialGuide, "Election night reporting primer", TraceMapping.Interpretation),
            new(TraceSource.Other, "practice: cityssm/electionResults2022 (static results pages)", TraceMapping.Interpretation),
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
            var results = descriptor.Section("results");
            var resultsSites = descriptor.Sites.Where(s => s.IsResultsSite).ToList();
            if (!results.IsPresent && resultsSites.Count == 0)
            {
                return;
            }

            // The providers the primary publication runs on: the official channel's and the results sites' DDoS provider or CDN.
            var primaryProviders = descriptor.ResultsChannels.Where(c => c.IsOfficial).Select(c => c.GetText("provider"))
                .Concat(resultsSites.SelectMany(s => new[] { s.Ddos.GetText("provider"), s.Ddos.GetText("cdn") }))
                .OfType<Located<string>>()
                .Select(p => p.Value)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);

            var fallbacks = new[] { results.Section("static_fallback") }.Concat(resultsSites.Select(s => s.StaticFallback)).Where(f => f.IsPresent).ToList();
            if (fallbacks.Count == 0)
            {
                var where = results.IsPresent ? results.Location : resultsSites[0].Location;
                ctx.Report(Finding.Create(Rule, where, "results/static-fallback", "No static fallback of the results is declared. Publish the results also as static HTML, CSV or PDF on an origin run by another provider, and declare it under 'results.static_fallback' with its 'provider'."));
                return;
            }

            var problems = new List<Finding>();
            foreach (var fallback in fallbacks)
            {
                var problem = Judge(fallback, primaryProviders);
                if (problem is null)
                {
                    return;
                }

                problems.Add(problem);
            }

            foreach (var problem in problems)
            {
                ctx.Report(problem);
            }
        });
    }

    private static Finding? Judge(DescriptorSection fallback, HashSet<string> primaryProviders)
    {
        var formats = fallback.GetTextList("formats");
        if (formats.Count > 0 && !formats.Any(f => StaticFormats.Contains(f.Value)))
        {
            return Finding.Create(Rule, fallback.KeyLocation("formats"), $"{fallback.Key}/formats", $"The static fallback '{fallback.Key}' publishes only {string.Join(", ", formats.Select(f => f.Value))}. Publish it as HTML, CSV or PDF, which anyone can read without the results application.");
        }

        if (fallback.GetText("provider") is not { } provider)
        {
            return Finding.Create(Rule, fallback.Location, $"{fallback.Key}/provider", $"The static fallback '{fallback.Key}' names no 'provider', so nothing shows it is served independently of the primary results site. Name the provider that serves it.");
        }

        if (primaryProviders.Contains(provider.Value))
        {
            return Finding.Create(Rule, provider.Location, $"{fallback.Key}/provider", $"The static fallback '{fallback.Key}' is served by '{provider.Value}', which also serves the primary results publication; one outage or compromise would take both down. Serve the fallback from another provider.");
        }

        return null;
    }
}
