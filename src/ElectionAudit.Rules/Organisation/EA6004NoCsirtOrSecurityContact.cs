using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>
/// EA6004: neither a supporting CSIRT nor a security contact is declared, and no official site is configured to serve
/// <c>/.well-known/security.txt</c> (RFC 9116 §3): a location written for that path that does not refuse it.
/// </summary>
public sealed class EA6004NoCsirtOrSecurityContact : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6004",
        "No CSIRT or security contact",
        "No CSIRT contact and no security contact is declared ({0}). Set 'csirt.contact' to the CSIRT that supports you and 'security_contact' to where vulnerabilities are reported (and publish it as security.txt), so researchers and responders can reach you before election night.",
        Severity.Warning,
        "When a researcher finds a flaw in the results site, or the national CSIRT sees an attack coming, they need to know whom to tell. ENISA asks for CSIRT support to parties; internet.nl checks for a security.txt and the CIS Essential Guide asks for a vulnerability disclosure contact.",
        4.5,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E10", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E12", TraceMapping.Interpretation),
            new(TraceSource.InternetNl, "security.txt", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "Vulnerability disclosure (L2)", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "RS.CO-3", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache]);

    /// <summary>Where RFC 9116 §3 puts the file.</summary>
    private const string SecurityTxtPath = "/.well-known/security.txt";

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;
            var csirt = descriptor.Section("csirt");
            if (csirt.GetText("contact") is not null || descriptor.GetText("security_contact") is not null || ServesSecurityTxt(ctx.Model))
            {
                return;
            }

            var detail = csirt.IsPresent ? "'csirt' has no 'contact', and there is no 'security_contact'" : "there is no 'csirt' section and no 'security_contact'";
            ctx.Report(Finding.Create(Rule, csirt.IsPresent ? csirt.Location : descriptor.Location, "csirt/contact", detail));
        });
    }

    /// <summary>
    /// Whether an official site serves security.txt: a block written for it (an nginx location whose match names it and
    /// that nginx chooses for the path; an Apache <c>&lt;Location&gt;</c>/<c>&lt;Files&gt;</c> or <c>Alias</c> naming it)
    /// handles the path without refusing it, or the file is in the scan under an Apache site's document root. The
    /// file's content is only read by the model's file mapping, not here, so its Expires field is not checked.
    /// </summary>
    private static bool ServesSecurityTxt(Model.InfrastructureModel model) =>
        model.BoundElementsOfType<WebSite>()
            .Where(site => site.IsOfficialSite && site.ServesContent)
            .Any(site => WebRuleSupport.ServesFile(site, SecurityTxtPath, "security"));
}
