using System.Buffers;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>
/// The characters of a zone file as the lexer and the parser read them, by offsets into the whole text.
/// </summary>
/// <remarks>
/// A text held as a string is read in place. An ASCII file kept as bytes (<see cref="SourceText.IsCompact"/>) is widened
/// into a pooled array a window at a time, which the parse gives back when it ends: reading <see cref="SourceText.Text"/>
/// made the file's whole string, the largest allocation of a zone load (a root zone's is a 4.5 MB string on the large
/// object heap, and those strings drove the full collections of a scan). The parser reads one entry at a time and says
/// where the next one starts (<see cref="Keep"/>); the window holds everything from there to what the lexer has read, so
/// an entry's tokens and comments can be read until the next <see cref="Keep"/>. Nothing the parse builds may hold the
/// window: records keep their <see cref="SourceText"/> and join their data from it when asked.
/// </remarks>
internal sealed class ZoneText : IDisposable
{
    /// <summary>Characters widened at a time; an entry longer than half the window makes it larger.</summary>
    internal const int DefaultWindow = 16384;

    private readonly string? _string;
    private readonly SourceText? _source;
    private char[]? _array;
    private int _count;
    private int _keep;

    /// <summary>A text read in place.</summary>
    public ZoneText(string text)
    {
        _string = text;
        Length = text.Length;
    }

    /// <summary>
    /// The text of <paramref name="source"/>: its string, or for bytes a pooled window of <paramref name="window"/>
    /// characters that starts at <paramref name="start"/> (to read one part of the file again).
    /// </summary>
    public ZoneText(SourceText source, int window = DefaultWindow, int start = 0)
    {
        Length = source.Length;
        if (!source.IsCompact)
        {
            _string = source.Text;
            return;
        }

        _source = source;
        Base = _keep = start;
        _array = ArrayPool<char>.Shared.Rent(Math.Clamp(Length, 1, Math.Max(window, 1)));
        Fill();
    }

    /// <summary>Number of characters of the whole text.</summary>
    public int Length { get; }

    /// <summary>The offset of the window's first character.</summary>
    public int Base { get; private set; }

    /// <summary>The characters from <see cref="Base"/> that have been read in.</summary>
    public ReadOnlySpan<char> Window => _string is not null ? _string : _array.AsSpan(0, _count);

    /// <summary>Whether the window is a pooled array (the text is widened from bytes), as the tests ask.</summary>
    internal bool IsWidened => _source is not null;

    /// <summary>The character at <paramref name="offset"/>, which must be in the window.</summary>
    public char this[int offset] => Window[offset - Base];

    /// <summary>The characters from <paramref name="start"/>, which must be in the window.</summary>
    public ReadOnlySpan<char> Slice(int start, int length) => Window.Slice(start - Base, length);

    /// <summary>A string of the characters from <paramref name="start"/>, which must be in the window.</summary>
    public string ToString(int start, int length) =>
        _string is not null ? _string.Substring(start, length) : new string(Slice(start, length));

    /// <summary>Nothing before <paramref name="offset"/> is read again: later windows start there at the earliest.</summary>
    public void Keep(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, Base);
        _keep = offset;
    }

    /// <summary>
    /// Widens more of the text after the window's end, moving the window to start at the last <see cref="Keep"/>.
    /// False at the end of the text (and always for a string, which is whole).
    /// </summary>
    public bool Fill()
    {
        if (_source is null || Base + _count >= Length)
        {
            return false;
        }

        var array = _array!;
        int kept = Base + _count - _keep;
        if (kept > array.Length / 2)
        {
            // An entry longer than half the window (a large record in parentheses): a larger one, so that each fill
            // still adds as much again as it keeps.
            var larger = ArrayPool<char>.Shared.Rent(array.Length * 2);
            array.AsSpan(_keep - Base, kept).CopyTo(larger);
            ArrayPool<char>.Shared.Return(array);
            _array = array = larger;
        }
        else
        {
            array.AsSpan(_keep - Base, kept).CopyTo(array);
        }

        Base = _keep;
        int more = Math.Min(array.Length - kept, Length - (Base + kept));
        _source.CopyTo(new TextSpan(Base + kept, more), array.AsSpan(kept, more));
        _count = kept + more;
        return true;
    }

    /// <summary>Gives the pooled window back; the text cannot be read after this.</summary>
    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            _count = 0;
            ArrayPool<char>.Shared.Return(array);
        }
    }
}
