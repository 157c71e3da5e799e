using System.Globalization;

namespace ElectionAudit.Text;

/// <summary>
/// Characters appended to one growing array, reused by clearing: the reporters join a line or a message here and write
/// it at once, instead of making a string of it per finding.
/// </summary>
internal sealed class CharBuffer(int capacity = 256)
{
    private char[] _chars = new char[Math.Max(capacity, 1)];
    private int _length;

    /// <summary>The characters appended since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<char> Text => _chars.AsSpan(0, _length);

    /// <summary>The same characters, as the array segment an API taking arrays wants (valid until the next append).</summary>
    public ArraySegment<char> Segment => new(_chars, 0, _length);

    /// <summary>Empties the buffer; its room is kept.</summary>
    public void Clear() => _length = 0;

    /// <summary>Appends one character.</summary>
    public void Append(char c) => Room(1)[_length++] = c;

    /// <summary>Appends <paramref name="text"/>.</summary>
    public void Append(ReadOnlySpan<char> text) => text.CopyTo(Take(text.Length));

    /// <summary>
    /// Appends <paramref name="n"/>'s digits with the invariant culture: what an interpolated string writes for a
    /// positive number in any culture (a culture changes only the sign).
    /// </summary>
    public void Append(int n)
    {
        n.TryFormat(Room(11).AsSpan(_length), out int written, provider: CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends <paramref name="count"/> characters for the caller to fill, and returns them.</summary>
    public Span<char> Take(int count)
    {
        var taken = Room(count).AsSpan(_length, count);
        _length += count;
        return taken;
    }

    private char[] Room(int count)
    {
        if (_length + count > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_length + count, _chars.Length * 2));
        }

        return _chars;
    }
}
