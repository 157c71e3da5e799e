using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Results;

/// <summary>
/// EA5007: published results carry neither a signature nor checksums: the descriptor declares none, and no results
/// site is configured to serve signature or checksum files (a location written for <c>.sig</c>, <c>.asc</c>,
/// <c>.p7s</c>, <c>.sha256</c> or <c>SHA256SUMS</c> that does not refuse them; RULES.md marks this half our reading).
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
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache]);

    /// <summary>Signature and checksum files as a location written for them names them, with a path such a location must match.</summary>
    private static readonly (string Marker, string SamplePath)[] IntegrityFiles =
    [
        ("sig", "/results/totals.csv.sig"), ("asc", "/results/totals.csv.asc"), ("p7s", "/results/totals.csv.p7s"),
        ("sha256sums", "/results/SHA256SUMS"), ("sha256", "/results/totals.csv.sha256"),
    ];

    /// <summary>The file names of signature and checksum files, for a search of the document root.</summary>
    private static readonly string[] IntegrityFileNames = ["*.sig", "*.asc", "*.p7s", "*.sha256", "SHA256SUMS"];

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
            if (blocks.Any(b => b.GetText("signature") is not null || b.GetText("checksums") is not null) || ServesIntegrityFiles(ctx.Model))
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

    /// <summary>
    /// Whether a results site serves signature or checksum files: a block written for them (nginx <c>location</c>,
    /// Apache <c>&lt;FilesMatch&gt;</c>/<c>&lt;Location&gt;</c>, <c>Alias</c>) handles such a path without refusing it,
    /// or such files are in the scan under an Apache site's document root. Whether they are current is not checked.
    /// </summary>
    private static bool ServesIntegrityFiles(Model.InfrastructureModel model) =>
        model.BoundElementsOfType<WebSite>()
            .Where(site => site.IsResultsSite && site.ServesContent)
            .Any(site => IntegrityFiles.Any(file => WebRuleSupport.ServesFile(site, file.SamplePath, file.Marker))
                || IntegrityFileNames.Any(pattern => WebRuleSupport.ServedContentFiles(site, pattern).Any()));
}
