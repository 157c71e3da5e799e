using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5002: no backup channel to validate results with counting centres (ENISA recommendation 6).</summary>
public sealed class EA5002NoBackupResultsChannel : AuditRule
{
    /// <summary>The purposes that count as a backup channel.</summary>
    public static IReadOnlyList<string> BackupPurposes { get; } = ["backup", "validation"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5002",
        "No backup channel to validate results with count centres",
        "No results channel has purpose 'backup' or 'validation' ({0}). Declare an independent channel through which counting centres confirm the figures, so results can be validated when the official channel is down or disputed.",
        Severity.Error,
        "ENISA recommends a backup channel, alongside the official one, to validate results with counting centres. Without it, an outage or a manipulation of the official channel cannot be detected or worked around on election night.",
        7.5,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB34", TraceMapping.Interpretation),
            new(TraceSource.CisHandbook, "HB73", TraceMapping.Interpretation),
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
            if (descriptor.ResultsChannels.Any(c => c.Purpose is { } purpose && BackupPurposes.Contains(purpose.Value)))
            {
                return;
            }

            var results = descriptor.Section("results");
            var detail = descriptor.ResultsChannels.Count == 0
                ? results.IsPresent ? "'results' lists no channels" : "the descriptor has no 'results' section"
                : $"the {descriptor.ResultsChannels.Count} declared channels are: {string.Join(", ", descriptor.ResultsChannels.Select(c => $"{c.Name} ({c.Purpose?.Value ?? "no purpose"})"))}";
            var location = results.IsPresent ? results.Section("channels").Location : descriptor.Location;
            ctx.Report(Finding.Create(Rule, location, "results/backup-channel", detail));
        });
    }
}
