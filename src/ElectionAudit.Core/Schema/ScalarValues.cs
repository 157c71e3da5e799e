using System.Globalization;
using System.Text.RegularExpressions;

namespace ElectionAudit.Schema;

/// <summary>The one place scalar values of the YAML formats are parsed.</summary>
public static partial class ScalarValues
{
    /// <summary>Parses <c>true</c> / <c>false</c> (YAML 1.2 core schema; case-insensitive).</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true": value = true; return true;
            case "false": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>Parses a whole number of zero or more.</summary>
    public static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses an ISO date <c>YYYY-MM-DD</c>.</summary>
    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>Parses a duration made of number-unit parts: <c>w</c>, <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c> (for example <c>1h30m</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed.Length == 0 || !DurationPattern().IsMatch(trimmed))
        {
            return false;
        }

        // Summed in whole seconds, and refused past what a TimeSpan holds (about 29,000 years): "11111111d" alone was
        // enough to throw OverflowException out of the schema check (found by fuzzing the descriptor harness).
        long seconds = 0;
        long maxSeconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond;
        foreach (Match part in DurationPart().Matches(trimmed))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > 100_000_000)
            {
                return false;
            }

            long unit = part.Groups[2].Value switch
            {
                "w" => 7 * 86_400,
                "d" => 86_400,
                "h" => 3_600,
                "m" => 60,
                _ => 1,
            };

            // n * unit is at most 6.1e13, so neither the product nor a sum still under maxSeconds (9.2e11) overflows.
            seconds += n * unit;
            if (seconds > maxSeconds)
            {
                return false;
            }
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Formats a duration the way users write it (<c>1d12h</c>).</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(duration.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (duration.Hours > 0)
        {
            parts.Add(duration.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add(duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (duration.Seconds > 0)
        {
            parts.Add(duration.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }

    /// <summary>Whether <paramref name="text"/> is a valid value of <paramref name="schema"/>, with a description of what was expected when not.</summary>
    public static bool IsValid(ScalarSchema schema, string text, out string expected)
    {
        ArgumentNullException.ThrowIfNull(schema);
        switch (schema.Kind)
        {
            case ScalarKind.Boolean:
                expected = "true or false";
                return TryParseBoolean(text, out _);
            case ScalarKind.WholeNumber:
                expected = "a whole number";
                return TryParseInteger(text, out _);
            case ScalarKind.Date:
                expected = "a date (YYYY-MM-DD)";
                return TryParseDate(text, out _);
            case ScalarKind.Duration:
                expected = "a duration such as 30m, 24h or 1d12h";
                return TryParseDuration(text, out _);
            case ScalarKind.Enum:
                expected = "one of " + string.Join(", ", schema.Allowed);
                return schema.Allowed.Contains(text.Trim());
            default:
                expected = "text";
                return true;
        }
    }

    [GeneratedRegex("^([0-9]+[wdhms])+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("([0-9]+)([wdhms])")]
    private static partial Regex DurationPart();
}
