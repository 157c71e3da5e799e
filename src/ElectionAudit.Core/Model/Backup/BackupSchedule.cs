using System.Globalization;

namespace ElectionAudit.Model.Backup;

/// <summary>
/// The longest gap between runs of systemd calendar events, as resticprofile's <c>schedule</c> takes them
/// (systemd.time(7) "Calendar Events": <c>DayOfWeek Year-Month-Day Hour:Minute:Second</c>, with <c>*</c>, lists <c>a,b</c>,
/// ranges <c>a..b</c>, repetitions <c>a/n</c>, and the shorthands <c>minutely</c> … <c>yearly</c>).
/// </summary>
public static class BackupSchedule
{
    private const int MinutesPerWeek = 7 * 24 * 60;
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The longest interval between runs of the union of <paramref name="expressions"/>, or null when one cannot be read.</summary>
    public static TimeSpan? LongestInterval(IEnumerable<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        var minutes = new bool[MinutesPerWeek];
        TimeSpan? coarse = null;
        bool any = false;
        foreach (var expression in expressions)
        {
            var text = expression.Trim().ToLowerInvariant();
            TimeSpan? shorthand = text switch
            {
                "minutely" => TimeSpan.FromMinutes(1),
                "hourly" => TimeSpan.FromHours(1),
                "daily" => TimeSpan.FromDays(1),
                "weekly" => TimeSpan.FromDays(7),
                // The longest month, quarter, half-year and year: the worst case between two runs.
                "monthly" => TimeSpan.FromDays(31),
                "quarterly" => TimeSpan.FromDays(92),
                "semiannually" or "semi-annually" => TimeSpan.FromDays(184),
                "yearly" or "annually" => TimeSpan.FromDays(366),
                _ => null,
            };
            if (shorthand is { } fixedInterval)
            {
                if (fixedInterval > TimeSpan.FromDays(7))
                {
                    coarse = coarse is null || fixedInterval < coarse ? fixedInterval : coarse;
                }
                else if (!Mark(minutes, fixedInterval))
                {
                    return null;
                }

                any = true;
                continue;
            }

            var result = MarkCalendar(minutes, text);
            if (result is null)
            {
                return null;
            }

            if (result.Value.Coarse is { } monthly)
            {
                coarse = coarse is null || monthly < coarse ? monthly : coarse;
            }

            any = true;
        }

        if (!any)
        {
            return null;
        }

        var weekly = LongestGap(minutes);
        return weekly ?? coarse;
    }

    private static bool Mark(bool[] minutes, TimeSpan interval)
    {
        int step = (int)interval.TotalMinutes;
        for (int m = 0; m < MinutesPerWeek; m += step)
        {
            minutes[m] = true;
        }

        return true;
    }

    private static (TimeSpan? Coarse, bool Ok)? MarkCalendar(bool[] minutes, string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 3)
        {
            return null;
        }

        var days = Enumerable.Repeat(true, 7).ToArray();
        string? time = null;
        TimeSpan? coarse = null;
        foreach (var part in parts)
        {
            if (part.Contains(':', StringComparison.Ordinal))
            {
                time = part;
            }
            else if (part.Contains('-', StringComparison.Ordinal))
            {
                var date = part.Split('-');
                if (date.Length != 3 || date[0] != "*" && !int.TryParse(date[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return null;
                }

                if (date[0] != "*")
                {
                    // A fixed year runs once (or a few times) and never again.
                    coarse = TimeSpan.MaxValue;
                }
                else if (date[2] != "*" || date[1] != "*")
                {
                    // Specific days of the month or specific months: at best monthly; taken as the longest month.
                    coarse = date[1] == "*" ? TimeSpan.FromDays(31) : TimeSpan.FromDays(366);
                }
            }
            else if (!ParseWeekdays(part, days))
            {
                return null;
            }
        }

        var clock = (time ?? "00:00:00").Split(':');
        if (clock.Length is < 2 or > 3)
        {
            return null;
        }

        var hours = ParseField(clock[0], 24);
        var mins = ParseField(clock[1], 60);
        if (hours is null || mins is null)
        {
            return null;
        }

        if (coarse is not null)
        {
            return (coarse, true);
        }

        for (int d = 0; d < 7; d++)
        {
            if (!days[d])
            {
                continue;
            }

            foreach (var h in hours)
            {
                foreach (var m in mins)
                {
                    minutes[(d * 24 * 60) + (h * 60) + m] = true;
                }
            }
        }

        return (null, true);
    }

    private static bool ParseWeekdays(string text, bool[] days)
    {
        Array.Fill(days, false);
        foreach (var item in text.Split(','))
        {
            var range = item.Split("..");
            int from = Array.FindIndex(Weekdays, w => range[0].StartsWith(w, StringComparison.Ordinal));
            int to = range.Length == 2 ? Array.FindIndex(Weekdays, w => range[1].StartsWith(w, StringComparison.Ordinal)) : from;
            if (from < 0 || to < 0 || range.Length > 2)
            {
                return false;
            }

            for (int d = from; ; d = (d + 1) % 7)
            {
                days[d] = true;
                if (d == to)
                {
                    break;
                }
            }
        }

        return true;
    }

    private static List<int>? ParseField(string text, int size)
    {
        var values = new SortedSet<int>();
        foreach (var item in text.Split(','))
        {
            var (rangeText, step) = item.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => (string.Empty, 0),
            };
            if (step == 0)
            {
                return null;
            }

            int from, to;
            if (rangeText == "*")
            {
                (from, to) = (0, size - 1);
            }
            else if (rangeText.Split("..") is [var a, var b] && TryNumber(a, size, out from) && TryNumber(b, size, out to))
            {
            }
            else if (TryNumber(rangeText, size, out from))
            {
                to = item.Contains('/', StringComparison.Ordinal) ? size - 1 : from;
            }
            else
            {
                return null;
            }

            for (int v = from; v <= to; v += step)
            {
                values.Add(v);
            }
        }

        return values.Count == 0 ? null : [.. values];
    }

    private static bool TryNumber(string text, int size, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < size;

    private static TimeSpan? LongestGap(bool[] minutes)
    {
        int first = Array.IndexOf(minutes, true);
        if (first < 0)
        {
            return null;
        }

        int longest = 0, previous = first;
        for (int m = first + 1; m < MinutesPerWeek; m++)
        {
            if (minutes[m])
            {
                longest = Math.Max(longest, m - previous);
                previous = m;
            }
        }

        longest = Math.Max(longest, first + MinutesPerWeek - previous);
        return TimeSpan.FromMinutes(longest);
    }
}
