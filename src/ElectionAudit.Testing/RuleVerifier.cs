using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Testing;

/// <summary>A fixture file: a path (which decides its format, as in a real scan) and its text with markup.</summary>
/// <param name="Path">Relative path, for example <c>election.yml</c> or <c>nginx/sites/results.conf</c>.</param>
/// <param name="MarkedText">Content with <c>{|EAnnnn:...|}</c> / <c>[|...|]</c> markup.</param>
public sealed record FixtureFile(string Path, string MarkedText);

/// <summary>Thrown when a rule's findings differ from the fixture's markup or an invariant fails; the message is a readable diff.</summary>
public sealed class RuleVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RuleVerificationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RuleVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs one rule through the real engine on fixture files and compares its findings (IDs and exact spans) with the markup.
/// The fixtures must parse cleanly (no EA0002/EA0004 unless marked). Then the <see cref="Invariant"/>s are checked unless
/// switched off through <see cref="VerifierOptions.SkipInvariant"/>: no throw on the fixture or on empty input, an inline
/// suppression comment silences each expected finding, and every finding lies inside the given files.
/// A fixture may set the audit date with a comment line <c>electionaudit-test: as-of=YYYY-MM-DD</c> in the format's comment syntax.
/// </summary>
/// <typeparam name="TRule">The rule under test.</typeparam>
/// <example>
/// <code>
/// RuleVerifier&lt;EA2001LegacyProtocolEnabled&gt;.Verify("nginx.conf", "ssl_protocols {|EA2001:TLSv1|} TLSv1.2;");
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "RuleVerifier<TRule>.Verify(...) mirrors Roslyn's analyzer verifiers, which rule authors know.")]
public static partial class RuleVerifier<TRule>
    where TRule : AuditRule, new()
{
    /// <summary>The audit date used when a fixture does not set one.</summary>
    public static DateOnly DefaultAsOf { get; } = new(2026, 6, 1);

    /// <summary>Verifies a single fixture file with every invariant on and the default configuration.</summary>
    public static void Verify(string path, string markedText) =>
        Verify([new FixtureFile(path, markedText)], VerifierOptions.Default);

    /// <summary>Verifies a single fixture file with the given options.</summary>
    public static void Verify(string path, string markedText, VerifierOptions options) =>
        Verify([new FixtureFile(path, markedText)], options);

    /// <summary>Verifies a set of fixture files (for cross-file rules) with every invariant on and the given configuration (null: the defaults).</summary>
    public static void Verify(IReadOnlyList<FixtureFile> files, AuditConfiguration? configuration) =>
        Verify(files, VerifierOptions.Default with { Configuration = configuration });

    /// <summary>Verifies a fixture plus extra files that form one scan with it (a certificate an nginx file names, a descriptor ...).</summary>
    public static void Verify(FixtureFile fixture, IEnumerable<FixtureFile> extraFiles, VerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(extraFiles);
        Verify([fixture, .. extraFiles], options);
    }

    /// <summary>Verifies a set of fixture files with the given options.</summary>
    public static void Verify(IReadOnlyList<FixtureFile> files, VerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var rule = new TRule();
        var supported = rule.SupportedRules.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var texts = new List<KeyValuePair<string, string>>();
        var expected = new List<Span>();
        DateOnly asOf = DefaultAsOf;
        foreach (var file in files)
        {
            var (text, spans) = MarkupParser.Parse(file.MarkedText);
            var path = PathUtil.Normalize(file.Path);
            texts.Add(new(path, text));
            if (AsOfPattern().Match(text) is { Success: true } match)
            {
                asOf = DateOnly.ParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            foreach (var span in spans)
            {
                var id = span.RuleId ?? (supported.Count == 1 ? supported.First() : throw new RuleVerificationException($"{file.Path}: [|...|] markup needs a rule with one ID; {typeof(TRule).Name} has {supported.Count}. Use {{|EAnnnn:...|}}."));
                expected.Add(new Span(path, id, span.Start, span.End));
            }
        }

        var configuration = (options.Configuration ?? AuditConfiguration.Default) with { AsOf = asOf };
        var fileSystem = new InMemoryFileSystem(texts);
        var result = Run(fileSystem, configuration);

        var crashes = result.Findings.Where(f => f.RuleId == "EA0001").ToList();
        if (crashes.Count > 0 && options.Checks(Invariant.NoThrowOnFixture))
        {
            throw new RuleVerificationException("The rule threw (invariant NoThrowOnFixture):" + Environment.NewLine + string.Join(Environment.NewLine, crashes.Select(f => "  " + f.Message)));
        }

        var expectedIds = expected.Select(e => e.RuleId).ToHashSet(StringComparer.Ordinal);
        var actual = result.Findings
            .Where(f => supported.Contains(f.RuleId) || expectedIds.Contains(f.RuleId) || f.RuleId is "EA0002" or "EA0004")
            .ToList();
        if (options.Checks(Invariant.FindingsInsideGivenFiles))
        {
            foreach (var finding in actual)
            {
                var source = fileSystem.TryRead(finding.Location.Path);
                if (source is null)
                {
                    throw new RuleVerificationException($"Finding {finding.RuleId} points at '{finding.Location.Path}', which is not one of the fixture files (invariant FindingsInsideGivenFiles): {finding.Message}");
                }

                if (finding.Location.Span.Start < 0 || finding.Location.Span.End > source.Length)
                {
                    throw new RuleVerificationException($"Finding {finding.RuleId} has the span {finding.Location.Span.Start}..{finding.Location.Span.End}, outside '{finding.Location.Path}' ({source.Length} characters; invariant FindingsInsideGivenFiles): {finding.Message}");
                }
            }
        }

        var actualSpans = actual.Where(f => fileSystem.FileExists(f.Location.Path)).Select(f => (Span: new Span(f.Location.Path, f.RuleId, f.Location.Span.Start, f.Location.Span.End), f.Message)).ToList();
        var missing = expected.Where(e => !actualSpans.Any(a => a.Span == e)).ToList();
        var unexpected = actualSpans.Where(a => !expected.Contains(a.Span)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var report = new StringBuilder($"{typeof(TRule).Name}: findings differ from the fixture markup.").AppendLine();
            foreach (var span in missing)
            {
                Describe(report, fileSystem, "- expected", span, message: null);
            }

            foreach (var (span, message) in unexpected)
            {
                Describe(report, fileSystem, "+ actual  ", span, message);
            }

            throw new RuleVerificationException(report.ToString());
        }

        if (options.Checks(Invariant.InlineSuppressionSilences))
        {
            VerifyInlineSuppression(texts, expected, result, configuration, options);
        }

        if (options.Checks(Invariant.NoThrowOnEmptyInput))
        {
            VerifyEmptyInput(texts);
        }
    }

    private static AuditResult Run(InMemoryFileSystem fileSystem, AuditConfiguration configuration) =>
        new AuditEngine([new TRule()]).Analyze(fileSystem, [.. fileSystem.Paths], configuration, maxDegreeOfParallelism: 1);

    /// <summary>
    /// Writes <c>electionaudit-disable-next-line ID -- test</c> above the first line of every expected finding (one
    /// comment per line, naming every ID found there, indented like the line so that YAML blocks stay intact), runs
    /// again and checks that no finding of those IDs remains.
    /// </summary>
    private static void VerifyInlineSuppression(List<KeyValuePair<string, string>> texts, List<Span> expected, AuditResult result, AuditConfiguration configuration, VerifierOptions options)
    {
        if (expected.Count == 0)
        {
            return;
        }

        var formats = result.Model.SyntaxTrees.GroupBy(t => t.Source.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Format.Name, StringComparer.Ordinal);
        var insertions = new Dictionary<string, SortedDictionary<int, string>>(StringComparer.Ordinal);
        var checkedSpans = new List<Span>();
        foreach (var byFile in expected.GroupBy(e => e.Path, StringComparer.Ordinal))
        {
            if (!formats.TryGetValue(byFile.Key, out var format) || !options.CommentMarkers.TryGetValue(format, out var marker))
            {
                continue;
            }

            var source = new SourceText(byFile.Key, texts.First(t => t.Key == byFile.Key).Value);
            var atLine = new SortedDictionary<int, string>();
            foreach (var byLine in byFile.GroupBy(e => source.GetLineAndColumn(e.Start).Line))
            {
                int lineStart = source.GetLineStart(byLine.Key);
                var lineText = source.GetLineText(byLine.Key);
                var indent = lineText[..(lineText.Length - lineText.TrimStart().Length)];
                var ids = string.Join(", ", byLine.Select(e => e.RuleId).Distinct(StringComparer.Ordinal));
                atLine[lineStart] = $"{indent}{marker} electionaudit-disable-next-line {ids} -- test{NewLineOf(source.Text)}";
                checkedSpans.AddRange(byLine);
            }

            insertions[byFile.Key] = atLine;
        }

        if (checkedSpans.Count == 0)
        {
            return;
        }

        var commented = new InMemoryFileSystem(texts.Select(t => new KeyValuePair<string, string>(t.Key, insertions.TryGetValue(t.Key, out var at) ? Insert(t.Value, at) : t.Value)));
        var rerun = Run(commented, configuration);

        // Every finding of the checked IDs must be gone, wherever the rule now puts it: only expected findings in files
        // without comment syntax (which are not moved) may remain.
        var checkedIds = checkedSpans.Select(s => s.RuleId).ToHashSet(StringComparer.Ordinal);
        var notChecked = expected.Except(checkedSpans).ToHashSet();
        var remaining = rerun.Findings
            .Where(f => checkedIds.Contains(f.RuleId))
            .Select(f => (Span: new Span(f.Location.Path, f.RuleId, f.Location.Span.Start, f.Location.Span.End), f.Message))
            .Where(f => !notChecked.Contains(f.Span))
            .ToList();
        if (remaining.Count > 0)
        {
            var report = new StringBuilder($"{typeof(TRule).Name}: an inline suppression comment on the line before did not silence these findings (invariant InlineSuppressionSilences).").AppendLine();
            foreach (var (span, message) in remaining)
            {
                Describe(report, commented, "+ still   ", span, message);
            }

            throw new RuleVerificationException(report.ToString());
        }
    }

    private static string NewLineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static string Insert(string text, SortedDictionary<int, string> at)
    {
        var builder = new StringBuilder(text.Length + at.Values.Sum(v => v.Length));
        int previous = 0;
        foreach (var (offset, line) in at)
        {
            builder.Append(text, previous, offset - previous).Append(line);
            previous = offset;
        }

        return builder.Append(text, previous, text.Length - previous).ToString();
    }

    private static void VerifyEmptyInput(List<KeyValuePair<string, string>> texts)
    {
        var empty = new InMemoryFileSystem(texts.Select(t => new KeyValuePair<string, string>(t.Key, string.Empty)));
        var crashes = Run(empty, AuditConfiguration.Default with { AsOf = DefaultAsOf }).Findings.Where(f => f.RuleId == "EA0001").ToList();
        if (crashes.Count > 0)
        {
            throw new RuleVerificationException($"{typeof(TRule).Name} threw on empty input (invariant NoThrowOnEmptyInput):" + Environment.NewLine + string.Join(Environment.NewLine, crashes.Select(f => "  " + f.Message)));
        }
    }

    /// <summary>One line per finding, then the source line and a caret under the span, as compilers show it.</summary>
    private static void Describe(StringBuilder report, InMemoryFileSystem fileSystem, string label, Span span, string? message)
    {
        var source = fileSystem.TryRead(span.Path) ?? new SourceText(span.Path, string.Empty);
        var start = Math.Clamp(span.Start, 0, source.Length);
        var location = source.GetLocation(TextSpan.FromBounds(start, Math.Clamp(span.End, start, source.Length)));
        var text = source.ToString(location.Span).ReplaceLineEndings("⏎");
        if (text.Length > 60)
        {
            text = text[..57] + "...";
        }

        report.Append(CultureInfo.InvariantCulture, $"  {label} {span.RuleId} at {span.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn}) \"{text}\"");
        report.AppendLine(message is null ? string.Empty : ": " + message);
        if (source.LineCount == 0 || source.Length == 0)
        {
            return;
        }

        var lineText = source.GetLineText(location.StartLine).TrimEnd('\r', '\n');
        var number = location.StartLine.ToString(CultureInfo.InvariantCulture);
        int caretStart = Math.Min(location.StartColumn - 1, lineText.Length);
        int caretEnd = location.EndLine == location.StartLine ? Math.Min(location.EndColumn - 1, lineText.Length) : lineText.Length;
        report.Append("      ").Append(number).Append(" | ").AppendLine(lineText);
        report.Append("      ").Append(' ', number.Length).Append(" | ").Append(new string(' ', caretStart)).AppendLine(new string('^', Math.Max(1, caretEnd - caretStart)));
    }

    [GeneratedRegex(@"electionaudit-test:\s*as-of=([0-9]{4}-[0-9]{2}-[0-9]{2})")]
    private static partial Regex AsOfPattern();

    private readonly record struct Span(string Path, string RuleId, int Start, int End);
}
