using System.Text.RegularExpressions;
using ElectionAudit.Engine;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The engine's rules held to the product's rule catalog, <c>../shared/RULES.md</c>, read as it is today: the catalog
/// fixes the IDs and default severities and names the sources each rule traces to, and it can change between releases,
/// so a change there fails here instead of drifting unnoticed. Titles and wording may differ (the catalog allows it).
/// </summary>
public partial class SpecificationCatalogTests
{
    private static readonly IReadOnlyList<RuleDescriptor> Descriptors = new AuditEngine(BuiltInRules.All).Descriptors;

    [Fact]
    public void The_catalog_and_the_engine_name_the_same_rules()
    {
        var catalog = ReadCatalog().Select(r => r.Id).ToList();
        catalog.ShouldBeUnique();
        catalog.Except(Descriptors.Select(d => d.Id)).ShouldBeEmpty("in the catalog but not in the engine");
        Descriptors.Select(d => d.Id).Except(catalog).ShouldBeEmpty("in the engine but not in the catalog");
    }

    [Fact]
    public void Each_rule_defaults_to_the_catalogs_severity()
    {
        var wrong = new List<string>();
        foreach (var row in ReadCatalog())
        {
            var descriptor = Descriptors.Single(d => d.Id == row.Id);
            var (expected, raisedOnRole) = DefaultSeverity(row.Severity);
            var actual = descriptor.DefaultSeverity;

            // A row that only says what official and results sites get leaves the default to the rule: any lower severity.
            bool agrees = expected == Severity.None && raisedOnRole is { } raised ? actual != Severity.None && actual < raised : actual == expected;
            if (!agrees)
            {
                wrong.Add($"{row.Id}: {descriptor.DefaultSeverity} in the engine, \"{row.Severity}\" in the catalog");
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Each_rule_traces_to_every_source_its_catalog_row_names()
    {
        var missing = new List<string>();
        foreach (var row in ReadCatalog())
        {
            var traces = Descriptors.Single(d => d.Id == row.Id).Traceability;
            foreach (var (source, item) in SourceCodes(row.Sources))
            {
                // An RFC counts where any reference names it: internet.nl's criterion for DH groups is "RFC 7919 groups only".
                if (!traces.Any(t => t.Source == source && (item is null || ContainsItem(t.Reference, item)))
                    && !(source == TraceSource.Rfc && traces.Any(t => ContainsItem(t.Reference, "RFC " + item))))
                {
                    missing.Add($"{row.Id}: {TraceReference.SourceLabel(source)}{(item is null ? string.Empty : " " + item)}");
                }
            }
        }

        missing.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("error", Severity.Error, null)]
    [InlineData("warning: weakens forward secrecy", Severity.Warning, null)]
    [InlineData("note (only if the certificate has an OCSP AIA)", Severity.Note, null)]
    [InlineData("error if expired; warning <7 d [I]", Severity.Error, null)]
    [InlineData("warning; error on a results site without a declared CDN/DDoS provider", Severity.Warning, null)]
    [InlineData("error on results/official hosts, else warning", Severity.Warning, Severity.Error)]
    [InlineData("error on official/results hosts", Severity.None, Severity.Error)]
    public void Severity_cells_read_as_the_catalog_means_them(string cell, Severity expected, Severity? raisedOnRole) =>
        DefaultSeverity(cell).ShouldBe((expected, raisedOnRole));

    [Fact]
    public void Source_cells_name_each_item_of_a_slash_list()
    {
        SourceCodes("HB34/73 [I] | E1 [I] (E1 targets platforms), E3 [I], CSF DE.CM-1/DE.AE-1").ShouldBe([
            (TraceSource.Enisa, "E1"), (TraceSource.Enisa, "E1"), (TraceSource.Enisa, "E3"),
            (TraceSource.CisHandbook, "HB34"), (TraceSource.CisHandbook, "HB73"),
            (TraceSource.NistCsf, "DE.CM-1"), (TraceSource.NistCsf, "DE.AE-1"),
        ]);
        SourceCodes("NGX 3.2/3.3; APA 7.5/7.8; NV A1.1.10; BIND §5; RFC 8624 §3.1; INL; MOZ; EG; CMP~").ShouldBe([
            (TraceSource.Compendium, null), (TraceSource.CisEssentialGuide, null), (TraceSource.CisNonVoting, "A1.1.10"),
            (TraceSource.Mozilla, null), (TraceSource.InternetNl, null),
            (TraceSource.CisNginx, "3.2"), (TraceSource.CisNginx, "3.3"), (TraceSource.CisApache, "7.5"), (TraceSource.CisApache, "7.8"),
            (TraceSource.CisBind, "§5"), (TraceSource.Rfc, "8624"),
        ]);
        ContainsItem("3.2, 3.3, 3.5, 3.6", "3.5").ShouldBeTrue();
        ContainsItem("4.1.12", "4.1.1").ShouldBeFalse();
        ContainsItem("HB34", "HB3").ShouldBeFalse();
        ContainsItem("RFC 8624 §3.1", "8624").ShouldBeTrue();
    }

    /// <summary>One rule row: its ID, its severity cell, and the text of its source and trace cells.</summary>
    private sealed record CatalogRow(string Id, string Severity, string Sources);

    /// <summary>
    /// The default severity a cell gives, and the severity it raises to on official or results sites when it says so
    /// ("error on results site"): the default is then the cell's <c>else</c>, or left open (<see cref="Severity.None"/>:
    /// any lower one). Otherwise the first severity is the default; the clauses after it are the conditions under which
    /// a finding is reported at another severity.
    /// </summary>
    private static (Severity Default, Severity? RaisedOnRole) DefaultSeverity(string cell)
    {
        var first = SeverityWord().Match(cell);
        first.Success.ShouldBeTrue($"no severity in \"{cell}\"");
        var severity = Parse(first.Groups[1].Value);
        if (RoleRaised().IsMatch(cell[(first.Index + first.Length)..]))
        {
            var otherwise = Else().Match(cell);
            return (otherwise.Success ? Parse(otherwise.Groups[1].Value) : Severity.None, severity);
        }

        return (severity, null);

        static Severity Parse(string word) => Enum.Parse<Severity>(word, ignoreCase: true);
    }

    /// <summary>The sources a row's source and trace cells name, with the item named for each (null when none is).</summary>
    private static List<(TraceSource Source, string? Item)> SourceCodes(string text)
    {
        var codes = new List<(TraceSource, string?)>();
        foreach (Match match in Enisa().Matches(text))
        {
            codes.Add((TraceSource.Enisa, "E" + match.Groups[1].Value));
        }

        AddPresence(codes, text, @"\bCMP\b", TraceSource.Compendium);
        AddPresence(codes, text, @"\bEG\b", TraceSource.CisEssentialGuide);
        AddItems(codes, text, @"\bHB ?(\d+(?:/\d+)*)", TraceSource.CisHandbook, item => "HB" + item);
        AddItems(codes, text, @"\bNV ([A-Z]?\d[\d.x]*(?:/[A-Z]?\d[\d.x]*)*)", TraceSource.CisNonVoting);
        AddItems(codes, text, @"\bCSF ([A-Z]{2}\.[A-Z]{2}-\d+(?:/[A-Z]{2}\.[A-Z]{2}-\d+)*)", TraceSource.NistCsf);
        AddPresence(codes, text, @"\bMOZ\b", TraceSource.Mozilla);
        AddPresence(codes, text, @"\bINL\b", TraceSource.InternetNl);
        AddItems(codes, text, @"\bNGX (\d[\d.]*(?:/\d[\d.]*)*)", TraceSource.CisNginx);
        AddItems(codes, text, @"\bAPA (\d[\d.x]*(?:/\d[\d.x]*)*)", TraceSource.CisApache);
        AddItems(codes, text, @"\bBIND (§\d[\d.]*)", TraceSource.CisBind);
        AddItems(codes, text, @"\bRFC (\d{3,5})\b", TraceSource.Rfc);
        return codes;

        static void AddPresence(List<(TraceSource, string?)> codes, string text, string pattern, TraceSource source)
        {
            if (Regex.IsMatch(text, pattern))
            {
                codes.Add((source, null));
            }
        }

        static void AddItems(List<(TraceSource, string?)> codes, string text, string pattern, TraceSource source, Func<string, string>? name = null)
        {
            foreach (Match match in Regex.Matches(text, pattern))
            {
                foreach (var item in match.Groups[1].Value.Split('/'))
                {
                    codes.Add((source, name is null ? item.TrimEnd('.') : name(item)));
                }
            }
        }
    }

    /// <summary>Whether a trace reference names <paramref name="item"/> whole: <c>4.1.1</c> is not in <c>4.1.12</c>.</summary>
    private static bool ContainsItem(string reference, string item) =>
        Regex.IsMatch(reference, $@"(?<![\w.]){Regex.Escape(item)}(?![\w])");

    private static List<CatalogRow> ReadCatalog()
    {
        var path = FindCatalog();
        var rows = new List<CatalogRow>();
        string[]? header = null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0] == "ID")
            {
                header = cells;
            }
            else if (header is not null && RuleId().IsMatch(cells[0]))
            {
                // The third column is the severity in every rule table; the sources are in the columns headed so
                // ("Threshold / source", "Trace"), not in the triggers, which name software (BIND) and records as well.
                var sources = string.Join(" | ", cells.Where((_, i) => i < header.Length && (header[i].Contains("source", StringComparison.OrdinalIgnoreCase) || header[i].StartsWith("Trace", StringComparison.Ordinal))));
                rows.Add(new CatalogRow(cells[0], cells[2], sources));
            }
        }

        rows.Count.ShouldBeGreaterThan(0, $"no rule rows in {path}");
        return rows;
    }

    private static string FindCatalog()
    {
        if (RepositoryPaths.FindShared("RULES.md") is { } catalog)
        {
            return catalog;
        }

        // CI runs with ../shared beside the checkout: there, a missing catalog is a failure, not a reason to skip.
        Environment.GetEnvironmentVariable("CI").ShouldNotBe("true", "../shared/RULES.md is not beside this checkout");
        Assert.Skip("../shared/RULES.md is not beside this checkout");
        return string.Empty;
    }

    [GeneratedRegex(@"^EA\d{4}$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"\b(error|warning|note)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SeverityWord();

    [GeneratedRegex(@"^\s+on\s+(?:results|official)")]
    private static partial Regex RoleRaised();

    [GeneratedRegex(@"\belse\s+(error|warning|note)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Else();

    [GeneratedRegex(@"(?<![\w.])E(\d{1,2})\b")]
    private static partial Regex Enisa();
}
