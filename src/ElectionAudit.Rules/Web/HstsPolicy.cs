using System.Globalization;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// A Strict-Transport-Security value as a browser reads it (RFC 6797 §6.1): directives separated by <c>;</c>, each a
/// token name, then optionally <c>=</c> and a token or a quoted string, with spaces and tabs allowed around each part.
/// A browser ignores the whole header when the value does not follow that syntax, repeats a directive, gives the
/// valueless <c>includeSubDomains</c> a value, or lacks a <c>max-age</c> that is a number of seconds (§6.1 item 4,
/// §6.1.1, §6.1.2); <see cref="Problem"/> then says which. EA3003, EA3004 and EA7004 all read HSTS through this, so a
/// header counts as sending <c>includeSubDomains</c> only when a browser would act on it.
/// </summary>
/// <param name="Problem">
/// Why a browser ignores the header, phrased to follow "the header" (for example <c>has the max-age directive twice</c>);
/// <see langword="null"/> when the header takes effect.
/// </param>
/// <param name="MaxAge">The max-age in seconds (at most <see cref="long.MaxValue"/>) when the header takes effect.</param>
/// <param name="IncludeSubDomains">Whether the header takes effect and has <c>includeSubDomains</c>.</param>
/// <param name="Preload">
/// Whether the header takes effect and has <c>preload</c>: not an RFC 6797 directive, so browsers skip it (§6.1 item 5),
/// but the HSTS preload list asks for it.
/// </param>
internal readonly record struct HstsPolicy(string? Problem, long MaxAge, bool IncludeSubDomains, bool Preload)
{
    /// <summary>The section of RFC 6797 a <see cref="Problem"/> comes from.</summary>
    private const string Syntax = "RFC 6797 §6.1";

    /// <summary>Longest excerpt of the value a problem quotes.</summary>
    private const int ExcerptLength = 40;

    /// <summary>Whether a browser acts on the header.</summary>
    public bool TakesEffect => Problem is null;

    /// <summary>
    /// Reads a header's value as <see cref="Parse"/> does, or <see langword="null"/> when the server fills the value in
    /// per request (<see cref="ResponseHeader.ValueHasVariables"/>): what browsers receive is then not known from the
    /// files, so the HSTS rules judge nothing.
    /// </summary>
    public static HstsPolicy? Of(ResponseHeader header) => header.ValueHasVariables ? null : Parse(header.Value);

    /// <summary>Reads <paramref name="value"/>; makes no string unless the value has a problem.</summary>
    public static HstsPolicy Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.AsSpan();
        long maxAge = 0;
        bool hasMaxAge = false, includeSubDomains = false, preload = false;
        HashSet<string>? others = null;
        int i = 0;
        while (true)
        {
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] != ';')
            {
                int nameStart = i;
                while (i < text.Length && IsTokenChar(text[i]))
                {
                    i++;
                }

                if (i == nameStart)
                {
                    return Invalid($"does not follow the header's syntax at {Excerpt(text, nameStart)}: a directive name must be a token ({Syntax})");
                }

                var name = text[nameStart..i];
                i = SkipSpace(text, i);
                bool hasValue = false;
                ReadOnlySpan<char> raw = default;
                string? unquoted = null;
                if (i < text.Length && text[i] == '=')
                {
                    i = SkipSpace(text, i + 1);
                    hasValue = true;
                    int valueStart = i;
                    if (i < text.Length && text[i] == '"')
                    {
                        if (!TryReadQuoted(text, ref i, out unquoted))
                        {
                            return Invalid($"has a quoted string with no closing quote at {Excerpt(text, valueStart)} ({Syntax})");
                        }
                    }
                    else
                    {
                        while (i < text.Length && IsTokenChar(text[i]))
                        {
                            i++;
                        }
                    }

                    raw = text[valueStart..i];
                    i = SkipSpace(text, i);
                }

                if (i < text.Length && text[i] != ';')
                {
                    return Invalid($"does not follow the header's syntax at {Excerpt(text, i)}: a directive must end at ';' ({Syntax})");
                }

                if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase))
                {
                    if (hasMaxAge)
                    {
                        return Twice(name);
                    }

                    hasMaxAge = true;
                    var digits = unquoted is null ? raw : unquoted.AsSpan();
                    if (!hasValue || !TryReadSeconds(digits, out maxAge))
                    {
                        return Invalid($"has max-age \"{(hasValue ? digits.ToString() : string.Empty)}\", which is not a number of seconds (RFC 6797 §6.1.1)");
                    }
                }
                else if (name.Equals("includeSubDomains", StringComparison.OrdinalIgnoreCase))
                {
                    if (includeSubDomains)
                    {
                        return Twice(name);
                    }

                    if (hasValue)
                    {
                        return Invalid($"gives includeSubDomains a value ({raw}), but it is a valueless directive (RFC 6797 §6.1.2)");
                    }

                    includeSubDomains = true;
                }
                else if (name.Equals("preload", StringComparison.OrdinalIgnoreCase))
                {
                    if (preload)
                    {
                        return Twice(name);
                    }

                    preload = true;
                }
                else if (!(others ??= new(StringComparer.OrdinalIgnoreCase)).Add(name.ToString()))
                {
                    return Twice(name);
                }
            }

            if (i >= text.Length)
            {
                break;
            }

            i++; // the ';'
        }

        return hasMaxAge
            ? new HstsPolicy(null, maxAge, includeSubDomains, preload)
            : Invalid("has no max-age directive (RFC 6797 §6.1.1)");
    }

    private static HstsPolicy Invalid(string problem) => new(problem, 0, false, false);

    private static HstsPolicy Twice(ReadOnlySpan<char> name) =>
        Invalid($"has the {name.ToString().ToLowerInvariant()} directive more than once, where each directive may appear only once ({Syntax})");

    private static int SkipSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    /// <summary>A token character of HTTP/1.1 (RFC 2616 §2.2, which RFC 6797 §6.1 refers to): visible ASCII but the separators.</summary>
    private static bool IsTokenChar(char c) => c is > ' ' and < '\u007f' && "()<>@,;:\\\"/[]?={}".IndexOf(c) < 0;

    /// <summary>
    /// A quoted string starting at <paramref name="i"/> (RFC 2616 §2.2: any text but a quote or a control character,
    /// a backslash taking the next character as it is); <paramref name="i"/> ends after the closing quote.
    /// </summary>
    private static bool TryReadQuoted(ReadOnlySpan<char> text, ref int i, out string? content)
    {
        var builder = new System.Text.StringBuilder();
        for (int j = i + 1; j < text.Length; j++)
        {
            char c = text[j];
            if (c == '"')
            {
                i = j + 1;
                content = builder.ToString();
                return true;
            }

            if (c == '\\' && j + 1 < text.Length)
            {
                c = text[++j];
            }
            else if (char.IsControl(c) && c != '\t')
            {
                break;
            }

            builder.Append(c);
        }

        content = null;
        return false;
    }

    /// <summary>Delta-seconds (RFC 2616 §3.3.2: one or more digits), at most <see cref="long.MaxValue"/>.</summary>
    private static bool TryReadSeconds(ReadOnlySpan<char> digits, out long seconds)
    {
        seconds = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                seconds = 0;
                return false;
            }

            seconds = seconds > (long.MaxValue - 9) / 10 ? long.MaxValue : (seconds * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// The value from <paramref name="start"/>, quoted, cut at <see cref="ExcerptLength"/> characters, with control
    /// characters written as escapes so that a finding's message stays on one line.
    /// </summary>
    private static string Excerpt(ReadOnlySpan<char> text, int start)
    {
        var rest = text[start..];
        var builder = new System.Text.StringBuilder("\"");
        foreach (char c in rest.Length <= ExcerptLength ? rest : rest[..ExcerptLength])
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append(rest.Length <= ExcerptLength ? "\"" : "...\"").ToString();
    }
}
