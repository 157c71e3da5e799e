using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4008: restoring the results database would take longer than results publication may be down.</summary>
public sealed class EA4008ResultsDatabaseRtoTooLong : AuditRule
{
    /// <summary>The longest tolerable outage of results publication when <c>results.max_outage</c> is not set (RULES.md EA4008, our reading).</summary>
    public static TimeSpan DefaultMaxOutage { get; } = TimeSpan.FromMinutes(60);

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4008",
        "Results DB RTO too long",
        "Asset '{0}' (results database) needs up to {1} to recover ('rto'), longer than results publication may be down ({2}, {3}). Plan a faster recovery (warm standby, tested restore) or justify the longer outage.",
        Severity.Warning,
        "On election night the public waits for results; an outage longer than a short interval invites rumours that the count is being manipulated. The results database's recovery time objective must fit within the outage the election office can tolerate.",
        5.5,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.NistCsf, "ID.BE-5", TraceMapping.Interpretation),
            new(TraceSource.Other, "Default tolerable outage of 60 minutes", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<AssetElement>(ctx =>
        {
            var asset = ctx.Element;
            if (asset.Role?.Value != "results_db" || asset.RecoveryTimeObjective is not { } rto)
            {
                return;
            }

            var declared = asset.Descriptor.Section("results").GetDuration("max_outage");
            var limit = declared?.Value ?? DefaultMaxOutage;
            if (rto.Value <= limit)
            {
                return;
            }

            var origin = declared is null ? "the default; set 'results.max_outage' to change it" : "'results.max_outage'";
            var related = declared is null ? [] : new[] { new RelatedLocation(declared.Location, "the tolerable outage") };
            ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, rto.Location, asset.Key, related, asset.Name, BackupText.Duration(rto.Value), BackupText.Duration(limit), origin));
        });
    }
}
