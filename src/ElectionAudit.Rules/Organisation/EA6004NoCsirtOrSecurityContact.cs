using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>
/// EA6004: neither a supporting CSIRT nor a security contact is declared. A served <c>security.txt</c> also satisfies
/// RULES.md; that needs the web-server model and is not evaluated yet.
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
            var csirt = descriptor.Section("csirt");
            if (csirt.GetText("contact") is not null || descriptor.GetText("security_contact") is not null)
            {
                return;
            }

            var detail = csirt.IsPresent ? "'csirt' has no 'contact', and there is no 'security_contact'" : "there is no 'csirt' section and no 'security_contact'";
            ctx.Report(Finding.Create(Rule, csirt.IsPresent ? csirt.Location : descriptor.Location, "csirt/contact", detail));
        });
    }
}
