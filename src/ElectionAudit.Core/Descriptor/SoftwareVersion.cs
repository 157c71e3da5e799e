using System.Globalization;

namespace ElectionAudit.Descriptor;

/// <summary>
/// Compares dotted software versions such as <c>1.26.3</c> or <c>2.4.62</c> by their numeric components.
/// Only the leading dotted numbers count: <c>1.24.0-2ubuntu1</c> reads as 1.24.0, and a pre-release suffix is ignored.
/// A version that does not start with a number is not comparable, so rules stay silent rather than guess.
/// </summary>
public static class SoftwareVersion
{
    /// <summary>
    /// Compares two versions: negative when <paramref name="left"/> is lower, zero when equal, positive when higher,
    /// null when either is not a dotted number. Missing components count as zero (1.24 equals 1.24.0).
    /// </summary>
    public static int? Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var a = Components(left);
        var b = Components(right);
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }

        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            int order = (i < a.Count ? a[i] : 0).CompareTo(i < b.Count ? b[i] : 0);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static List<long> Components(string version)
    {
        var text = version.AsSpan().Trim();

        // A leading "v" (v1.2.3) is a common spelling of the same version.
        if (text.Length > 1 && (text[0] is 'v' or 'V') && char.IsAsciiDigit(text[1]))
        {
            text = text[1..];
        }

        var components = new List<long>();
        while (true)
        {
            int digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                break;
            }

            components.Add(value);
            if (digits >= text.Length - 1 || text[digits] != '.')
            {
                break;
            }

            text = text[(digits + 1)..];
        }

        return components;
    }
}
