using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>One configuration file inside an <c>nginx -T</c> dump.</summary>
/// <param name="Path">The path nginx printed in the marker line (absolute on the machine that made the dump).</param>
/// <param name="MarkerSpan">The <c># configuration file PATH:</c> line, without its line break.</param>
/// <param name="ContentSpan">The file's content in the dump: from after the marker line up to the line break nginx adds after each file.</param>
public readonly record struct NginxDumpFile(string Path, TextSpan MarkerSpan, TextSpan ContentSpan);

/// <summary>
/// Reads the output of <c>nginx -T</c>, which prints every configuration file nginx read, each after a line
/// <c># configuration file PATH:</c> and followed by one extra line break (see <c>ngx_main()</c> in nginx's
/// <c>src/core/nginx.c</c>). The main configuration comes first.
/// </summary>
public static class NginxDump
{
    private const string MarkerPrefix = "# configuration file ";

    /// <summary>
    /// Whether <paramref name="text"/> is an <c>nginx -T</c> dump: its first line that is neither blank nor one of
    /// nginx's own <c>nginx: ...</c> messages (present when standard error was captured too) is a marker line.
    /// </summary>
    public static bool IsDump(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsDump(text.AsSpan());
    }

    /// <summary><see cref="IsDump(string)"/> for the head of a file that format detection sniffs.</summary>
    internal static bool IsDump(ReadOnlySpan<char> text)
    {
        int position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (position < text.Length)
        {
            var (lineStart, lineEnd, next) = NextLine(text, position);
            if (IsDumpDecidedBy(text[lineStart..lineEnd], out bool isDump))
            {
                return isDump;
            }

            position = next;
        }

        return false;
    }

    /// <summary>
    /// <see cref="IsDump(string)"/> for a file's snapshot, reading its lines up to the first that decides (the first, as a
    /// rule) rather than the whole file's string, which the loader asked for only to look at that line.
    /// </summary>
    internal static bool IsDump(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (int line = 1; line <= source.LineCount; line++)
        {
            // Lines end at CR, LF or CRLF as NextLine cuts them; the text can still start with a byte order mark when
            // its file had more than one.
            var span = source.GetLineSpan(line);
            if (line == 1 && span.Length > 0 && source[0] == '\uFEFF')
            {
                span = TextSpan.FromBounds(1, span.End);
            }

            using var chars = source.Chars(span);
            if (IsDumpDecidedBy(chars.Span, out bool isDump))
            {
                return isDump;
            }
        }

        return false;
    }

    // Blank lines and nginx's own messages go before the first marker; any other line says whether the text is a dump.
    private static bool IsDumpDecidedBy(ReadOnlySpan<char> line, out bool isDump)
    {
        isDump = false;
        if (line.IsWhiteSpace() || line.StartsWith("nginx: ", StringComparison.Ordinal))
        {
            return false;
        }

        isDump = IsMarker(line);
        return true;
    }

    /// <summary>Splits a dump into its files, in order. Text before the first marker is ignored; a text that is not a dump gives none.</summary>
    public static ImmutableArray<NginxDumpFile> Split(SourceText dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var text = dump.Text;
        var markers = new List<(string Path, TextSpan Marker, int ContentStart)>();
        int position = 0;
        while (position < text.Length)
        {
            var (lineStart, lineEnd, next) = NextLine(text, position);
            if (TryReadMarker(text.AsSpan(lineStart, lineEnd - lineStart), out var path))
            {
                markers.Add((path, TextSpan.FromBounds(lineStart, lineEnd), next));
            }

            position = next;
        }

        var files = ImmutableArray.CreateBuilder<NginxDumpFile>(markers.Count);
        for (int i = 0; i < markers.Count; i++)
        {
            int start = markers[i].ContentStart;
            int end = i + 1 < markers.Count ? markers[i + 1].Marker.Start : text.Length;

            // nginx writes one line feed after each file's content; it is not part of the file.
            if (end > start && text[end - 1] == '\n')
            {
                end--;
                if (end > start && text[end - 1] == '\r')
                {
                    end--;
                }
            }

            files.Add(new NginxDumpFile(markers[i].Path, markers[i].Marker, TextSpan.FromBounds(start, end)));
        }

        return files.MoveToImmutable();
    }

    private static bool TryReadMarker(ReadOnlySpan<char> line, out string path)
    {
        path = string.Empty;
        if (!IsMarker(line))
        {
            return false;
        }

        path = line[MarkerPrefix.Length..^1].ToString();
        return true;
    }

    private static bool IsMarker(ReadOnlySpan<char> line) =>
        line.StartsWith(MarkerPrefix, StringComparison.Ordinal) && line.Length > MarkerPrefix.Length + 1 && line[^1] == ':';

    private static (int Start, int End, int Next) NextLine(ReadOnlySpan<char> text, int start)
    {
        int end = text[start..].IndexOfAny('\r', '\n');
        if (end < 0)
        {
            return (start, text.Length, text.Length);
        }

        end += start;
        int next = end + 1;
        if (text[end] == '\r' && next < text.Length && text[next] == '\n')
        {
            next++;
        }

        return (start, end, next);
    }
}
