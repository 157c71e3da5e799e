using System.Text;

namespace ElectionAudit.Text;

/// <summary>
/// The text of one input file with its path relative to the scan root and a line map.
/// Offsets, lines and columns count UTF-16 code units of the text after a UTF-8 or UTF-16 byte order mark is removed.
/// Line breaks are CRLF, LF or a lone CR; a last line without a line break is a line.
/// </summary>
public sealed class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly int[] _lineStarts;

    /// <summary>Creates a source text from a string.</summary>
    /// <param name="path">Path relative to the scan root; backslashes become forward slashes.</param>
    /// <param name="text">The content. A leading U+FEFF is removed.</param>
    public SourceText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        Path = path.Replace('\\', '/');
        Text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        _lineStarts = ComputeLineStarts(Text);
    }

    /// <summary>Path relative to the scan root, with forward slashes.</summary>
    public string Path { get; }

    /// <summary>The content, without a byte order mark.</summary>
    public string Text { get; }

    /// <summary>Number of lines (at least 1).</summary>
    public int LineCount => _lineStarts.Length;

    /// <summary>Decodes bytes read from a file: UTF-8 (with or without BOM), or UTF-16 when it starts with a UTF-16 BOM. Invalid UTF-8 becomes U+FFFD.</summary>
    public static SourceText FromBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string text;
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            text = Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else
        {
            text = StrictUtf8.GetString(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes);
        }

        return new SourceText(path, text);
    }

    /// <summary>The text covered by <paramref name="span"/>.</summary>
    public string ToString(TextSpan span) => Text.Substring(span.Start, span.Length);

    /// <summary>Offset where 1-based <paramref name="line"/> starts.</summary>
    public int GetLineStart(int line) => _lineStarts[line - 1];

    /// <summary>The 1-based line and column of an offset (an offset at the end of the text is allowed).</summary>
    public (int Line, int Column) GetLineAndColumn(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Text.Length);
        int index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>The location of a span in this file.</summary>
    public Location GetLocation(TextSpan span)
    {
        var (startLine, startColumn) = GetLineAndColumn(span.Start);
        var (endLine, endColumn) = GetLineAndColumn(span.End);
        return new Location(Path, span, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>The text of 1-based <paramref name="line"/> without its line break.</summary>
    public string GetLineText(int line)
    {
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return Text[start..end];
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
