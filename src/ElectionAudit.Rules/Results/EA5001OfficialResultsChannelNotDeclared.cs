using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5001: the descriptor declares no official results channel (ENISA recommendation 6).</summary>
public sealed class EA5001OfficialResultsChannelNotDeclared : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5001",
        "Official results channel not declared",
        "No results channel is declared official ({0}). Declare the channel through which the official results are published, with 'official: true', so voters, media and observers know which source to trust.",
        Severity.Error,
        "ENISA asks Member States to run an official channel for publishing results and a backup channel to validate them with counting centres. When no channel is declared official, there is no agreed source of truth on election night, and a spoofed or defaced site can compete with the real one.",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.Compendium, "results publication", TraceMapping.Interpretation),
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
            if (descriptor.ResultsChannels.Any(c => c.IsOfficial))
            {
                return;
            }

            var results = descriptor.Section("results");
            var detail = descriptor.ResultsChannels.Count == 0
                ? results.IsPresent ? "'results' lists no channels" : "the descriptor has no 'results' section"
                : $"none of the {descriptor.ResultsChannels.Count} channels under 'results.channels' has 'official: true'";
            var location = results.IsPresent ? results.Section("channels").Location : descriptor.Location;
            ctx.Report(Finding.Create(Rule, location, "results/official-channel", detail));
        });
    }
}
