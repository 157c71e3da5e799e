using System.Globalization;
using System.Text;
using System.Xml;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Reporting;

/// <summary>
/// JUnit XML for CI test views (Azure DevOps, Jenkins, GitLab): one <c>testsuite</c> per file, one <c>testcase</c> per rule
/// that applies to the file's format (or reported something in it); a rule with findings in the file fails, with every
/// finding listed in the failure's text. Follows the de-facto JUnit schema (Ant's <c>junitreport</c>, as Jenkins reads it).
/// </summary>
public static class JUnitReporter
{
    /// <summary>The report's text (UTF-8 XML).</summary>
    public static string ToText(AuditResult result) => ReportWriting.ToText(stream => Write(result, stream));

    /// <summary>Writes the report to <paramref name="stream"/> (UTF-8 XML, no BOM, trailing newline) as it goes.</summary>
    public static void Write(AuditResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        var formatsByPath = result.Model.SyntaxTrees.GroupBy(t => t.Source.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(t => t.Format).ToHashSet(), StringComparer.Ordinal);
        var findingsByPath = result.Findings.GroupBy(f => f.Location.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var paths = formatsByPath.Keys.Concat(findingsByPath.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var suites = new List<(string Path, List<(RuleDescriptor Rule, List<Finding> Findings)> Cases)>();
        foreach (var path in paths)
        {
            var formats = formatsByPath.GetValueOrDefault(path) ?? [];
            var findings = findingsByPath.GetValueOrDefault(path) ?? [];
            var rules = result.Rules.Where(r => r.Category != RuleCategory.Tool && r.Formats.Any(formats.Contains)).Concat(findings.Select(f => f.Rule)).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal);
            suites.Add((path, [.. rules.Select(r => (r, findings.Where(f => f.RuleId == r.Id).ToList()))]));
        }

        // A test case's name once per rule, and each failure's text joined in one buffer reused for the whole report: a
        // string per test case (a rule per file), per finding line, and per joined failure text was most of the report's
        // allocation.
        var names = new Dictionary<RuleDescriptor, string>(ReferenceEqualityComparer.Instance);
        var text = new CharBuffer(1024);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "ElectionAudit");
            xml.WriteAttributeString("tests", Count(suites.Sum(s => s.Cases.Count)));
            xml.WriteAttributeString("failures", Count(suites.Sum(s => s.Cases.Count(c => c.Findings.Count > 0))));
            xml.WriteAttributeString("errors", "0");
            int id = 0;
            foreach (var (path, cases) in suites)
            {
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", VisibleText.Of(path));
                xml.WriteAttributeString("tests", Count(cases.Count));
                xml.WriteAttributeString("failures", Count(cases.Count(c => c.Findings.Count > 0)));
                xml.WriteAttributeString("errors", "0");
                xml.WriteAttributeString("skipped", "0");
                xml.WriteAttributeString("time", "0");
                xml.WriteAttributeString("id", Count(id++));
                xml.WriteAttributeString("package", "electionaudit");
                xml.WriteAttributeString("hostname", "electionaudit");
                xml.WriteAttributeString("timestamp", "1970-01-01T00:00:00");
                foreach (var (rule, findings) in cases)
                {
                    xml.WriteStartElement("testcase");
                    if (!names.TryGetValue(rule, out var name))
                    {
                        name = $"{rule.Id} {rule.Title}";
                        names.Add(rule, name);
                    }

                    xml.WriteAttributeString("name", name);
                    xml.WriteAttributeString("classname", VisibleText.Of(path));
                    xml.WriteAttributeString("time", "0");
                    if (findings.Count > 0)
                    {
                        xml.WriteStartElement("failure");
                        text.Clear();
                        if (findings.Count > 1)
                        {
                            text.Append(findings.Count);
                            text.Append(" findings; the first: ");
                        }

                        text.Append(findings[0].MessageSpan);
                        VisibleText.ForXml(text.Segment.AsSpan(), keepLineBreaks: false);
                        xml.WriteStartAttribute("message");
                        xml.WriteChars(text.Segment.Array!, 0, text.Segment.Count);
                        xml.WriteEndAttribute();
                        xml.WriteAttributeString("type", findings.Max(f => f.Severity).ToName());

                        // Every finding's line, then where the rule is explained, as one text (written at once, as the
                        // string it was built as: a line break split between two writes could be written differently).
                        text.Clear();
                        foreach (var f in findings)
                        {
                            text.Append(f.Location.Path);
                            text.Append(':');
                            text.Append(f.Location.StartLine);
                            text.Append(':');
                            text.Append(f.Location.StartColumn);
                            text.Append(": ");
                            text.Append(f.Severity.ToName());
                            text.Append(' ');
                            text.Append(f.RuleId);
                            text.Append(": ");
                            text.Append(f.MessageSpan);
                            text.Append('\n');
                        }

                        text.Append("See ");
                        text.Append(rule.HelpUri);
                        VisibleText.ForXml(text.Segment.AsSpan(), keepLineBreaks: true);
                        xml.WriteChars(text.Segment.Array!, 0, text.Segment.Count);
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        stream.Write("\n"u8);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
