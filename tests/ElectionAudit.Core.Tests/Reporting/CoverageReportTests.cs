using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ElectionAudit.Configuration;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>Reports a results site without a 'ddos' section: traces to E6 (explicit), HB34 and a Compendium topic (our reading).</summary>
internal sealed class ResultsSiteWithoutDdosRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA5901", "Test results site without DDoS section", "Site '{0}' has no ddos section.", Severity.Error, "Test rule.", 7.0, RulePrecision.High,
        [
            new TraceReference(TraceSource.Enisa, "E6", TraceMapping.Explicit),
            new TraceReference(TraceSource.CisHandbook, "HB34", TraceMapping.Interpretation),
            new TraceReference(TraceSource.Compendium, "results publication", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            if (ctx.Element.IsResultsSite && !ctx.Element.Ddos.IsPresent)
            {
                ctx.Report(Finding.Create(Rule, ctx.Element.Location, ctx.Element.Key, ctx.Element.Name));
            }
        });
}

/// <summary>Reads zones only and never reports: with no zone in the scan it is not evaluated.</summary>
internal sealed class ZoneOnlyRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA1901", "Test zone rule", "never", Severity.Error, "Test rule.", 7.0, RulePrecision.High,
        [new TraceReference(TraceSource.Enisa, "E4", TraceMapping.Explicit), new TraceReference(TraceSource.Compendium, "DNS", TraceMapping.Explicit)],
        [InputFormat.Zone, InputFormat.NamedConf]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context)
    {
    }
}

/// <summary>Reads the descriptor and backup tool configs and never reports: with only a descriptor it passes on part of its input.</summary>
internal sealed class BackupEvidenceRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA4901", "Test backup rule", "never", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Enisa, "E6", TraceMapping.Interpretation), new TraceReference(TraceSource.CisHandbook, "HB21", TraceMapping.Explicit)],
        [InputFormat.Descriptor, InputFormat.Zone, InputFormat.Borgmatic, InputFormat.Resticprofile]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context)
    {
    }
}

/// <summary>Would report every descriptor; the tests switch it off in configuration.</summary>
internal sealed class SwitchedOffRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA6901", "Test switched-off rule", "Descriptor seen.", Severity.Note, "Test rule.", 1.0, RulePrecision.High,
        [new TraceReference(TraceSource.Enisa, "E7", TraceMapping.Explicit)],
        [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<ElectionDescriptor>(ctx => ctx.Report(Finding.Create(Rule, ctx.Element.Location, "descriptor")));
}

public sealed partial class CoverageReportTests
{
    private const string Descriptor = """
        version: 1
        election:
          name: Test election
          date: 2027-03-17
        sites:
          - name: results
            role: results
            hosts: [results.example.nl]
          - name: info
            role: info
        """;

    private static readonly string Html = CoverageHtmlWriter.ToText(BuildReport(), "1.2.3");

    private static CoverageReport BuildReport()
    {
        var engine = new AuditEngine([new ResultsSiteWithoutDdosRule(), new ZoneOnlyRule(), new BackupEvidenceRule(), new SwitchedOffRule()]);
        var files = new InMemoryFileSystem().Add("election.yml", Descriptor).Add("backup/borgmatic/config.yaml", "repositories:\n  - path: /srv/borg/results\n");
        var configuration = AuditConfiguration.Default with
        {
            AsOf = new DateOnly(2027, 1, 15),
            RuleSeverities = ImmutableDictionary<string, Severity>.Empty.Add("EA6901", Severity.None),
        };
        var result = engine.Analyze(files, [.. files.Paths], configuration);
        return CoverageReport.Build(result, engine.Descriptors);
    }

    [Fact]
    public void Verdicts_follow_findings_inputs_and_configuration()
    {
        var report = BuildReport();
        var enisa = report.GetSection(TraceSource.Enisa).Items;
        enisa.Select(i => i.Reference).ShouldBe(["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12"]);
        enisa.Select(i => i.Status).ShouldBe(
        [
            CoverageStatus.NotEvaluated, CoverageStatus.Policy, CoverageStatus.NotEvaluated, CoverageStatus.NotEvaluated,
            CoverageStatus.NotEvaluated, CoverageStatus.Failed, CoverageStatus.NotEvaluated, CoverageStatus.NotEvaluated,
            CoverageStatus.Policy, CoverageStatus.NotEvaluated, CoverageStatus.NotEvaluated, CoverageStatus.Policy,
        ]);

        var e6 = enisa[5];
        e6.Findings.ShouldBe(new FindingCounts(1, 0, 0));
        e6.HasExplicitMapping.ShouldBeTrue();
        e6.Rules.Select(r => (r.Rule.Id, r.Mapping, r.Evaluation, r.Status)).ShouldBe(
        [
            ("EA4901", TraceMapping.Interpretation, RuleEvaluation.Partial, CoverageStatus.Passed),
            ("EA5901", TraceMapping.Explicit, RuleEvaluation.Full, CoverageStatus.Failed),
        ]);
        e6.Rules[0].MissingFormats.ShouldBe([InputFormat.Zone], "borgmatic and resticprofile are alternatives; the descriptor is present, the zone is not");
        e6.Rules[0].Reason.ShouldBe("no DNS zone file in the scan");

        enisa[3].Reason.ShouldBe("no DNS zone file and no named.conf in the scan");
        enisa[3].Rules.Single().Evaluation.ShouldBe(RuleEvaluation.NoInput);
        enisa[6].Reason.ShouldBe("rule disabled in configuration");
        enisa[6].Rules.Single().Evaluation.ShouldBe(RuleEvaluation.Disabled);
        enisa[0].Reason.ShouldBe("no rule implements it yet");

        report.GetSection(TraceSource.Compendium).Items.Select(i => (i.Reference, i.Status)).ShouldBe([("DNS", CoverageStatus.NotEvaluated), ("results publication", CoverageStatus.Failed)]);
        report.GetSection(TraceSource.CisHandbook).Items.Select(i => (i.Reference, i.Status)).ShouldBe([("HB21", CoverageStatus.Passed), ("HB34", CoverageStatus.Failed)]);
        report.Inputs.ShouldBe([new CoverageInput(InputFormat.Descriptor, 1), new CoverageInput(InputFormat.Borgmatic, 1)]);
    }

    [Fact]
    public void Markdown_is_exact()
    {
        var expected = """
            ## ElectionAudit coverage: ENISA election-cybersecurity recommendations

            0 passed, 1 failed, 8 not evaluated, 3 policy only; as of 2027-01-15. Inputs: descriptor (1), borgmatic (1).
            A rule marked *(our reading)* maps to the source by our interpretation, not by the source's own words.

            ### ENISA, "Election Cybersecurity: Challenges and Opportunities" (opinion paper, February 2019), recommendations 1.1–1.12

            | Reference | Status | Findings | Rules |
            |---|---|---|---|
            | **E1** Online platforms detect unusual traffic patterns (disinformation, attacks on election processes) | not evaluated: no rule implements it yet | none | — |
            | **E2** Consider EU-level regulation of online platforms against disinformation *(policy)* | policy only: a policy recommendation addressed to governments or the EU; no configuration can show it | none | — |
            | **E3** Member States identify and take down botnets | not evaluated: no rule implements it yet | none | — |
            | **E4** Apply the technical measures of the NIS Cooperation Group's Compendium | not evaluated: no DNS zone file and no named.conf in the scan | none | [EA1901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA1901.md) not evaluated |
            | **E5** Exercise election cybersecurity | not evaluated: no rule implements it yet | none | — |
            | **E6** Official and backup results channels; DDoS mitigation for results websites | failed | 1 error | [EA4901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA4901.md) passed *(our reading)* (partial: no DNS zone file in the scan), [EA5901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA5901.md) failed |
            | **E7** Classify election systems and infrastructure as critical infrastructure | not evaluated: rule disabled in configuration | none | [EA6901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA6901.md) not evaluated |
            | **E8** Political organisations keep a high level of cybersecurity | not evaluated: no rule implements it yet | none | — |
            | **E9** Consider national legislation against online disinformation *(policy)* | policy only: a policy recommendation addressed to governments or the EU; no configuration can show it | none | — |
            | **E10** State CSIRT expertise supports political parties | not evaluated: no rule implements it yet | none | — |
            | **E11** Political parties have an incident response plan | not evaluated: no rule implements it yet | none | — |
            | **E12** Cooperation and exchange of best practice between Member States and at EU level *(policy)* | policy only: a policy recommendation addressed to governments or the EU; no configuration can show it | none | — |

            ### NIS Cooperation Group, "Compendium on Cyber Security of Election Technology" (CG Publication 03/2018), topics the rules cite

            | Reference | Status | Findings | Rules |
            |---|---|---|---|
            | DNS | not evaluated: no DNS zone file and no named.conf in the scan | none | [EA1901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA1901.md) not evaluated |
            | results publication | failed | 1 error | [EA5901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA5901.md) failed *(our reading)* |

            ### CIS, "A Handbook for Elections Infrastructure Security" v1.0 (2018), best practices the rules cite

            | Reference | Status | Findings | Rules |
            |---|---|---|---|
            | HB21 | passed | none | [EA4901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA4901.md) passed (partial: no DNS zone file in the scan) |
            | HB34 | failed | 1 error | [EA5901](https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA5901.md) failed *(our reading)* |

            """;
        CoverageMarkdownWriter.ToText(BuildReport()).ShouldBe(expected);
    }

    [Fact]
    public void Json_is_exact_and_versioned()
    {
        var json = CoverageJsonWriter.ToText(BuildReport(), "1.2.3");
        var expectedStart = """
            {
              "version": 1,
              "tool": {
                "name": "ElectionAudit",
                "version": "1.2.3"
              },
              "asOf": "2027-01-15",
              "inputs": [
                {
                  "format": "descriptor",
                  "files": 1
                },
                {
                  "format": "borgmatic",
                  "files": 1
                }
              ],
              "sections": [
                {
                  "source": "ENISA",
                  "title": "ENISA, \"Election Cybersecurity: Challenges and Opportunities\" (opinion paper, February 2019), recommendations 1.1–1.12",
                  "items": [
                    {
                      "reference": "E1",
                      "title": "Online platforms detect unusual traffic patterns (disinformation, attacks on election processes)",
                      "kind": "technical",
                      "status": "not-evaluated",
                      "reason": "no rule implements it yet",
                      "findings": {
                        "error": 0,
                        "warning": 0,
                        "note": 0
                      },
                      "rules": []
                    },
                    {
                      "reference": "E2",
                      "title": "Consider EU-level regulation of online platforms against disinformation",
                      "kind": "policy",
                      "status": "policy",
                      "reason": "a policy recommendation addressed to governments or the EU; no configuration can show it",
            """;
        json.ShouldStartWith(expectedStart);
        var e6 = """
                    {
                      "reference": "E6",
                      "title": "Official and backup results channels; DDoS mitigation for results websites",
                      "kind": "technical",
                      "status": "failed",
                      "findings": {
                        "error": 1,
                        "warning": 0,
                        "note": 0
                      },
                      "rules": [
                        {
                          "id": "EA4901",
                          "title": "Test backup rule",
                          "mapping": "interpretation",
                          "evaluation": "partial",
                          "status": "passed",
                          "reason": "no DNS zone file in the scan",
                          "findings": {
                            "error": 0,
                            "warning": 0,
                            "note": 0
                          },
                          "suppressed": 0,
                          "helpUri": "https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA4901.md"
                        },
                        {
                          "id": "EA5901",
                          "title": "Test results site without DDoS section",
                          "mapping": "explicit",
                          "evaluation": "full",
                          "status": "failed",
                          "findings": {
                            "error": 1,
                            "warning": 0,
                            "note": 0
                          },
                          "suppressed": 0,
                          "helpUri": "https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA5901.md"
                        }
                      ]
                    },
            """;
        json.ShouldContain(e6);
        json.ShouldContain("\"evaluation\": \"disabled\",\n              \"status\": \"not-evaluated\",\n              \"reason\": \"rule disabled in configuration\",");
        json.ShouldEndWith("      ]\n    }\n  ]\n}\n");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        document.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("items").GetArrayLength()).ShouldBe([12, 2, 2]);
    }

    [Fact]
    public void Html_is_self_contained_with_one_row_per_recommendation()
    {
        Html.ShouldStartWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ElectionAudit coverage report</title>\n<style>\n");
        Html.ShouldNotContain("<script", Case.Insensitive);
        Html.ShouldNotContain("<link", Case.Insensitive);
        Html.ShouldNotContain(" src=", Case.Insensitive);
        Html.ShouldNotContain("url(", Case.Insensitive);
        RecommendationRow().Matches(Html).Select(m => m.Groups[1].Value).ShouldBe(["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12"]);
        Html.ShouldContain("<tr class=\"item recommendation\" id=\"E6\"><td><strong>E6</strong> Official and backup results channels; DDoS mitigation for results websites</td><td><span class=\"status failed\">failed</span></td><td>1 error</td><td><ul class=\"rules\">"
            + "<li><a href=\"https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA4901.md\">EA4901</a> Test backup rule: <span class=\"status passed\">passed</span> <span class=\"reading\">our reading</span> <span class=\"reason\">partial: no DNS zone file in the scan</span></li>"
            + "<li><a href=\"https://github.com/electionaudit/electionaudit/blob/main/rules-docs/EA5901.md\">EA5901</a> Test results site without DDoS section: <span class=\"status failed\">failed</span> (1 error)</li></ul></td></tr>\n");
        Html.ShouldContain("<tr class=\"item\" id=\"cmp-results-publication\">");
        Html.ShouldContain("<tr class=\"item\" id=\"cis-HB34\">");
    }

    [Fact]
    public void Html_renders_in_headless_chromium()
    {
        var chromium = ExternalProgram.Require("chromium");
        var directory = Directory.CreateTempSubdirectory("electionaudit-coverage-");
        try
        {
            var page = Path.Combine(directory.FullName, "coverage.html");
            File.WriteAllText(page, Html);
            var screenshot = Path.Combine(directory.FullName, "coverage.png");
            string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(directory.FullName, "profile")}"];
            var shot = ExternalProgram.Run(chromium, [.. common, $"--screenshot={screenshot}", "--window-size=1200,900", new Uri(page).AbsoluteUri], timeoutMilliseconds: 120_000);
            shot.ExitCode.ShouldBe(0, shot.StdErr);

            var image = PngImage.Decode(File.ReadAllBytes(screenshot));
            image.Width.ShouldBe(1200);
            image.Height.ShouldBe(900);
            var colours = new HashSet<int>();
            int painted = 0;
            for (int y = 0; y < image.Height; y += 3)
            {
                for (int x = 0; x < image.Width; x += 3)
                {
                    int colour = image.ColourAt(x, y);
                    colours.Add(colour);
                    painted += colour == 0xFFFFFF ? 0 : 1;
                }
            }

            colours.Count.ShouldBeGreaterThan(20, "a rendered table with coloured status badges has many colours; a blank page has one");
            painted.ShouldBeGreaterThan(image.Width * image.Height / 9 / 50, "more than 2% of the sampled pixels are not background");
            colours.ShouldContain(0xFFD8D6, "the 'failed' badge's background is drawn");

            var dump = ExternalProgram.Run(chromium, [.. common, "--dump-dom", new Uri(page).AbsoluteUri], timeoutMilliseconds: 120_000);
            dump.ExitCode.ShouldBe(0, dump.StdErr);
            dump.StdOut.ShouldContain("<title>ElectionAudit coverage report</title>");
            RecommendationRow().Matches(dump.StdOut).Select(m => m.Groups[1].Value).ShouldBe(["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<tr class=\"item recommendation\" id=\"(E[0-9]+)\">")]
    private static partial Regex RecommendationRow();
}
