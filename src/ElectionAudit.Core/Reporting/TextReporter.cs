using System.Buffers;
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
    /// <see cref="TextWriter.NewLine"/>. Control characters in what comes from scanned files (source lines, and messages,
    /// which quote them) are written as their Unicode control pictures (<see cref="WriteVisible"/>).
    /// </remarks>
    public static void Write(AuditResult result, TextWriter writer, bool useColor)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var line = new CharBuffer();
        foreach (var finding in result.Findings)
        {
            var location = finding.Location;
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
            WriteVisible(writer, finding.MessageSpan);
            writer.WriteLine();
            if (result.Sources.TryGetValue(location.Path, out var source) && location.StartLine <= source.LineCount)
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
                WriteVisible(writer, text[from..to]);
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
                WriteVisible(writer, related.Message);
                writer.WriteLine();
            }
        }

        foreach (var notification in result.Notifications)
        {
            writer.Write($"tool {notification.Level}: ");
            WriteVisible(writer, notification.Message);
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
        writer.Write(path);
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

    // C0 controls but the tab, DEL, and the C1 controls (0x9B is a terminal's one-character escape sequence introducer).
    private static readonly SearchValues<char> Controls = SearchValues.Create([
        .. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c),
        .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
    ]);

    /// <summary>
    /// Writes <paramref name="text"/> with each control character shown as one visible character: C0 controls as their
    /// Unicode control pictures (U+2400 to U+241F: a NUL is "\u2400", an ESC "\u241B"), DEL as "\u2421", a C1 control as U+FFFD.
    /// </summary>
    /// <remarks>
    /// A report quotes the files it scanned, and a scan of a pull request reads files its author wrote. Written as they
    /// are, an ESC could start a terminal escape sequence that recolours, moves or hides lines of a CI log or a
    /// reviewer's terminal, and a binary reached through an include would write its bytes; one character for one keeps
    /// the caret under its column.
    /// </remarks>
    internal static void WriteVisible(TextWriter writer, ReadOnlySpan<char> text)
    {
        for (int i = text.IndexOfAny(Controls); i >= 0; i = text.IndexOfAny(Controls))
        {
            writer.Write(text[..i]);
            char c = text[i];
            writer.Write(c < 0x20 ? (char)(0x2400 + c) : c == 0x7F ? '\u2421' : '\uFFFD');
            text = text[(i + 1)..];
        }

        writer.Write(text);
    }

    private static string Color(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[31m",
        Severity.Warning => "\u001b[33m",
        _ => "\u001b[36m",
    };
}
