using System.Globalization;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Reporting;

/// <summary>Writes findings for people: <c>path:line:col: severity EAnnnn: message</c>, the offending line with a caret underline, and a summary.</summary>
public static class TextReporter
{
    // The caret line's runs are written from these, a piece at a time: a string per run per finding was most of what the
    // text report allocated, with the line and the message.
    private static readonly string Spaces = new(' ', 128);
    private static readonly string Tildes = new('~', 128);

    // The most characters of a source line one finding shows, and how many of them come before the finding's column.
    private const int MaxExcerpt = 1000;
    private const int ExcerptLead = 100;

    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>; ANSI colours only when <paramref name="useColor"/>.</summary>
    /// <remarks>
    /// Each line is written in pieces (the message as the finding's characters, the source line through one reused
    /// buffer) rather than built as a string first; the bytes are the same, ended by the writer's
    /// <see cref="TextWriter.NewLine"/>. Control characters in what comes from scanned files (source lines, and the paths
    /// and messages that name what is in them) are written as their Unicode control pictures (<see cref="VisibleText"/>).
    /// </remarks>
    public static void Write(AuditResult result, TextWriter writer, bool useColor)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var line = new CharBuffer();

        // The findings come sorted by path, so the file's text is looked up once per run of findings in it, not per
        // finding: hashing the path and walking the immutable map for each of 250,000 findings was a tenth of the report.
        string? sourcePath = null;
        SourceText? source = null;
        foreach (var finding in result.Findings)
        {
            var location = finding.Location;
            if (!string.Equals(location.Path, sourcePath, StringComparison.Ordinal))
            {
                sourcePath = location.Path;
                source = result.Sources.GetValueOrDefault(sourcePath);
            }

            var severity = finding.Severity.ToName();
            WritePosition(writer, location.Path, location.StartLine, location.StartColumn);
            writer.Write(": ");
            if (useColor)
            {
                writer.Write(Color(finding.Severity));
                writer.Write(severity);
                writer.Write("\u001b[0m");
            }
            else
            {
                writer.Write(severity);
            }

            writer.Write(' ');
            writer.Write(finding.RuleId);
            writer.Write(": ");
            VisibleText.Write(writer, finding.MessageSpan);
            writer.WriteLine();
            if (source is not null && location.StartLine <= source.LineCount)
            {
                var span = source.GetLineSpan(location.StartLine);
                line.Clear();
                var text = line.Take(span.Length);
                source.CopyTo(span, text);
                text.Replace('\t', ' ');
                int start = Math.Min(location.StartColumn - 1, text.Length);
                int end = location.EndLine == location.StartLine ? Math.Min(location.EndColumn - 1, text.Length) : text.Length;

                // A line longer than MaxExcerpt (a minified file, a hostile one-line megabyte) is shown as a window that
                // starts a little before the finding, marked "..." where it is cut, so each finding writes a bounded text.
                int from = 0, to = text.Length;
                if (text.Length > MaxExcerpt)
                {
                    from = Math.Max(0, Math.Min(start - ExcerptLead, text.Length - MaxExcerpt));
                    to = from + MaxExcerpt;
                    end = Math.Min(end, to);
                }

                int width = Math.Max(1, end - start);
                writer.Write("  ");
                writer.Write(from > 0 ? "..." : string.Empty);
                VisibleText.Write(writer, text[from..to]);
                writer.Write(to < text.Length ? "..." : string.Empty);
                writer.WriteLine();
                writer.Write("  ");
                WriteRun(writer, Spaces, start - from + (from > 0 ? 3 : 0));
                writer.Write('^');
                WriteRun(writer, Tildes, width - 1);
                writer.WriteLine();
            }

            var related = finding.ReadRelatedLocations();
            while (related.MoveNext())
            {
                writer.Write("  ");
                WritePosition(writer, related.Path, related.StartLine, related.StartColumn);
                writer.Write(": note: ");
                VisibleText.Write(writer, related.Message);
                writer.WriteLine();
            }
        }

        foreach (var notification in result.Notifications)
        {
            writer.Write($"tool {notification.Level}: ");
            VisibleText.Write(writer, notification.Message);
            writer.WriteLine();
        }

        writer.WriteLine(Summary(result));
    }

    /// <summary>The summary line, for example <c>3 errors, 1 warning, 0 notes in 4 files (12 rules)</c>.</summary>
    public static string Summary(AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        static string Plural(int n, string word) => n.ToString(CultureInfo.InvariantCulture) + " " + word + (n == 1 ? string.Empty : "s");
        return $"{Plural(result.Count(Severity.Error), "error")}, {Plural(result.Count(Severity.Warning), "warning")}, {Plural(result.Count(Severity.Note), "note")} in {Plural(result.Model.SyntaxTrees.Length, "file")} ({Plural(result.Rules.Length, "rule")}, fail level {result.FailOn.ToName()})";
    }

    // path:line:column. The lines were interpolated strings, which format with the current culture; a culture changes only
    // the sign of a negative number, and lines and columns are positive, so the invariant digits are the same text.
    private static void WritePosition(TextWriter writer, string path, int line, int column)
    {
        Span<char> digits = stackalloc char[11];
        VisibleText.Write(writer, path);
        writer.Write(':');
        line.TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture);
        writer.Write(digits[..written]);
        writer.Write(':');
        column.TryFormat(digits, out written, provider: CultureInfo.InvariantCulture);
        writer.Write(digits[..written]);
    }

    // `count` copies of the run's character (new string(c, count) would throw on a negative count, and so does this).
    private static void WriteRun(TextWriter writer, string run, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (count > 0)
        {
            int piece = Math.Min(count, run.Length);
            writer.Write(run.AsSpan(0, piece));
            count -= piece;
        }
    }

    private static string Color(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[31m",
        Severity.Warning => "\u001b[33m",
        _ => "\u001b[36m",
    };
}
