using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6006: logs are kept too briefly, or only on the hosts that produce them.</summary>
public sealed class EA6006LogRetentionOrCentralisationInsufficient : AuditRule
{
    /// <summary>The option naming the shortest acceptable log retention, in days.</summary>
    public const string MinRetentionOption = "min-retention-days";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6006",
        "Log retention or centralisation insufficient",
        "{0}",
        Severity.Warning,
        "Disputes about an election and investigations of an intrusion come weeks or months after polling day, and an intruder's first step is to wipe the logs on the host they took. The CIS non-voting technology guide asks for at least 180 days of logs; the CIS Handbook asks for central log collection.",
        5.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisNonVoting, "5.3.2", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB10", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB39", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.PT-1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E1", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor],
        options: [new RuleOption(MinRetentionOption, "Fewest days logs must be kept (CIS Non-Voting 5.3.2: 180).", "180")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var logging = ctx.Element.Section("logging");
            int minimum = ctx.Options.GetInt32Option(Rule, MinRetentionOption);
            if (logging.GetInteger("retention_days") is { } retention && retention.Value < minimum)
            {
                ctx.Report(Finding.Create(Rule, retention.Location, "logging/retention", $"Logs are kept for {retention.Value} days, fewer than {minimum}. Keep them at least {minimum} days, so they outlast the certification and challenge period."));
            }

            if (logging.GetBoolean("remote") is { Value: false } remote)
            {
                ctx.Report(Finding.Create(Rule, remote.Location, "logging/remote", "Logs stay on the hosts that write them ('remote: false'), where an intruder can erase them. Ship them to a central log server or SIEM."));
            }
        });
    }
}
