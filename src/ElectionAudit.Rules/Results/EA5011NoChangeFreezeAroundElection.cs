using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>EA5011: no change freeze covers polling day.</summary>
public sealed class EA5011NoChangeFreezeAroundElection : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5011",
        "No change freeze around election",
        "{0}",
        Severity.Note,
        "Changes made in the days around polling day are changes nobody had time to test under load or to roll back calmly. The CIS Handbook asks election offices to freeze changes to election systems ahead of the election. This rule checks that a declared 'change_freeze' window covers polling day.",
        3.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisHandbook, "HB35", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB74", TraceMapping.Explicit),
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
            if (descriptor.ElectionDate?.Value is not { } polling)
            {
                return;
            }

            var freeze = descriptor.Section("change_freeze");
            if (!freeze.IsPresent)
            {
                ctx.Report(Finding.Create(Rule, descriptor.Location, "change-freeze", $"No change freeze is declared for the election on {Format(polling)}. Declare a 'change_freeze' window ('from', 'to') that covers polling day and the count."));
                return;
            }

            var from = freeze.GetDate("from")?.Value;
            var to = freeze.GetDate("to")?.Value;
            if (from is null || to is null)
            {
                var missing = from is null && to is null ? "'from' and 'to'" : from is null ? "'from'" : "'to'";
                ctx.Report(Finding.Create(Rule, freeze.Location, "change-freeze", $"The change freeze lacks {missing}, so it is not known to cover the election on {Format(polling)}. Give both ends of the window."));
                return;
            }

            if (from > polling || to < polling)
            {
                ctx.Report(Finding.Create(Rule, freeze.Location, "change-freeze", $"The change freeze from {Format(from.Value)} to {Format(to.Value)} does not cover the election on {Format(polling)}. Move or widen the window so that it covers polling day and the count."));
            }
        });
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
