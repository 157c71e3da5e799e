using System.Globalization;
using System.Runtime.CompilerServices;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules;

/// <summary>
/// Takes the interpolated string a rule passes as a finding's whole message (<c>$"No HSTS on {site}."</c>) without
/// building it: the literal parts and the values are kept, and the text is made each time the message is read (when the
/// report is written). On a repository with many findings the messages were most of the memory findings took, and most
/// of their text is the rule's own constant wording.
/// </summary>
/// <remarks>
/// Values are formatted with the invariant culture. Plain values (strings, numbers, enums, times, domain names,
/// locations, which cannot change and whose text cannot fail) are kept as they are; any other value is formatted when it
/// is appended, so the message says what the value said when the rule reported it, and a value that throws does so in
/// the rule.
/// </remarks>
[InterpolatedStringHandler]
public ref struct FindingMessageHandler
{
    private readonly object?[] _parts;
    private int _count;

    // Which of the first 64 parts are the compiler's literals (a FindingStore keeps those once per scan).
    private ulong _literals;

    /// <summary>Called by the compiler: room for the literal parts and the <paramref name="formattedCount"/> values.</summary>
    public FindingMessageHandler(int literalLength, int formattedCount)
    {
        _ = literalLength;
        _parts = new object?[(2 * formattedCount) + 1];
        _count = 0;
    }

    /// <summary>Called by the compiler for a literal part.</summary>
    public void AppendLiteral(string value)
    {
        if (_count < 64)
        {
            _literals |= 1UL << _count;
        }

        Add(value);
    }

    /// <summary>Called by the compiler for a string value.</summary>
    public void AppendFormatted(string? value) => Add(value);

    /// <summary>Called by the compiler for a span value (copied, since the span cannot be kept).</summary>
    public void AppendFormatted(ReadOnlySpan<char> value) => Add(value.ToString());

    /// <summary>Called by the compiler for a value.</summary>
    public void AppendFormatted<T>(T value) => Add(DeferredMessage.Keep(value, 0, null));

    /// <summary>Called by the compiler for a value with a format string.</summary>
    public void AppendFormatted<T>(T value, string? format) => Add(DeferredMessage.Keep(value, 0, format));

    /// <summary>Called by the compiler for a value with an alignment.</summary>
    public void AppendFormatted<T>(T value, int alignment) => Add(DeferredMessage.Keep(value, alignment, null));

    /// <summary>Called by the compiler for a value with an alignment and a format string.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format) => Add(DeferredMessage.Keep(value, alignment, format));

    internal readonly DeferredMessage ToMessage() => new(_parts, _literals);

    private void Add(object? part)
    {
        // The compiler announces how many values come; the literals between them number at most one more.
        _parts[_count++] = part;
    }
}

/// <summary>A message kept as its parts (see <see cref="FindingMessageHandler"/>); <see cref="ToString"/> builds the text.</summary>
/// <remarks>
/// A rule that words part of a message apart from the rest (a phrase chosen by a condition, say) makes it with
/// <see cref="Create"/> and puts it in the message like any value: it is kept as it is, and its text is made with the
/// message's.
/// </remarks>
public sealed class DeferredMessage
{
    private readonly object?[] _parts;

    internal DeferredMessage(object?[] parts, ulong literals = 0)
    {
        _parts = parts;
        Literals = literals;
    }

    /// <summary>Bit <c>i</c> is set when part <c>i</c> (of the first 64) is a literal of the interpolated string.</summary>
    internal ulong Literals { get; }

    /// <summary>The literal parts and values, in order.</summary>
    internal object?[] Parts => _parts;

    /// <summary>Keeps an interpolated string as its parts, by the rules of <see cref="FindingMessageHandler"/>.</summary>
    public static DeferredMessage Create(FindingMessageHandler text) => text.ToMessage();

    /// <summary>Whether a value's text is fixed and cannot fail, so it can be formatted later with the same result.</summary>
    internal static bool IsPlain(object? value) =>
        value is null or string or DeferredMessage or DomainName or Text.Location or Enum or decimal or TimeSpan or DateTime or DateTimeOffset or DateOnly or TimeOnly or Guid
        || value.GetType().IsPrimitive;

    internal static object? Keep<T>(T value, int alignment, string? format)
    {
        if (value is null)
        {
            return alignment == 0 ? null : new Formatted(string.Empty, alignment, null);
        }

        // A location's format is checked now (an unknown one throws in the rule), its text made later.
        if (!IsPlain(value) || (value is Text.Location && format is not (null or "" or "L")))
        {
            // Formatted now, with its format and alignment: what it says later could differ, or throw outside the rule.
            return FormatNow(value, alignment, format);
        }

        return alignment == 0 && format is null ? value : new Formatted(value, alignment, format);
    }

    /// <summary>One value's text as an interpolation hole would write it, with the invariant culture.</summary>
    internal static string FormatNow<T>(T value, int alignment, string? format)
    {
        var text = new DefaultInterpolatedStringHandler(0, 1, CultureInfo.InvariantCulture);
        text.AppendFormatted(value, alignment, format);
        return text.ToStringAndClear();
    }

    /// <summary>The text: the parts in order, values formatted with the invariant culture.</summary>
    public override string ToString() => Format(_parts);

    /// <summary>The text of a message kept as <paramref name="parts"/>.</summary>
    internal static string Format(object?[] parts)
    {
        var text = new DefaultInterpolatedStringHandler(0, parts.Length, CultureInfo.InvariantCulture);
        foreach (var part in parts)
        {
            Append(ref text, part);
        }

        return text.ToStringAndClear();
    }

    /// <summary>
    /// Appends the text one part adds to a message (a message's text is its parts' texts in order) to
    /// <paramref name="text"/>, which formats with the invariant culture; a <see cref="FindingStore"/> encodes a value's
    /// text from there without making a string of it.
    /// </summary>
    internal static void Append(ref DefaultInterpolatedStringHandler text, object? part)
    {
        switch (part)
        {
            case null:
                break;
            case string literal:
                text.AppendLiteral(literal);
                break;
            case Formatted formatted:
                text.AppendFormatted(formatted.Value, formatted.Alignment, formatted.Format);
                break;
            case DeferredMessage nested:
                // Its parts in place: the text its ToString would make with the same culture, without making that string.
                foreach (var inner in nested._parts)
                {
                    Append(ref text, inner);
                }

                break;
            default:
                text.AppendFormatted(part);
                break;
        }
    }

    private sealed record Formatted(object Value, int Alignment, string? Format);
}
