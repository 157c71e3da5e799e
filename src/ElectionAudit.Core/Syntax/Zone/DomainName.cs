using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>
/// An absolute DNS name as a sequence of labels. Each label is held as an octet string: every character is one
/// octet (0–255); characters outside ASCII in the source text are stored as their UTF-8 octets, as a name server
/// would see them. Comparison is case-insensitive for ASCII letters only (RFC 4343 §3); <see cref="ToString"/> gives
/// the canonical lower-case presentation form with a trailing dot and RFC 1035 §5.1 escapes.
/// </summary>
public sealed class DomainName : IEquatable<DomainName>
{
    /// <summary>The longest label, in octets (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The longest name in wire form, in octets, counting length octets and the root (RFC 1035 §2.3.4).</summary>
    public const int MaxWireLength = 255;

    // Labels parsed on this thread, so that names sharing a label share its string: a zone writes the same few suffix
    // labels (its apex, "com", "net") in thousands of distinct names. Cleared when full, so it stays small.
    private const int MaxInternedLabels = 4096;

    [ThreadStatic]
    private static List<string>? t_labels;

    [ThreadStatic]
    private static StringPool? t_interned;

    // A parent shares its child's label array and starts one label later, so walking up a name copies nothing.
    private readonly string[] _labels;
    private readonly int _start;
    private string? _text;
    private int _hash;

    private DomainName(string[] labels, int start = 0)
    {
        _labels = labels;
        _start = start;
    }

    /// <summary>The root name, <c>.</c>.</summary>
    public static DomainName Root { get; } = new([]);

    /// <summary>The labels from the leftmost (most specific) to the one just below the root, as octet strings.</summary>
    public IReadOnlyList<string> Labels => _start == 0 ? _labels : new ArraySegment<string>(_labels, _start, LabelCount);

    /// <summary>The number of labels (0 for the root), without making the <see cref="Labels"/> list.</summary>
    public int LabelCount => _labels.Length - _start;

    /// <summary>Whether this is the root name.</summary>
    public bool IsRoot => LabelCount == 0;

    /// <summary>Whether the leftmost label is <c>*</c> (a wildcard owner, RFC 4592).</summary>
    public bool IsWildcard => LabelCount > 0 && _labels[_start] == "*";

    /// <summary>The name with the leftmost label removed; the root's parent is the root.</summary>
    /// <remarks>
    /// Made on each read (it shares this name's labels, so it is one small object). It used to be kept on the child once
    /// made, but the walks up the labels (zone lookups, wildcards, delegations) made a parent chain for nearly every name
    /// a scan has, and all of them stayed to the end: 74,000 names at 4,000 files, with no measurable gain in time.
    /// </remarks>
    public DomainName Parent => LabelCount == 0 ? this : new DomainName(_labels, _start + 1);

    /// <summary>Length of the name in wire form, in octets.</summary>
    public int WireLength
    {
        get
        {
            int length = 1;
            for (int i = _start; i < _labels.Length; i++)
            {
                length += _labels[i].Length + 1;
            }

            return length;
        }
    }

    /// <summary>The label at <paramref name="index"/> from the left, without making the <see cref="Labels"/> list.</summary>
    internal string LabelAt(int index) => _labels[_start + index];

    /// <summary>Creates a name from octet-string labels (leftmost first), checking label and name lengths.</summary>
    /// <exception cref="ArgumentException">A label is empty or too long, or the name is too long.</exception>
    public static DomainName FromLabels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var array = labels.ToArray();
        foreach (var label in array)
        {
            if (label.Length is 0 or > MaxLabelLength || label.Any(c => c > 0xFF))
            {
                throw new ArgumentException("Each label must hold 1 to 63 octets.", nameof(labels));
            }
        }

        var name = new DomainName(array);
        return name.WireLength > MaxWireLength ? throw new ArgumentException("The name is longer than 255 octets.", nameof(labels)) : name;
    }

    /// <summary>Parses a name in presentation form. A name without a trailing dot is relative to <paramref name="origin"/>; <c>@</c> is the origin itself.</summary>
    /// <exception cref="FormatException">The text is not a valid name, or it is relative and no origin is given.</exception>
    public static DomainName Parse(string text, DomainName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, origin, out var name, out var error) ? name! : throw new FormatException(error);
    }

    /// <summary>Parses a name in presentation form (see <see cref="Parse"/>); on failure <paramref name="error"/> says why in plain English.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, DomainName? origin, out DomainName? name, out string? error)
    {
        name = null;
        error = null;
        if (text.Length == 0)
        {
            error = "empty name";
            return false;
        }

        if (text is "@")
        {
            if (origin is null)
            {
                error = "'@' used but no origin is known";
                return false;
            }

            name = origin;
            return true;
        }

        if (text is ".")
        {
            name = Root;
            return true;
        }

        // Labels go to a per-thread scratch list and one character buffer, so a parse allocates only the label strings,
        // the label array and the name: zone files parse tens of thousands of names.
        var labels = t_labels ??= new List<string>(8);
        labels.Clear();
        Span<char> label = stackalloc char[MaxLabelLength + 4];
        int length = 0;
        bool absolute = false;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                if (length == 0)
                {
                    error = "empty label in name";
                    return false;
                }

                labels.Add(Intern(label[..length]));
                length = 0;
                if (i == text.Length - 1)
                {
                    absolute = true;
                }

                continue;
            }

            if (c == '\\')
            {
                if (!TryReadEscape(text, ref i, out int octet, out error))
                {
                    return false;
                }

                label[length++] = (char)octet;
            }
            else if (c < 0x80)
            {
                label[length++] = c;
            }
            else
            {
                // Non-ASCII text becomes its UTF-8 octets, which is what BIND reads from the file.
                int count = EncodeUtf8(text, ref i, utf8);
                for (int k = 0; k < count; k++)
                {
                    label[length++] = (char)utf8[k];
                }
            }

            if (length > MaxLabelLength)
            {
                error = "label longer than 63 octets";
                return false;
            }
        }

        if (length > 0)
        {
            labels.Add(Intern(label[..length]));
        }

        if (!absolute && origin is null)
        {
            error = "relative name but no origin is known";
            return false;
        }

        var array = new string[labels.Count + (absolute ? 0 : origin!.LabelCount)];
        labels.CopyTo(array);
        if (!absolute)
        {
            Array.Copy(origin!._labels, origin._start, array, labels.Count, origin.LabelCount);
        }

        labels.Clear();
        var result = new DomainName(array);
        if (result.WireLength > MaxWireLength)
        {
            error = "name longer than 255 octets";
            return false;
        }

        name = result;
        return true;
    }

    /// <summary>Whether this name equals <paramref name="other"/> or lies below it.</summary>
    public bool IsSubdomainOf(DomainName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int offset = LabelCount - other.LabelCount;
        if (offset < 0)
        {
            return false;
        }

        for (int i = 0; i < other.LabelCount; i++)
        {
            if (!LabelEquals(LabelAt(offset + i), other.LabelAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Compares two names in canonical DNS order (RFC 4034 §6.1): by their rightmost labels first; each label as an octet
    /// string with upper-case ASCII letters read as lower case, where a label sorts before the longer labels it begins; so
    /// a name sorts before every name below it. A null name sorts first.
    /// </summary>
    /// <remarks>Reads the labels in place: sorting or searching names by their <see cref="Labels"/> made a list per name read.</remarks>
    public static int CompareCanonical(DomainName? left, DomainName? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null || right is null)
        {
            return left is null ? -1 : 1;
        }

        int leftLast = left._labels.Length - 1;
        int rightLast = right._labels.Length - 1;
        int shared = Math.Min(left.LabelCount, right.LabelCount);
        for (int i = 0; i < shared; i++)
        {
            int compared = CompareLabels(left._labels[leftLast - i], right._labels[rightLast - i]);
            if (compared != 0)
            {
                return compared;
            }
        }

        return left.LabelCount.CompareTo(right.LabelCount);
    }

    private static int CompareLabels(string left, string right)
    {
        int shared = Math.Min(left.Length, right.Length);
        for (int i = 0; i < shared; i++)
        {
            int compared = FoldAscii(left[i]) - FoldAscii(right[i]);
            if (compared != 0)
            {
                return compared;
            }
        }

        return left.Length - right.Length;
    }

    private static int FoldAscii(char octet) => char.IsAsciiLetterUpper(octet) ? octet | 0x20 : octet;

    /// <summary>This name with <paramref name="suffix"/> appended (this name taken as relative).</summary>
    /// <exception cref="ArgumentException">The result would be longer than 255 octets.</exception>
    public DomainName Append(DomainName suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return FromLabels(Labels.Concat(suffix.Labels));
    }

    /// <inheritdoc />
    public bool Equals(DomainName? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.LabelCount != LabelCount)
        {
            return false;
        }

        for (int i = 0; i < LabelCount; i++)
        {
            if (!LabelEquals(LabelAt(i), other.LabelAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DomainName);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            _hash = HashOf(_labels, _start);
        }

        return _hash;
    }

    // From the labels, not the text: formatting every name used as a key made (and kept) a string per name. Ignoring case
    // beyond ASCII only merges more names into a bucket; names Equals calls equal still agree.
    private static int HashOf(string[] labels, int start)
    {
        var hash = new HashCode();
        for (int i = start; i < labels.Length; i++)
        {
            hash.Add(string.GetHashCode(labels[i], StringComparison.OrdinalIgnoreCase));
        }

        return hash.ToHashCode() | 1;
    }

    /// <summary>
    /// The name <paramref name="levels"/> labels up (0: this name; past the root: the root) as a <see cref="Suffix"/>, to
    /// look up in a set or map made with <see cref="SuffixComparer"/> without making the name: walks up a name through
    /// <see cref="Parent"/> made an object per level (delegation points, zone apexes, glue, wildcards).
    /// </summary>
    internal Suffix Ancestor(int levels) => new(_labels, Math.Min(_start + levels, _labels.Length));

    /// <summary>One of a name's ancestors (or the name), as its labels from <see cref="Start"/>, without an object.</summary>
    internal readonly struct Suffix
    {
        internal Suffix(string[] labels, int start)
        {
            Labels = labels;
            Start = start;
        }

        internal string[] Labels { get; }

        internal int Start { get; }

        internal int LabelCount => Labels.Length - Start;

        /// <summary>The name itself (an object sharing the labels).</summary>
        internal DomainName ToName() => new(Labels, Start);
    }

    /// <summary>
    /// Equality of names as <see cref="DomainName.Equals(DomainName)"/> has it, which also looks a <see cref="Suffix"/> up: a set or a
    /// map made with it answers <c>GetAlternateLookup&lt;DomainName.Suffix&gt;()</c>.
    /// </summary>
    internal sealed class SuffixComparer : IEqualityComparer<DomainName>, IAlternateEqualityComparer<Suffix, DomainName>
    {
        private SuffixComparer()
        {
        }

        public static SuffixComparer Instance { get; } = new();

        public bool Equals(DomainName? x, DomainName? y) => x == y;

        public int GetHashCode(DomainName obj) => obj.GetHashCode();

        public bool Equals(Suffix alternate, DomainName other)
        {
            if (alternate.LabelCount != other.LabelCount)
            {
                return false;
            }

            for (int i = 0; i < other.LabelCount; i++)
            {
                if (!LabelEquals(alternate.Labels[alternate.Start + i], other.LabelAt(i)))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(Suffix alternate) => HashOf(alternate.Labels, alternate.Start);

        public DomainName Create(Suffix alternate) => alternate.ToName();
    }

    /// <summary>The canonical presentation form: lower-case ASCII, trailing dot, special characters escaped as <c>\X</c> and other octets outside printable ASCII as <c>\DDD</c>.</summary>
    public override string ToString() => _text ??= Format();

    /// <summary>Equality operator (case-insensitive, see <see cref="Equals(DomainName)"/>).</summary>
    public static bool operator ==(DomainName? left, DomainName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(DomainName? left, DomainName? right) => !(left == right);

    /// <summary>Reads an RFC 1035 §5.1 escape starting at the backslash at <paramref name="index"/>; leaves <paramref name="index"/> on its last character.</summary>
    internal static bool TryReadEscape(ReadOnlySpan<char> text, ref int index, out int octet, out string? error)
    {
        error = null;
        octet = 0;
        if (index + 1 >= text.Length)
        {
            error = "backslash at the end of the text";
            return false;
        }

        char next = text[index + 1];
        if (char.IsAsciiDigit(next))
        {
            if (index + 3 >= text.Length || !char.IsAsciiDigit(text[index + 2]) || !char.IsAsciiDigit(text[index + 3]))
            {
                error = "a \\DDD escape needs exactly three decimal digits";
                return false;
            }

            octet = ((next - '0') * 100) + ((text[index + 2] - '0') * 10) + (text[index + 3] - '0');
            if (octet > 255)
            {
                error = $"escape \\{next}{text[index + 2]}{text[index + 3]} is greater than 255";
                return false;
            }

            index += 3;
            return true;
        }

        if (next > 0xFF)
        {
            error = "escaped character is not a single octet";
            return false;
        }

        octet = next;
        index += 1;
        return true;
    }

    /// <summary>Encodes the non-ASCII character (or surrogate pair) at <paramref name="index"/> as UTF-8; leaves <paramref name="index"/> on its last code unit.</summary>
    internal static int EncodeUtf8(ReadOnlySpan<char> text, ref int index, Span<byte> buffer)
    {
        int length = char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        int count = Encoding.UTF8.GetBytes(text.Slice(index, length), buffer);
        index += length - 1;
        return count;
    }

    /// <summary>Appends one octet of a label or character string in presentation form.</summary>
    internal static void AppendPresentationOctet(StringBuilder builder, char octet, bool inName)
    {
        // Inside a quoted character string a space is printable; in a name it is escaped as \032 (as BIND prints both).
        if (octet is < (char)0x20 or > (char)0x7E || (octet == ' ' && inName))
        {
            builder.Append('\\').Append(((int)octet).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (inName ? octet is '.' or '\\' or '"' or '(' or ')' or ';' or '@' or '$' : octet is '"' or '\\')
        {
            builder.Append('\\').Append(octet);
        }
        else
        {
            builder.Append(inName ? char.ToLowerInvariant(octet) : octet);
        }
    }

    private static string Intern(ReadOnlySpan<char> label) => (t_interned ??= new StringPool(MaxInternedLabels)).Intern(label);

    private static bool LabelEquals(string left, string right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            char a = left[i];
            char b = right[i];
            if (a != b && (!char.IsAsciiLetter(a) || (a | 0x20) != (b | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    private string Format()
    {
        if (LabelCount == 0)
        {
            return ".";
        }

        var builder = new StringBuilder(WireLength + 8);
        AppendLabels(builder);
        return builder.ToString();
    }

    private void AppendLabels(StringBuilder builder)
    {
        for (int i = _start; i < _labels.Length; i++)
        {
            var label = _labels[i];
            foreach (char octet in label)
            {
                AppendPresentationOctet(builder, octet, inName: true);
            }

            builder.Append('.');
        }
    }

    /// <summary>The longest <see cref="ToString"/> can be: every octet of the wire form written as <c>\DDD</c>.</summary>
    internal const int MaxPresentationLength = 4 * MaxWireLength;

    [ThreadStatic]
    private static StringBuilder? t_format;

    /// <summary>
    /// Writes <see cref="ToString"/>'s text into <paramref name="destination"/> (at least <see cref="MaxPresentationLength"/>
    /// long) and returns its length, without making the string, nor keeping it, when it has not been made: a lookup by
    /// text of every owner of a zone made and kept a string per name.
    /// </summary>
    internal int FormatInto(Span<char> destination)
    {
        if (_text is { } text)
        {
            text.CopyTo(destination);
            return text.Length;
        }

        if (LabelCount == 0)
        {
            destination[0] = '.';
            return 1;
        }

        var builder = t_format ??= new StringBuilder(64);
        builder.Clear();
        AppendLabels(builder);
        builder.CopyTo(0, destination, builder.Length);
        return builder.Length;
    }
}
