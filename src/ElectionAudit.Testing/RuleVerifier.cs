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

/// <summary>Thrown when a rule's findings differ from the fixture's markup; the message is a readable diff.</summary>
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
/// Built-in invariants: the rule does not throw (no EA0001), the fixtures parse cleanly (no EA0002/EA0004 unless marked),
/// every finding lies inside the given files, and the rule runs on empty input without throwing.
/// A fixture may set the audit date with a comment line <c>electionaudit-test: as-of=YYYY-MM-DD</c> in the format's comment syntax.
/// </summary>
/// <typeparam name="TRule">The rule under test.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "RuleVerifier<TRule>.Verify(...) mirrors Roslyn's analyzer verifiers, which rule authors know.")]
public static partial class RuleVerifier<TRule>
    where TRule : AuditRule, new()
{
    /// <summary>The audit date used when a fixture does not set one.</summary>
    public static DateOnly DefaultAsOf { get; } = new(2026, 6, 1);

    /// <summary>Verifies a single fixture file.</summary>
    public static void Verify(string path, string markedText, AuditConfiguration? configuration = null) =>
        Verify([new FixtureFile(path, markedText)], configuration);

    /// <summary>Verifies a set of fixture files (for cross-file rules), then the empty-input invariant.</summary>
    public static void Verify(IReadOnlyList<FixtureFile> files, AuditConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rule = new TRule();
        var supported = rule.SupportedRules.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var fileSystem = new InMemoryFileSystem();
        var expected = new List<(string Path, string RuleId, int Start, int End)>();
        DateOnly asOf = DefaultAsOf;
        foreach (var file in files)
        {
            var (text, spans) = MarkupParser.Parse(file.MarkedText);
            fileSystem.Add(file.Path, text);
            if (AsOfPattern().Match(text) is { Success: true } match)
            {
                asOf = DateOnly.ParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            foreach (var span in spans)
            {
                var id = span.RuleId ?? (supported.Count == 1 ? supported.First() : throw new RuleVerificationException($"{file.Path}: [|...|] markup needs a rule with one ID; {typeof(TRule).Name} has {supported.Count}. Use {{|EAnnnn:...|}}."));
                expected.Add((PathUtil.Normalize(file.Path), id, span.Start, span.End));
            }
        }

        var config = (configuration ?? AuditConfiguration.Default) with { AsOf = asOf };
        var engine = new AuditEngine([rule]);
        var result = engine.Analyze(fileSystem, [.. fileSystem.Paths], config, maxDegreeOfParallelism: 1);

        var crashes = result.Findings.Where(f => f.RuleId == "EA0001").ToList();
        if (crashes.Count > 0)
        {
            throw new RuleVerificationException("The rule threw:" + Environment.NewLine + string.Join(Environment.NewLine, crashes.Select(f => "  " + f.Message)));
        }

        var expectedIds = expected.Select(e => e.RuleId).ToHashSet(StringComparer.Ordinal);
        var actual = result.Findings
            .Where(f => supported.Contains(f.RuleId) || expectedIds.Contains(f.RuleId) || f.RuleId is "EA0002" or "EA0004")
            .Select(f => (Path: f.Location.Path, f.RuleId, f.Location.Span.Start, f.Location.Span.End, f.Message))
            .ToList();
        foreach (var finding in actual.Where(a => !fileSystem.FileExists(a.Path)))
        {
            throw new RuleVerificationException($"Finding {finding.RuleId} points at '{finding.Path}', which is not one of the fixture files.");
        }

        var missing = expected.Where(e => !actual.Any(a => a.Path == e.Path && a.RuleId == e.RuleId && a.Start == e.Start && a.End == e.End)).ToList();
        var unexpected = actual.Where(a => !expected.Any(e => a.Path == e.Path && a.RuleId == e.RuleId && a.Start == e.Start && a.End == e.End)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var report = new StringBuilder($"{typeof(TRule).Name}: findings differ from the fixture markup.").AppendLine();
            foreach (var (path, id, start, end) in missing)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  - expected {Describe(fileSystem, path, id, start, end)}");
            }

            foreach (var (path, id, start, end, message) in unexpected)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  + actual   {Describe(fileSystem, path, id, start, end)}: {message}");
            }

            throw new RuleVerificationException(report.ToString());
        }

        VerifyEmptyInput(files);
    }

    private static void VerifyEmptyInput(IReadOnlyList<FixtureFile> files)
    {
        var empty = new InMemoryFileSystem(files.Select(f => new KeyValuePair<string, string>(f.Path, string.Empty)));
        var result = new AuditEngine([new TRule()]).Analyze(empty, [.. empty.Paths], AuditConfiguration.Default with { AsOf = DefaultAsOf }, 1);
        if (result.Findings.Any(f => f.RuleId == "EA0001"))
        {
            throw new RuleVerificationException($"{typeof(TRule).Name} threw on empty input.");
        }
    }

    private static string Describe(InMemoryFileSystem fileSystem, string path, string id, int start, int end)
    {
        var source = fileSystem.TryRead(path) ?? new SourceText(path, string.Empty);
        var location = source.GetLocation(TextSpan.FromBounds(Math.Min(start, source.Text.Length), Math.Min(end, source.Text.Length)));
        var text = source.ToString(location.Span).ReplaceLineEndings("⏎");
        if (text.Length > 60)
        {
            text = text[..57] + "...";
        }

        return $"{id} at {path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn}) \"{text}\"";
    }

    [GeneratedRegex(@"electionaudit-test:\s*as-of=([0-9]{4}-[0-9]{2}-[0-9]{2})")]
    private static partial Regex AsOfPattern();
}
