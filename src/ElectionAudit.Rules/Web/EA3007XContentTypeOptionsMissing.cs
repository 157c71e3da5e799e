using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3007: X-Content-Type-Options is not <c>nosniff</c>.</summary>
public sealed class EA3007XContentTypeOptionsMissing : AuditRule
{
    private const string Header = "X-Content-Type-Options";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3007",
        "X-Content-Type-Options missing",
        "{0}",
        Severity.Warning,
        "Without X-Content-Type-Options: nosniff a browser may guess that an uploaded CSV or text file is HTML or script and run it, turning a results download into an attack vector.",
        4.0,
        RulePrecision.High,
        [
            new(TraceSource.InternetNl, "Security options: X-Content-Type-Options", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.3.2", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context) => WebRuleSupport.RegisterHeaderCheck(
        context,
        Rule,
        Header,
        headers => headers.Find(Header),
        (site, header) => header.Value.Trim().Equals("nosniff", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"X-Content-Type-Options of {site.DisplayName} is \"{header.Value}\"; the only defined value is nosniff.",
        "add \"add_header X-Content-Type-Options nosniff always;\".",
        "add \"Header always set X-Content-Type-Options nosniff\".");
}
