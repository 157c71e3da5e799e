using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5007: published results carry neither a signature nor checksums. The served-file half of RULES.md
/// (<c>.sig</c> / <c>.sha256</c> files next to the results) needs the web-server model and is not evaluated yet.
/// </summary>
public sealed class EA5007PublishedResultsNotSignedOrChecksummed : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA5007",
        "Published results not signed or checksummed",
        "Published results can not be verified: {0}. Sign the published result files (for example OpenPGP or CMS) or publish SHA-256 checksums with them, and declare it under 'results.integrity', so media and observers can check that a copy matches the official figures.",
        Severity.Warning,
        "Results files are copied, mirrored and re-published within minutes on election night. Without a signature or published checksums nobody can tell an altered copy from the official one. The CIS Handbook and the CIS non-voting technology guide ask for integrity protection of reported results.",
        5.5,
        RulePrecision.High,
        [
            new(TraceSource.CisHandbook, "HB12", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB84", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "4.2.2", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.DS-6", TraceMapping.Explicit),
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
            if (!results.IsPresent && !descriptor.Sites.Any(s => s.IsResultsSite))
            {
                return;
            }

            var integrity = results.Section("integrity");
            var blocks = new[] { integrity }.Concat(descriptor.ResultsChannels.Where(c => c.IsOfficial).Select(c => c.Section("integrity")));
            if (blocks.Any(b => b.GetText("signature") is not null || b.GetText("checksums") is not null))
            {
                return;
            }

            var (location, detail) = integrity.IsPresent
                ? (integrity.Location, "'results.integrity' names neither a 'signature' nor 'checksums'")
                : results.IsPresent
                    ? (results.Location, "'results' has no 'integrity' section")
                    : (descriptor.Location, "the descriptor declares a results site but no 'results.integrity'");
            ctx.Report(Finding.Create(Rule, location, "results/integrity", detail));
        });
    }
}
