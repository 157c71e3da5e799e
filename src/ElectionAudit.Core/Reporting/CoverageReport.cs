using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;

namespace ElectionAudit.Reporting;

/// <summary>The verdict on one recommendation, topic, practice or rule for one scan.</summary>
public enum CoverageStatus
{
    /// <summary>At least one rule that implements it was evaluated, and none reported a finding.</summary>
    Passed,

    /// <summary>At least one rule that implements it reported a finding.</summary>
    Failed,

    /// <summary>No rule that implements it could be evaluated on this scan (no input of the kind it reads, or switched off).</summary>
    NotEvaluated,

    /// <summary>A policy recommendation no configuration can show, and no rule implements.</summary>
    Policy,
}

/// <summary>How much of the input a rule reads was present in the scan.</summary>
public enum RuleEvaluation
{
    /// <summary>Every format the rule reads was present.</summary>
    Full,

    /// <summary>Some of the formats the rule reads were present: the rule ran on part of its evidence.</summary>
    Partial,

    /// <summary>None of the formats the rule reads was present: the rule had nothing to judge.</summary>
    NoInput,

    /// <summary>Configuration switched the rule off.</summary>
    Disabled,
}

/// <summary>Finding counts by severity.</summary>
/// <param name="Errors">Findings at severity error.</param>
/// <param name="Warnings">Findings at severity warning.</param>
/// <param name="Notes">Findings at severity note.</param>
public sealed record FindingCounts(int Errors, int Warnings, int Notes)
{
    /// <summary>No findings.</summary>
    public static FindingCounts None { get; } = new(0, 0, 0);

    /// <summary>All findings.</summary>
    public int Total => Errors + Warnings + Notes;

    /// <summary>Counts the given findings.</summary>
    public static FindingCounts Of(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int errors = 0, warnings = 0, notes = 0;
        foreach (var finding in findings)
        {
            switch (finding.Severity)
            {
                case Severity.Error: errors++; break;
                case Severity.Warning: warnings++; break;
                case Severity.Note: notes++; break;
            }
        }

        return new FindingCounts(errors, warnings, notes);
    }

    /// <summary>The sum of two counts.</summary>
    public FindingCounts Add(FindingCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new FindingCounts(Errors + other.Errors, Warnings + other.Warnings, Notes + other.Notes);
    }

    /// <summary>For example <c>2 errors, 1 warning</c>; <c>none</c> when there are no findings.</summary>
    public override string ToString()
    {
        static string Part(int n, string singular) => n.ToString(CultureInfo.InvariantCulture) + " " + singular + (n == 1 ? string.Empty : "s");
        var parts = new List<string>();
        if (Errors > 0)
        {
            parts.Add(Part(Errors, "error"));
        }

        if (Warnings > 0)
        {
            parts.Add(Part(Warnings, "warning"));
        }

        if (Notes > 0)
        {
            parts.Add(Part(Notes, "note"));
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}

/// <summary>One input format and how many files of it the scan held.</summary>
/// <param name="Format">The format.</param>
/// <param name="Files">How many files of that format were read (for PEM: certificate files the servers serve).</param>
public sealed record CoverageInput(InputFormat Format, int Files);

/// <summary>One rule under one recommendation, topic or practice, with its verdict on this scan.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Mapping">Whether the source states what the rule checks, or the mapping is our reading.</param>
/// <param name="Evaluation">How much of the rule's input was present.</param>
/// <param name="Status">Failed when it reported findings; passed when it was evaluated without findings; otherwise not evaluated.</param>
/// <param name="Findings">Its findings, after configuration, suppressions and any baseline.</param>
/// <param name="Suppressed">How many of its findings a suppression silenced.</param>
/// <param name="MissingFormats">The formats it reads that the scan lacked.</param>
/// <param name="Reason">Why it was not (fully) evaluated, in plain English; null when it was.</param>
public sealed record RuleCoverage(
    RuleDescriptor Rule,
    TraceMapping Mapping,
    RuleEvaluation Evaluation,
    CoverageStatus Status,
    FindingCounts Findings,
    int Suppressed,
    ImmutableArray<InputFormat> MissingFormats,
    string? Reason);

/// <summary>One ENISA recommendation, Compendium topic or CIS Handbook practice, with the rules that implement it and the verdict on this scan.</summary>
/// <param name="Reference">As the source numbers it: <c>E6</c>, a Compendium topic, <c>HB21</c>.</param>
/// <param name="Title">What it asks, in a few words (for ENISA, our summary of the recommendation).</param>
/// <param name="IsPolicy">Whether it is a policy recommendation addressed to governments or the EU rather than to the infrastructure's operators.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Reason">Why it was not evaluated or is policy-only; null otherwise.</param>
/// <param name="Findings">The findings of every rule that implements it.</param>
/// <param name="Rules">The rules that implement it, ordered by ID.</param>
public sealed record CoverageItem(
    string Reference,
    string Title,
    bool IsPolicy,
    CoverageStatus Status,
    string? Reason,
    FindingCounts Findings,
    ImmutableArray<RuleCoverage> Rules)
{
    /// <summary>Whether any rule maps to it explicitly (otherwise every mapping is our reading).</summary>
    public bool HasExplicitMapping => Rules.Any(r => r.Mapping == TraceMapping.Explicit);

    /// <summary>How many of its rules were evaluated (fully or partially).</summary>
    public int EvaluatedRules => Rules.Count(r => r.Evaluation is RuleEvaluation.Full or RuleEvaluation.Partial);
}

/// <summary>One source document and its items.</summary>
/// <param name="Source">The document.</param>
/// <param name="Title">Its full citation.</param>
/// <param name="Items">Its recommendations, topics or practices, in the source's order.</param>
public sealed record CoverageSection(TraceSource Source, string Title, ImmutableArray<CoverageItem> Items);

/// <summary>An ENISA recommendation of "Election Cybersecurity: Challenges and Opportunities" (February 2019), section 1.</summary>
/// <param name="Reference">E1–E12 (recommendation 1.1–1.12).</param>
/// <param name="Title">Our short summary of it.</param>
/// <param name="IsPolicy">Whether it asks governments or the EU for policy rather than operators for measures.</param>
public sealed record EnisaRecommendation(string Reference, string Title, bool IsPolicy);

/// <summary>
/// The traceability report behind <c>electionaudit coverage</c>: for every ENISA recommendation E1–E12, every Compendium
/// topic and every CIS Handbook practice the rule catalog cites, the rules that implement it (explicit or our reading)
/// and, for one scan, whether it passed, failed (with finding counts) or was not evaluated and why.
/// </summary>
/// <remarks>
/// A rule counts as evaluated when at least one input format it reads (<see cref="RuleDescriptor.Formats"/>) is present
/// in the scan: a rule stays silent when its evidence is missing (RULES.md), so silence without input is not a pass. When
/// only some of its formats are present it is <see cref="RuleEvaluation.Partial"/>, and the report names what was missing.
/// </remarks>
public sealed class CoverageReport
{
    /// <summary>The version of the JSON form (docs/coverage-json.md); raised on any incompatible change.</summary>
    public const int JsonVersion = 1;

    private CoverageReport(DateOnly asOf, ImmutableArray<CoverageInput> inputs, ImmutableArray<CoverageSection> sections)
    {
        AsOf = asOf;
        Inputs = inputs;
        Sections = sections;
    }

    /// <summary>
    /// ENISA's twelve recommendations, summarised. Source: ENISA, "Election Cybersecurity: Challenges and Opportunities",
    /// opinion paper, February 2019, section 1 "Summary/recommendations", items 1.1–1.12. 1.2 (EU regulation of online
    /// platforms), 1.9 (national legislation on disinformation) and 1.12 (cooperation between Member States) ask for policy.
    /// </summary>
    public static ImmutableArray<EnisaRecommendation> EnisaRecommendations { get; } =
    [
        new("E1", "Online platforms detect unusual traffic patterns (disinformation, attacks on election processes)", false),
        new("E2", "Consider EU-level regulation of online platforms against disinformation", true),
        new("E3", "Member States identify and take down botnets", false),
        new("E4", "Apply the technical measures of the NIS Cooperation Group's Compendium", false),
        new("E5", "Exercise election cybersecurity", false),
        new("E6", "Official and backup results channels; DDoS mitigation for results websites", false),
        new("E7", "Classify election systems and infrastructure as critical infrastructure", false),
        new("E8", "Political organisations keep a high level of cybersecurity", false),
        new("E9", "Consider national legislation against online disinformation", true),
        new("E10", "State CSIRT expertise supports political parties", false),
        new("E11", "Political parties have an incident response plan", false),
        new("E12", "Cooperation and exchange of best practice between Member States and at EU level", true),
    ];

    /// <summary>The date date-relative rules measured against.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The input formats present in the scan, in catalog order, with file counts.</summary>
    public ImmutableArray<CoverageInput> Inputs { get; }

    /// <summary>ENISA recommendations, then Compendium topics, then CIS Handbook practices.</summary>
    public ImmutableArray<CoverageSection> Sections { get; }

    /// <summary>The section of <paramref name="source"/>.</summary>
    public CoverageSection GetSection(TraceSource source) => Sections.First(s => s.Source == source);

    /// <summary>The plain-English name of a format, as the "not evaluated" reasons use it.</summary>
    public static string DescribeFormat(InputFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Name switch
        {
            "descriptor" => "election infrastructure descriptor",
            "nginx" => "nginx configuration",
            "apache" => "Apache httpd configuration",
            "zone" => "DNS zone file",
            "named.conf" => "named.conf",
            "pem" => "PEM certificate served by a web server",
            "borgmatic" => "borgmatic configuration",
            "resticprofile" => "resticprofile configuration",
            "bacula" => "Bacula configuration",
            _ => format.Name + " file",
        };
    }

    /// <summary>
    /// Builds the report for <paramref name="result"/>. <paramref name="catalog"/> is every rule the engine knows (its
    /// <see cref="AuditEngine.Descriptors"/>), so that rules configuration switched off are listed as such.
    /// </summary>
    public static CoverageReport Build(AuditResult result, IEnumerable<RuleDescriptor> catalog)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(catalog);
        var rules = catalog.Where(r => r.Category != RuleCategory.Tool).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var enabled = result.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var inputs = CountInputs(result);
        var present = inputs.Select(i => i.Format).ToHashSet();
        var findings = result.Findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => FindingCounts.Of(g), StringComparer.Ordinal);
        var suppressed = result.Suppressed.GroupBy(s => s.Finding.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        RuleCoverage Judge(RuleDescriptor rule, TraceMapping mapping)
        {
            var counts = findings.GetValueOrDefault(rule.Id) ?? FindingCounts.None;
            var silenced = suppressed.GetValueOrDefault(rule.Id);
            // Formats of one kind are alternatives (a site runs nginx or Apache; a plan uses borgmatic, resticprofile or Bacula):
            // a rule lacks a kind of input only when no format of that kind is present.
            var presentKinds = present.Select(KindOf).ToHashSet(StringComparer.Ordinal);
            var missing = rule.Formats.Where(f => !presentKinds.Contains(KindOf(f))).ToImmutableArray();
            if (!enabled.Contains(rule.Id))
            {
                return new RuleCoverage(rule, mapping, RuleEvaluation.Disabled, CoverageStatus.NotEvaluated, counts, silenced, missing, "rule disabled in configuration");
            }

            var evaluation = missing.IsEmpty ? RuleEvaluation.Full : missing.Length == rule.Formats.Length ? RuleEvaluation.NoInput : RuleEvaluation.Partial;
            var reason = missing.IsEmpty ? null : $"no {string.Join(" and no ", missing.GroupBy(KindOf, StringComparer.Ordinal).Select(g => DescribeAlternatives([.. g])))} in the scan";
            var status = counts.Total > 0 ? CoverageStatus.Failed : evaluation == RuleEvaluation.NoInput ? CoverageStatus.NotEvaluated : CoverageStatus.Passed;
            return new RuleCoverage(rule, mapping, evaluation, status, counts, silenced, missing, reason);
        }

        CoverageItem Item(string reference, string title, bool isPolicy, IEnumerable<(RuleDescriptor Rule, TraceMapping Mapping)> citing)
        {
            var judged = citing
                .GroupBy(c => c.Rule.Id, StringComparer.Ordinal)
                .Select(g => Judge(g.First().Rule, g.Any(c => c.Mapping == TraceMapping.Explicit) ? TraceMapping.Explicit : TraceMapping.Interpretation))
                .OrderBy(r => r.Rule.Id, StringComparer.Ordinal)
                .ToImmutableArray();
            var counts = judged.Aggregate(FindingCounts.None, (sum, r) => sum.Add(r.Findings));
            CoverageStatus status;
            string? reason = null;
            if (judged.IsEmpty)
            {
                status = isPolicy ? CoverageStatus.Policy : CoverageStatus.NotEvaluated;
                reason = isPolicy ? "a policy recommendation addressed to governments or the EU; no configuration can show it" : "no rule implements it yet";
            }
            else if (judged.Any(r => r.Status == CoverageStatus.Failed))
            {
                status = CoverageStatus.Failed;
            }
            else if (judged.Any(r => r.Status == CoverageStatus.Passed))
            {
                status = CoverageStatus.Passed;
            }
            else
            {
                status = CoverageStatus.NotEvaluated;
                reason = string.Join("; ", judged.Select(r => r.Reason).OfType<string>().Distinct(StringComparer.Ordinal));
            }

            return new CoverageItem(reference, title, isPolicy, status, reason, counts, judged);
        }

        IEnumerable<(RuleDescriptor Rule, TraceMapping Mapping)> Citing(TraceSource source, string reference) =>
            rules.SelectMany(r => r.Traceability.Where(t => t.Source == source && string.Equals(t.Reference, reference, StringComparison.Ordinal)).Select(t => (r, t.Mapping)));

        var enisa = EnisaRecommendations.Select(e => Item(e.Reference, e.Title, e.IsPolicy, Citing(TraceSource.Enisa, e.Reference))).ToImmutableArray();
        var compendium = rules.SelectMany(r => r.Traceability).Where(t => t.Source == TraceSource.Compendium)
            .Select(t => t.Reference).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)
            .Select(topic => Item(topic, "Compendium topic: " + topic, false, Citing(TraceSource.Compendium, topic))).ToImmutableArray();
        var handbook = rules.SelectMany(r => r.Traceability).Where(t => t.Source == TraceSource.CisHandbook)
            .Select(t => t.Reference).Distinct(StringComparer.Ordinal).OrderBy(PracticeNumber).ThenBy(r => r, StringComparer.Ordinal)
            .Select(practice => Item(practice, "Best practice " + practice[2..], false, Citing(TraceSource.CisHandbook, practice))).ToImmutableArray();
        return new CoverageReport(
            result.Options.AsOf,
            inputs,
            [
                new CoverageSection(TraceSource.Enisa, "ENISA, \"Election Cybersecurity: Challenges and Opportunities\" (opinion paper, February 2019), recommendations 1.1–1.12", enisa),
                new CoverageSection(TraceSource.Compendium, "NIS Cooperation Group, \"Compendium on Cyber Security of Election Technology\" (CG Publication 03/2018), topics the rules cite", compendium),
                new CoverageSection(TraceSource.CisHandbook, "CIS, \"A Handbook for Elections Infrastructure Security\" v1.0 (2018), best practices the rules cite", handbook),
            ]);
    }

    /// <summary>The kind of input a format gives: formats of one kind are alternatives for the same evidence.</summary>
    private static string KindOf(InputFormat format) => format.Name switch
    {
        "nginx" or "apache" => "web server configuration",
        "borgmatic" or "resticprofile" or "bacula" => "backup tool configuration",
        _ => format.Name,
    };

    private static int PracticeNumber(string reference) =>
        reference.StartsWith("HB", StringComparison.Ordinal) && int.TryParse(reference.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    /// <summary>"nginx configuration", or for alternatives "nginx or Apache httpd configuration", "borgmatic, resticprofile or Bacula configuration".</summary>
    private static string DescribeAlternatives(IReadOnlyList<InputFormat> formats)
    {
        const string Suffix = " configuration";
        var names = formats.Select(DescribeFormat).ToList();
        return names.Count > 1 && names.All(n => n.EndsWith(Suffix, StringComparison.Ordinal))
            ? Or(names.Select(n => n[..^Suffix.Length]).ToList()) + Suffix
            : Or(names);

        static string Or(List<string> items) => items.Count > 2 ? string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1] : string.Join(" or ", items);
    }

    private static ImmutableArray<CoverageInput> CountInputs(AuditResult result)
    {
        var counts = new Dictionary<InputFormat, int>();
        foreach (var tree in result.Model.SyntaxTrees)
        {
            counts[tree.Format] = counts.GetValueOrDefault(tree.Format) + 1;
        }

        // Certificates are not syntax trees: the web binder reads them through ssl_certificate, so count what it read.
        var certificates = result.Model.BoundElementsOfType<CertificateChain>().Count(c => c.Leaf is not null);
        if (certificates > 0)
        {
            counts[InputFormat.Pem] = counts.GetValueOrDefault(InputFormat.Pem) + certificates;
        }

        var order = new[] { InputFormat.Descriptor, InputFormat.Nginx, InputFormat.Apache, InputFormat.Zone, InputFormat.NamedConf, InputFormat.Pem, InputFormat.Borgmatic, InputFormat.Resticprofile, InputFormat.Bacula };
        return [.. counts
            .Where(kv => kv.Key != InputFormat.Configuration)
            .OrderBy(kv => Array.IndexOf(order, kv.Key) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
            .Select(kv => new CoverageInput(kv.Key, kv.Value))];
    }
}
