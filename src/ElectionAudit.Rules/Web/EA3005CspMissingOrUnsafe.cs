using System.Collections.Immutable;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>EA3005: no Content-Security-Policy, or one that allows inline or remote script, or lacks the directives internet.nl checks.</summary>
public sealed class EA3005CspMissingOrUnsafe : AuditRule
{
    private const string Header = "Content-Security-Policy";

    // internet.nl http-csp: these must be present (default-src as the fallback for fetch directives).
    private static readonly string[] RequiredDirectives = ["default-src", "frame-ancestors", "base-uri", "form-action"];

    private static readonly string[] UnsafeKeywords = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"];

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3005",
        "CSP missing or unsafe",
        "{0}",
        Severity.Warning,
        "A Content-Security-Policy limits what a page may load and run, so an injected script or a compromised third-party widget cannot rewrite the published figures in the visitor's browser. Keywords such as 'unsafe-inline', sources such as http: or *, and missing base-uri/form-action/frame-ancestors undo that.",
        5.0,
        RulePrecision.Medium,
        [
            new(TraceSource.InternetNl, "Security options: http-csp", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.3.4", TraceMapping.Explicit),
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
        (site, header) => ProblemText(header.Value) is { } problems ? $"The Content-Security-Policy of {site.DisplayName} {problems}." : null,
        Remedy,
        Remedy);

    private const string Remedy = "add a policy such as \"default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'\".";

    // What is wrong with each policy seen, by its text: a repository sends the same policy from many sites (4,000
    // generated files, one policy; judging it again for each site made 3 MB of strings). At most 256 policies of up to
    // 2,048 characters are remembered.
    private static readonly TextCache<string?> ProblemTexts = new(256, 2048, JoinedProblems);

    /// <summary><see cref="Problems"/> joined with <c>"; "</c> for a message, or null when nothing is wrong; remembered by policy.</summary>
    internal static string? ProblemText(string value) => ProblemTexts.Get(value);

    /// <summary><see cref="Problems"/> joined with <c>"; "</c>, or null when nothing is wrong.</summary>
    internal static string? JoinedProblems(string value) => Problems(value) is { Count: > 0 } problems ? string.Join("; ", problems) : null;

    /// <summary>What is wrong with a policy, as phrases for a message; empty when nothing is.</summary>
    internal static List<string> Problems(string value)
    {
        var policy = HeaderValues.Policy(value);
        var problems = new List<string>();
        var sources = policy.Values.SelectMany(s => s).ToList();
        var unsafeKeywords = UnsafeKeywords.Where(k => sources.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unsafeKeywords.Count > 0)
        {
            problems.Add($"allows {string.Join(", ", unsafeKeywords)}");
        }

        var wide = sources.Where(s => s is "*" or "http:" || s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
        if (wide.Count > 0)
        {
            problems.Add($"allows the sources {string.Join(", ", wide)} (any host, or plain HTTP)");
        }

        var missing = RequiredDirectives.Where(d => !policy.ContainsKey(d)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"lacks {string.Join(", ", missing)}");
        }

        return problems;
    }
}
