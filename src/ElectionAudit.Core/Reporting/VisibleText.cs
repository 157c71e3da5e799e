using System.Buffers;

namespace ElectionAudit.Reporting;

/// <summary>
/// Text from scanned files, as the reports show it. A report quotes the files a scan read (source lines, and messages
/// and paths, which name what is in them), and a scan of a pull request reads files its author wrote. Written as they
/// are, an ESC could start a terminal escape sequence that recolours, moves or hides lines of a CI log or a reviewer's
/// terminal, a binary reached through an include would write its bytes, and a JUnit report could not be written at all
/// (XML 1.0 has no way to hold most control characters, and the writer refused the file). Each control character is shown
/// as one visible character instead, so a caret stays under its column: C0 controls as their Unicode control pictures
/// (U+2400 to U+241F: a NUL is "\u2400", an ESC "\u241B"), DEL as "\u2421", a C1 control as U+FFFD.
/// </summary>
public static class VisibleText
{
    // C0 controls but the tab, DEL, and the C1 controls (0x9B is a terminal's one-character escape sequence introducer).
    private static readonly char[] ControlCharacters = [
        .. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c),
        .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
    ];

    private static readonly SearchValues<char> Controls = SearchValues.Create(ControlCharacters);

    /// <summary>The visible character shown for the control character <paramref name="c"/>.</summary>
    internal static char Picture(char c) => c < 0x20 ? (char)(0x2400 + c) : c == 0x7F ? '\u2421' : '\uFFFD';

    /// <summary>Writes <paramref name="text"/> with each control character but the tab shown as its picture.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (int i = text.IndexOfAny(Controls); i >= 0; i = text.IndexOfAny(Controls))
        {
            writer.Write(text[..i]);
            writer.Write(Picture(text[i]));
            text = text[(i + 1)..];
        }

        writer.Write(text);
    }

    // What Of replaces: the controls, and the surrogates, U+FFFE and U+FFFF, which ForXml looks at more closely.
    private static readonly SearchValues<char> ControlsOrSurrogates = SearchValues.Create([
        .. ControlCharacters,
        .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c),
        '\uFFFE', '\uFFFF',
    ]);

    /// <summary>
    /// <paramref name="text"/> with each control character but the tab shown as its picture, and a surrogate without its
    /// pair, U+FFFE and U+FFFF as U+FFFD: for a path or a message on a line of its own, in an XML attribute or in a table cell.
    /// </summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(ControlsOrSurrogates) < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        ForXml(chars, keepLineBreaks: false);
        return new string(chars);
    }

    /// <summary>
    /// Replaces, in place, what neither a reader's terminal should get nor an XML 1.0 document can hold: control characters
    /// (but the tab, and LF and CR when <paramref name="keepLineBreaks"/>) by their pictures, and a surrogate without its
    /// pair, U+FFFE and U+FFFF by U+FFFD.
    /// </summary>
    internal static void ForXml(Span<char> text, bool keepLineBreaks)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                text[i] = '\uFFFD';
            }
            else if (Controls.Contains(c) && !(keepLineBreaks && c is '\n' or '\r'))
            {
                text[i] = Picture(c);
            }
        }
    }
}
