using System.Buffers;
using System.Numerics;
using System.Text;

namespace ElectionAudit.Text;

/// <summary>
/// The text of one input file with its path relative to the scan root and a line map.
/// Offsets, lines and columns count UTF-16 code units of the text after a UTF-8 or UTF-16 byte order mark is removed.
/// Line breaks are CRLF, LF or a lone CR; a last line without a line break is a line.
/// </summary>
/// <remarks>
/// A file read as bytes (<see cref="FromBytes"/>) that is all ASCII keeps them, one byte per character, and makes the
/// string only when <see cref="Text"/> is read: the files' text, as UTF-16 strings, was the largest part of what a scan
/// of many files held to its end. <see cref="Length"/>, the indexer, <see cref="ToString(TextSpan)"/> and
/// <see cref="GetLineText"/> read the bytes; <see cref="Text"/> is kept only while something else holds it, so a
/// parser reads it once and later readers ask for spans.
/// </remarks>
public sealed class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly int[] _lineStarts;

    // Exactly one of _text and _ascii is set; _made keeps the last string Text made from _ascii while it is still alive.
    private readonly string? _text;
    private readonly byte[]? _ascii;
    private WeakReference<string>? _made;

    // The offset of the first NUL, or -1; UnknownNul until asked.
    private const int UnknownNul = int.MinValue;
    private int _firstNul = UnknownNul;

    /// <summary>Creates a source text from a string.</summary>
    /// <param name="path">Path relative to the scan root; backslashes become forward slashes.</param>
    /// <param name="text">The content. A leading U+FEFF is removed.</param>
    public SourceText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        Path = path.Replace('\\', '/');
        _text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        Length = _text.Length;
        _lineStarts = ComputeLineStarts(_text.AsSpan());
    }

    // An ASCII file's bytes (without a UTF-8 byte order mark), kept as they are.
    private SourceText(string path, byte[] ascii)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path.Replace('\\', '/');
        _ascii = ascii;
        Length = ascii.Length;
        _lineStarts = ComputeLineStarts<byte>(ascii);
    }

    /// <summary>Path relative to the scan root, with forward slashes.</summary>
    public string Path { get; }

    /// <summary>The content, without a byte order mark.</summary>
    /// <remarks>For an ASCII file read as bytes a read may build the string again: read it once, or use <see cref="Length"/>, the indexer and <see cref="ToString(TextSpan)"/>.</remarks>
    public string Text => _text ?? Made();

    /// <summary>Number of characters (UTF-16 code units) in <see cref="Text"/>.</summary>
    public int Length { get; }

    /// <summary>The character at <paramref name="index"/> of <see cref="Text"/>.</summary>
    public char this[int index] => _text is { } text ? text[index] : (char)_ascii![index];

    /// <summary>Whether the text is kept as one byte per character (an ASCII file read as bytes).</summary>
    internal bool IsCompact => _ascii is not null;

    /// <summary>Number of lines (at least 1).</summary>
    public int LineCount => _lineStarts.Length;

    /// <summary>Decodes bytes read from a file: UTF-8 (with or without BOM), or UTF-16 when it starts with a UTF-16 BOM. Invalid UTF-8 becomes U+FFFD.</summary>
    public static SourceText FromBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var content = WithoutUtf8Mark(bytes);
        if (System.Text.Ascii.IsValid(content))
        {
            return new SourceText(path, content.ToArray());
        }

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

    /// <summary>
    /// As <see cref="FromBytes(string, ReadOnlySpan{byte})"/>, keeping <paramref name="bytes"/>' array when it is an ASCII
    /// file's whole content, unmarked (the caller gives it up). A binary file, one holding a NUL byte without a UTF-16 byte
    /// order mark, gives only its head (<see cref="BinaryHead"/>).
    /// </summary>
    internal static SourceText FromOwnedBytes(string path, ArraySegment<byte> bytes)
    {
        var span = bytes.AsSpan();
        if (BinaryHead(span) is { } head)
        {
            return FromBytes(path, span[..head]);
        }

        return bytes.Offset == 0 && bytes.Count == bytes.Array!.Length && WithoutUtf8Mark(bytes).Length == bytes.Count && System.Text.Ascii.IsValid(span)
            ? new SourceText(path, bytes.Array)
            : FromBytes(path, span);
    }

    /// <summary>
    /// How much of a file that is not decoded whole is looked at: its first 64 KiB, as much as format detection's content
    /// tests read. A file too large to read is judged by this much, and a binary's text is no more, or through its first
    /// NUL when that comes later (<see cref="BinaryHead"/>).
    /// </summary>
    internal const int HeadBytes = 64 * 1024;

    /// <summary>
    /// The bytes that decide a binary's text whatever follows them: the head, and past it the most a character can be
    /// (the cut looks at the first of those only), so a file read no further gives the text the whole file would.
    /// </summary>
    internal const int BinaryReadBytes = HeadBytes + 4;

    /// <summary>
    /// The length of the part of <paramref name="bytes"/> to decode when they are a binary file's, or null for text.
    /// </summary>
    /// <remarks>
    /// No format parses a binary: a scan reports one only when a format claims it by name, at its first NUL, and skips it
    /// otherwise; a parser given one reports that NUL and reads nothing (<see cref="Syntax.BinaryContent"/>). What a scan
    /// needs of a binary is therefore its head, which format detection reads (no detector reads further, as for a file too
    /// large to read), and the line and column of its first NUL. Decoding the rest was most of a scan of a folder of
    /// libraries: a binary is mostly invalid UTF-8, and every invalid byte goes through the decoder's replacement path.
    /// The cut is moved back over an unfinished UTF-8 sequence, so the head's last character is the one the whole file
    /// has there. A file starting with a UTF-16 byte order mark is text whatever its bytes.
    /// </remarks>
    internal static int? BinaryHead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            return null;
        }

        int nul = bytes.IndexOf((byte)0);
        if (nul < 0)
        {
            return null;
        }

        int end = Math.Max(Math.Min(bytes.Length, HeadBytes), nul + 1);
        if (end == bytes.Length)
        {
            return end;
        }

        // A character is at most four bytes: its first byte is within three before a continuation byte of its own. Cut
        // before the nearest byte that starts something; if none is that near, the continuation bytes are stray (each is
        // a replacement character on its own) and the cut stands. The NUL, which starts nothing after it, is a floor.
        for (int at = end; at > nul && at >= end - 3; at--)
        {
            if ((bytes[at] & 0xC0) != 0x80)
            {
                return at;
            }
        }

        return end;
    }

    /// <summary>The offset of the first <paramref name="c"/> in the text, or -1.</summary>
    internal int IndexOf(char c)
    {
        if (c != '\0')
        {
            return Find(c);
        }

        // Kept once found: the engine asks whether a file is binary, and then its format's parser asks again.
        if (_firstNul == UnknownNul)
        {
            _firstNul = Find('\0');
        }

        return _firstNul;
    }

    private int Find(char c) => _text is { } text ? text.IndexOf(c) : c < 0x80 ? _ascii.AsSpan().IndexOf((byte)c) : -1;

    /// <summary>The text covered by <paramref name="span"/>.</summary>
    public string ToString(TextSpan span) => _text is { } text ? text.Substring(span.Start, span.Length) : Encoding.ASCII.GetString(_ascii!, span.Start, span.Length);

    private string Made()
    {
        if (_made is not null && _made.TryGetTarget(out var kept))
        {
            return kept;
        }

        var text = Encoding.ASCII.GetString(_ascii!);
        if (_made is null)
        {
            _made = new WeakReference<string>(text);
        }
        else
        {
            _made.SetTarget(text);
        }

        return text;
    }

    /// <summary>Offset where 1-based <paramref name="line"/> starts.</summary>
    public int GetLineStart(int line) => _lineStarts[line - 1];

    /// <summary>The 1-based line and column of an offset (an offset at the end of the text is allowed).</summary>
    public (int Line, int Column) GetLineAndColumn(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
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
    public string GetLineText(int line) => ToString(GetLineSpan(line));

    /// <summary>The span of 1-based <paramref name="line"/> without its line break.</summary>
    internal TextSpan GetLineSpan(int line)
    {
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Length;
        while (end > start && (this[end - 1] == '\n' || this[end - 1] == '\r'))
        {
            end--;
        }

        return TextSpan.FromBounds(start, end);
    }

    /// <summary>
    /// Copies the characters of <paramref name="span"/> to <paramref name="destination"/> (an ASCII file's bytes widened),
    /// for a writer that writes them out at once: the text report shows a line per finding, and made a string of each.
    /// </summary>
    internal void CopyTo(TextSpan span, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, span.Length, nameof(destination));
        if (_text is { } text)
        {
            text.AsSpan(span.Start, span.Length).CopyTo(destination);
        }
        else
        {
            System.Text.Ascii.ToUtf16(_ascii.AsSpan(span.Start, span.Length), destination, out _);
        }
    }

    /// <summary>
    /// The first <paramref name="length"/> characters (all of them when the text is shorter) as a span, for format
    /// detection, which looks at the start of every file of a scan: asking for <see cref="Text"/> there made each ASCII
    /// file's whole string, large zone files' on the large object heap, for an answer read from a bounded head.
    /// </summary>
    internal TextChars Head(int length) => Chars(new TextSpan(0, Math.Clamp(length, 0, Length)));

    /// <summary>
    /// The characters of <paramref name="span"/> as a span: the string's own for a text held as a string, else the bytes
    /// widened into an array rented from the shared pool, given back when the result is disposed.
    /// </summary>
    internal TextChars Chars(TextSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(span.End, Length, nameof(span));
        if (_text is { } text)
        {
            return new TextChars(text.AsSpan(span.Start, span.Length), null);
        }

        if (span.Length == 0)
        {
            return new TextChars([], null);
        }

        var rented = ArrayPool<char>.Shared.Rent(span.Length);
        CopyTo(span, rented);
        return new TextChars(rented.AsSpan(0, span.Length), rented);
    }

    /// <summary>
    /// The offset just past the line break of 1-based line <paramref name="count"/>, or the end of the text when it has no
    /// more lines than that: the head holding the first <paramref name="count"/> lines whole, with their breaks.
    /// </summary>
    internal int EndOfLines(int count) => count < _lineStarts.Length ? _lineStarts[count] : Length;

    /// <summary>Whether <see cref="Text"/> has made the string of an ASCII file read as bytes (the tests ask).</summary>
    internal bool HasMadeText => _made is not null;

    private static ReadOnlySpan<byte> WithoutUtf8Mark(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes;

    // Line starts of a text given as characters, or as an ASCII file's bytes (one per character). The breaks are counted
    // first (CRLF is one), so the array is made once at its size: a growing list left as much again behind for every file.
    // Both passes search with the vectorised span searches: a loop over every character was 3% of a corpus scan.
    private static int[] ComputeLineStarts<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>, IEquatable<T>
    {
        var cr = T.CreateTruncating('\r');
        var lf = T.CreateTruncating('\n');
        int crs = text.Count(cr);
        int breaks = text.Count(lf) + crs - (crs == 0 ? 0 : text.Count([cr, lf]));
        var starts = new int[breaks + 1];
        int line = 1;
        int i = 0;
        while (line < starts.Length)
        {
            i += crs == 0 ? text[i..].IndexOf(lf) : text[i..].IndexOfAny(cr, lf);
            if (text[i] == cr && i + 1 < text.Length && text[i + 1] == lf)
            {
                i++;
            }

            starts[line++] = ++i;
        }

        return starts;
    }
}
