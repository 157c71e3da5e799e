using System.Buffers;

namespace ElectionAudit.Text;

/// <summary>
/// Characters of a <see cref="SourceText"/> lent for reading (<see cref="SourceText.Chars"/>, <see cref="SourceText.Head"/>):
/// a slice of its string, or an ASCII file's bytes widened into a pooled array that <see cref="Dispose"/> gives back.
/// Use it in a <c>using</c> and do not keep the span past it.
/// </summary>
internal readonly ref struct TextChars
{
    private readonly char[]? _rented;

    internal TextChars(ReadOnlySpan<char> span, char[]? rented)
    {
        Span = span;
        _rented = rented;
    }

    /// <summary>The characters.</summary>
    public ReadOnlySpan<char> Span { get; }

    /// <summary>Gives the pooled array back, if the characters were widened into one.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }
    }
}
