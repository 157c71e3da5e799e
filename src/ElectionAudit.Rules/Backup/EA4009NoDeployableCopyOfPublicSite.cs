using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Backup;

/// <summary>EA4009: a public results or information site without a deployable static copy.</summary>
public sealed class EA4009NoDeployableCopyOfPublicSite : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA4009",
        "No deployable copy of public site",
        "Site '{0}' ({1}) has no 'static_snapshot': no known copy can be deployed in its place if it is defaced. Keep a static copy ready to redeploy and say where.",
        Severity.Warning,
        "When a public election website is defaced, the fastest repair is to put a known-good copy back in its place. The CIS guide recommends keeping an offline copy of the website for exactly that. Without one, the defacement stays up while the site is rebuilt.",
        5.0,
        RulePrecision.High,
        [
            new(TraceSource.CisEssentialGuide, "Website security (offline backup deployed in place of a defaced site)", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var site = ctx.Element;
            if (site.Role?.Value is not ("results" or "info") || site.Has("static_snapshot"))
            {
                return;
            }

            ctx.Report(Finding.Create(Rule, site.Location, site.Key, site.Name, "role: " + site.Role.Value));
        });
    }
}
