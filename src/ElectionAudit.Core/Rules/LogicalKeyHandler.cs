using System.Globalization;
using System.Runtime.CompilerServices;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules;

/// <summary>
/// Takes the interpolated string a rule passes as a finding's logical key (<c>$"{site.Key}/hsts"</c>) without joining it:
/// the parts are kept and joined each time <see cref="Finding.LogicalKey"/> is read. Nearly every key is an element's
/// key, which the element already holds, plus the rule's own constant wording and a name or two; on a repository with
/// 250,000 findings the joined keys took more memory than any other kind of string the findings held.
/// </summary>
/// <remarks>
/// Strings and domain names (which cannot change) are kept as they are; any other value is formatted when it is appended,
/// with the invariant culture, so a key reads the same on every machine.
/// </remarks>
[InterpolatedStringHandler]
public ref struct LogicalKeyHandler
{
    private readonly object?[] _parts;
    private int _count;

    /// <summary>Called by the compiler: room for the literal parts and the <paramref name="formattedCount"/> values.</summary>
    public LogicalKeyHandler(int literalLength, int formattedCount)
    {
        _ = literalLength;
        _parts = new object?[(2 * formattedCount) + 1];
        _count = 0;
    }

    /// <summary>Called by the compiler for a literal part.</summary>
    public void AppendLiteral(string value) => _parts[_count++] = value;

    /// <summary>Called by the compiler for a string value.</summary>
    public void AppendFormatted(string? value) => _parts[_count++] = value;

    /// <summary>Called by the compiler for a span value (copied, since the span cannot be kept).</summary>
    public void AppendFormatted(ReadOnlySpan<char> value) => _parts[_count++] = value.ToString();

    /// <summary>Called by the compiler for a value.</summary>
    public void AppendFormatted<T>(T value) => _parts[_count++] = value is string or DomainName ? value : DeferredMessage.FormatNow(value, 0, null);

    /// <summary>Called by the compiler for a value with a format string.</summary>
    public void AppendFormatted<T>(T value, string? format) => _parts[_count++] = DeferredMessage.FormatNow(value, 0, format);

    /// <summary>Called by the compiler for a value with an alignment.</summary>
    public void AppendFormatted<T>(T value, int alignment) => _parts[_count++] = DeferredMessage.FormatNow(value, alignment, null);

    /// <summary>Called by the compiler for a value with an alignment and a format string.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format) => _parts[_count++] = DeferredMessage.FormatNow(value, alignment, format);

    /// <summary>The key: a string when it is one string, else its parts (strings and domain names).</summary>
    internal readonly object ToKey() => _count switch
    {
        0 => string.Empty,
        1 when _parts[0] is string only => only,
        _ when _count == _parts.Length => _parts,
        _ => _parts[.._count],
    };

    /// <summary>The text of a key <see cref="ToKey"/> made.</summary>
    internal static string Join(object key)
    {
        if (key is string text)
        {
            return text;
        }

        var parts = (object?[])key;
        var joined = new DefaultInterpolatedStringHandler(0, parts.Length, CultureInfo.InvariantCulture);
        foreach (var part in parts)
        {
            joined.AppendLiteral(PartText(part));
        }

        return joined.ToStringAndClear();
    }

    /// <summary>
    /// The text one part of a key <see cref="ToKey"/> made adds to it; a <see cref="FindingStore"/> writes a key from its
    /// parts' texts without joining them, and must write the text <see cref="Join"/> makes.
    /// </summary>
    internal static string PartText(object? part) => part?.ToString() ?? string.Empty;
}
