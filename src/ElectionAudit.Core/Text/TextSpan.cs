namespace ElectionAudit.Text;

/// <summary>A range of UTF-16 code units in a <see cref="SourceText"/>: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
public readonly record struct TextSpan
{
    /// <summary>Creates a span from its start offset and length.</summary>
    public TextSpan(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Start = start;
        Length = length;
    }

    /// <summary>Offset of the first code unit.</summary>
    public int Start { get; }

    /// <summary>Number of code units covered.</summary>
    public int Length { get; }

    /// <summary>Offset just past the last code unit.</summary>
    public int End => Start + Length;

    /// <summary>Whether the span covers no code unit.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Creates a span from its start and end offsets.</summary>
    public static TextSpan FromBounds(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        return new TextSpan(start, end - start);
    }

    /// <summary>Whether <paramref name="other"/> lies entirely within this span.</summary>
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    /// <summary>Whether <paramref name="position"/> lies within this span.</summary>
    public bool Contains(int position) => position >= Start && position < End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
