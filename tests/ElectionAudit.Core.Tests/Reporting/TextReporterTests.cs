using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// The text report: each finding's line, the source line with tabs as spaces and a caret underline, and its notes. The
/// report writes these in pieces (the message as the finding's characters, the line through a reused buffer, the caret
/// line from cached runs); the text must be what the lines built as strings were, with the writer's own line ends.
/// </summary>
public sealed class TextReporterTests
{
    private static readonly RuleDescriptor Whole = Descriptor("EA9941", "{0}");
    private static readonly RuleDescriptor Formatted = Descriptor("EA9942", "Directive '{0}' is {1}.");

    private static readonly string LongLine = "\tlocation /" + new string('a', 300) + " { return 301; }";

    // A string file with tabs and a long line, an ASCII file kept as bytes with CRLF line ends, and a non-ASCII one.
    private static readonly SourceText Site = new("web/site.conf", "server {\n\tlisten 443 ssl;\t# tls\n" + LongLine + "\n}\n");
    private static readonly SourceText Compact = SourceText.FromBytes("web/compact.conf", Encoding.ASCII.GetBytes("server {\r\n\t\tserver_tokens on;\r\n}"));
    private static readonly SourceText Accented = new("dns/élection.zone", "@ IN SOA ns1 hostmaster ( 1 2 3 4 5 ) ; zoné\n\twww IN A 192.0.2.1\n");

    private static RuleDescriptor Descriptor(string id, string format) => new(
        id, "Text test", format, Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    private static Location At(SourceText source, int startLine, int startColumn, int endLine, int endColumn) =>
        new(source.Path, new TextSpan(0, 0), startLine, startColumn, endLine, endColumn);

    private static AuditResult Result()
    {
        var store = new FindingStore();
        var related = new RelatedLocation(At(Compact, 2, 3, 2, 16), "server_tokens is set here");
        Finding[] findings =
        [
            // Stored: a message of parts, with a related location; a format's arguments.
            store.Keep(Finding.Create(Whole, Severity.Error, At(Site, 2, 2, 2, 8), $"server:{443}/listen", [related], $"Port {443} listens with {Site.LineCount}.")),
            store.Keep(Finding.Create(Formatted, At(Site, 3, 12, 3, 305), "long", "location", "too long")),

            // A start past the line's end, an empty span, a span over several lines, and a caret run past 128 columns.
            store.Keep(Finding.Create(Formatted, Severity.Note, At(Site, 2, 40, 2, 50), "past", [], "listen", "short")),
            store.Keep(Finding.Create(Formatted, At(Site, 1, 8, 1, 8), "empty", "server", "empty")),
            store.Keep(Finding.Create(Whole, At(Site, 1, 1, 4, 2), "block", $"The block {Site.Path} spans lines.")),
            store.Keep(Finding.Create(Formatted, At(Site, 3, 200, 3, 290), "deep", "location", "deep")),

            // An ASCII file kept as bytes, a non-ASCII one, a line past the file's end, a file that was not read.
            store.Keep(Finding.Create(Whole, At(Compact, 2, 3, 2, 16), "tokens", $"server_tokens is {Compact.Length}.")),
            store.Keep(Finding.Create(Formatted, At(Accented, 1, 40, 1, 45), "zone", "zoné", "accented")),
            store.Keep(Finding.Create(Whole, At(Accented, 9, 1, 9, 2), "beyond", "Past the end.")),
            store.Keep(Finding.Create(Whole, Location.ForFile("web/unread.conf"), "unread", "Not read.")),

            // Not stored: a format with an alignment.
            Finding.Create(Descriptor("EA9943", "[{0,6}]"), Severity.Warning, At(Site, 2, 2, 2, 8), "aligned", [related], "x"),
        ];

        SourceText[] read = [Site, Compact, Accented];
        var sources = ImmutableDictionary.CreateRange(StringComparer.Ordinal, read.Select(s => KeyValuePair.Create(s.Path, s)));
        return new AuditResult([.. findings], [], [Whole, Formatted], sources, InfrastructureModel.Empty, new AnalysisOptions(new DateOnly(2027, 3, 17)), Severity.Error, 3);
    }

    [Theory]
    [InlineData(false, "\n")]
    [InlineData(true, "\n")]
    [InlineData(false, "\r\n")]
    public void The_report_is_the_text_the_lines_built_as_strings_made(bool useColor, string newLine)
    {
        var result = Result();

        var written = Written(result, useColor, newLine);

        written.ShouldBe(Reference(result, useColor, newLine));
        written.ShouldContain(newLine + "  " + LongLine.Replace('\t', ' ') + newLine);
        written.ShouldNotContain("\t");
    }

    [Fact]
    public void Lines_read_as_expected()
    {
        var lines = Written(Result(), false, "\n").Split('\n');

        lines[0].ShouldBe("web/site.conf:2:2: error EA9941: Port 443 listens with 5.");
        lines[1].ShouldBe("   listen 443 ssl; # tls");
        lines[2].ShouldBe("   ^~~~~~");
        lines[3].ShouldBe("  web/compact.conf:2:3: note: server_tokens is set here");
        lines[4].ShouldBe("web/site.conf:3:12: warning EA9942: Directive 'location' is too long.");
        lines[7].ShouldBe("web/site.conf:2:40: note EA9942: Directive 'listen' is short.");
        lines[9].ShouldBe("  " + new string(' ', 22) + "^"); // past the end of a 22-character line
        lines[12].ShouldBe("         ^");
        lines[15].ShouldBe("  ^~~~~~~~"); // a span over several lines underlines the rest of its first
        lines[16].ShouldBe("web/site.conf:3:200: warning EA9942: Directive 'location' is deep.");
        lines[18].ShouldBe("  " + new string(' ', 199) + "^" + new string('~', 89));
        lines[19].ShouldBe("web/compact.conf:2:3: warning EA9941: server_tokens is 32.");
        lines[20].ShouldBe("    server_tokens on;");
        lines[22].ShouldBe("dns/élection.zone:1:40: warning EA9942: Directive 'zoné' is accented.");
        lines[25].ShouldBe("dns/élection.zone:9:1: warning EA9941: Past the end.");
        lines[26].ShouldBe("web/unread.conf:1:1: warning EA9941: Not read.");
        lines[27].ShouldBe("web/site.conf:2:2: warning EA9943: [     x]");
        lines[^2].ShouldStartWith("1 error, 9 warnings, 1 note in 0 files");
    }

    [Fact]
    public void A_line_longer_than_a_thousand_characters_is_shown_as_a_window_around_the_finding()
    {
        // A minified or hostile one-line file: the report shows 1,000 characters of the line, from 100 before the finding's
        // column (or from the start, or up to the end), with "..." where the line is cut.
        var line = string.Concat(Enumerable.Range(0, 500).Select(i => i.ToString("D9", CultureInfo.InvariantCulture) + ";"));
        var source = new SourceText("web/minified.conf", line + "\n");
        var store = new FindingStore();
        Finding[] findings =
        [
            store.Keep(Finding.Create(Whole, At(source, 1, 3001, 1, 3011), "middle", "In the middle.")),
            store.Keep(Finding.Create(Whole, At(source, 1, 1, 1, 5), "start", "At the start.")),
            store.Keep(Finding.Create(Whole, At(source, 1, 4991, 1, 5001), "end", "At the end.")),
            store.Keep(Finding.Create(Whole, At(source, 1, 3801, 1, 4999), "wide", "Past the window.")),
        ];
        var sources = ImmutableDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(source.Path, source)]);
        var result = new AuditResult([.. findings], [], [Whole], sources, InfrastructureModel.Empty, new AnalysisOptions(new DateOnly(2027, 3, 17)), Severity.Error, 1);

        var lines = Written(result, false, "\n").Split('\n');
        lines[1].ShouldBe("  ..." + line[2900..3900] + "...");
        lines[2].ShouldBe("  " + new string(' ', 103) + "^" + new string('~', 9));
        lines[4].ShouldBe("  " + line[..1000] + "...");
        lines[5].ShouldBe("  ^~~~");
        lines[7].ShouldBe("  ..." + line[4000..]);
        lines[8].ShouldBe("  " + new string(' ', 993) + "^" + new string('~', 9));

        // A span that runs past the window is underlined to the window's end.
        lines[10].ShouldBe("  ..." + line[3700..4700] + "...");
        lines[11].ShouldBe("  " + new string(' ', 103) + "^" + new string('~', 899));
    }

    [Fact]
    public void Control_characters_from_scanned_files_are_shown_as_pictures()
    {
        // A site file whose comment holds a terminal escape sequence (it would turn the rest of a CI log red), DEL and a C1
        // control, and a binary's start reached through an include: each control is one visible character, so the caret
        // stays under its column, and the message that quotes the file is shown the same way.
        var hostile = new SourceText("web/hostile\u001b[2J.conf", "server_tokens on; # \u001b[31m\u007f\u009b\n");
        var binary = new SourceText("web/conf.d/module.so", "\u007fELF\u0002\u0001\u0001\0\0");
        var store = new FindingStore();
        Finding[] findings =
        [
            store.Keep(Finding.Create(Whole, At(hostile, 1, 1, 1, 14), "tokens", "Quoted: \"\u001b[31m\".")),
            store.Keep(Finding.Create(Whole, At(binary, 1, 8, 1, 9), "binary", "The file holds a NUL character.")),
        ];
        var sources = ImmutableDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(hostile.Path, hostile), KeyValuePair.Create(binary.Path, binary)]);
        var result = new AuditResult([.. findings], [], [Whole], sources, InfrastructureModel.Empty, new AnalysisOptions(new DateOnly(2027, 3, 17)), Severity.Error, 2);

        var written = Written(result, false, "\n");
        var lines = written.Split('\n');
        lines[0].ShouldBe("web/hostile\u241b[2J.conf:1:1: warning EA9941: Quoted: \"\u241b[31m\".");
        lines[1].ShouldBe("  server_tokens on; # \u241b[31m\u2421\uFFFD");
        lines[2].ShouldBe("  ^~~~~~~~~~~~~");
        lines[4].ShouldBe("  \u2421ELF\u2402\u2401\u2401\u2400\u2400");
        lines[5].ShouldBe("         ^");
        written.ShouldNotContain('\u001b');
        written.ShouldNotContain('\0');
    }

    private static string Written(AuditResult result, bool useColor, string newLine)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = newLine };
        TextReporter.Write(result, writer, useColor);
        return writer.ToString();
    }

    // The report as it was written before it was written in pieces: every line an interpolated string.
    private static string Reference(AuditResult result, bool useColor, string newLine)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = newLine };
        foreach (var finding in result.Findings)
        {
            var location = finding.Location;
            var severity = finding.Severity.ToName();
            var color = finding.Severity switch { Severity.Error => "\u001b[31m", Severity.Warning => "\u001b[33m", _ => "\u001b[36m" };
            var colored = useColor ? $"{color}{severity}\u001b[0m" : severity;
            writer.WriteLine($"{location.Path}:{location.StartLine}:{location.StartColumn}: {colored} {finding.RuleId}: {finding.Message}");
            if (result.Sources.TryGetValue(location.Path, out var source) && location.StartLine <= source.LineCount)
            {
                var line = source.GetLineText(location.StartLine).Replace('\t', ' ');
                int start = Math.Min(location.StartColumn - 1, line.Length);
                int end = location.EndLine == location.StartLine ? Math.Min(location.EndColumn - 1, line.Length) : line.Length;
                int width = Math.Max(1, end - start);
                writer.WriteLine("  " + line);
                writer.WriteLine("  " + new string(' ', start) + "^" + new string('~', width - 1));
            }

            foreach (var related in finding.RelatedLocations)
            {
                writer.WriteLine($"  {related.Location.Path}:{related.Location.StartLine}:{related.Location.StartColumn}: note: {related.Message}");
            }
        }

        writer.WriteLine(TextReporter.Summary(result));
        return writer.ToString();
    }
}
