using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Organisation;

/// <summary>EA6005: a privileged account has no multi-factor authentication (error), or an account is shared (warning).</summary>
public sealed class EA6005PrivilegedAccountWithoutMfaOrShared : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA6005",
        "Privileged accounts without MFA or shared accounts",
        "{0}",
        Severity.Error,
        "Whoever holds the registrar, DNS, CDN or hosting account can redirect or take down the results site in minutes; a stolen password must not be enough. Shared accounts hide who did what and cannot be revoked for one person. The CIS Handbook, the CIS Essential Guide and the CIS non-voting technology guide ask for MFA on privileged accounts and for individual accounts.",
        8.0,
        RulePrecision.VeryHigh,
        [
            new(TraceSource.CisHandbook, "HB24", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB47", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB77", TraceMapping.Explicit),
            new(TraceSource.CisEssentialGuide, "User Management", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "2.4.5", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "1.3.5", TraceMapping.Explicit),
            new(TraceSource.NistCsf, "PR.AC-7", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E8", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<AccountElement>(ctx =>
        {
            var account = ctx.Element;
            var system = account.System is { } s ? $" on {s.Value}" : string.Empty;
            if (account.IsPrivileged?.Value == true && account.HasMultiFactorAuthentication is { Value: false } mfa)
            {
                ctx.Report(Finding.Create(Rule, Severity.Error, mfa.Location, $"{account.Key}/mfa", [], $"Privileged account '{account.Name}'{system} has no multi-factor authentication ('mfa: false'). Enforce MFA (preferably phishing-resistant, such as security keys) before a stolen password hands over the election's infrastructure."));
            }

            if (account.IsShared is { Value: true } shared)
            {
                ctx.Report(Finding.Create(Rule, Severity.Warning, shared.Location, $"{account.Key}/shared", [], $"Account '{account.Name}'{system} is shared by several people ('shared: true'), so actions cannot be traced to a person and access cannot be revoked for one. Give each person their own account."));
            }
        });
    }
}
