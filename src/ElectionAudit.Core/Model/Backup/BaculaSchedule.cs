using System.Globalization;
using System.Numerics;
using System.Text;

namespace ElectionAudit.Model.Backup;

/// <summary>
/// One <c>Run</c> directive of a Bacula director <c>Schedule</c> resource as Bacula 9.6 stores it (the <c>RUN</c> record
/// that <c>store_run</c> in src/dird/run_conf.c fills): the level and pool overrides, and the bit sets the scheduler
/// matches the clock against. Bit numbers are those <c>bdirjson</c> prints: hour 0-23, day of the month 0-30 (day 1 is
/// bit 0), month 0-11 (January is bit 0), day of the week 0-6 (Sunday is bit 0), week of the month 0-5 (<c>1st</c> is
/// bit 0, <c>6th</c> bit 5) and week of the year 0-53.
/// </summary>
/// <param name="Level">The level the run sets, by <c>Level=</c> or a bare level word, as Bacula names it (<c>Full</c>,
/// <c>Incremental</c>, <c>Differential</c>, <c>VirtualFull</c>, ...); null when the run keeps the job's level.</param>
/// <param name="Pool">The <c>Pool=</c> override, or null.</param>
/// <param name="FullPool">The <c>FullPool=</c> override, or null.</param>
/// <param name="IncrementalPool">The <c>IncrementalPool=</c> override, or null.</param>
/// <param name="DifferentialPool">The <c>DifferentialPool=</c> override, or null.</param>
/// <param name="Hours">The hours the run fires in, bits 0-23.</param>
/// <param name="Minute">The minute of each of those hours, 0-59.</param>
/// <param name="DaysOfMonth">The days of the month, bits 0-30 (bdirjson's <c>Day</c>).</param>
/// <param name="Months">The months, bits 0-11.</param>
/// <param name="DaysOfWeek">The days of the week, bits 0-6, Sunday first.</param>
/// <param name="WeeksOfMonth">The weeks of the month, bits 0-5: week n holds days 7n+1 to 7n+7, so bit 5 never fires.</param>
/// <param name="WeeksOfYear">The weeks of the year, bits 0-53 (Monday-based weeks numbered as Bacula's <c>tm_woy</c> does).</param>
/// <param name="LastDayOfMonth">Whether the run names <c>lastday</c> (bdirjson's <c>"LastDay": 1</c>; Bacula keeps it as
/// bit 31 of the day set): the run then also fires on the last day of each of its months.</param>
/// <param name="NextPool">The <c>NextPool=</c> override, or null.</param>
internal sealed record BaculaRun(
    string? Level,
    string? Pool,
    string? FullPool,
    string? IncrementalPool,
    string? DifferentialPool,
    ulong Hours,
    int Minute,
    uint DaysOfMonth,
    ushort Months,
    byte DaysOfWeek,
    byte WeeksOfMonth,
    ulong WeeksOfYear,
    bool LastDayOfMonth = false,
    string? NextPool = null);

/// <summary>
/// Bacula director schedules: the text of a <c>Run =</c> directive read as Bacula 9.6 reads it, and the longest time a
/// set of runs leaves between two jobs as Bacula's scheduler would start them.
/// </summary>
/// <remarks>
/// <para>
/// The grammar is the one of Bacula 9.6's <c>store_run</c> (src/dird/run_conf.c) over its configuration scanner
/// (<c>lex_get_token</c>, src/lib/lex.c), described by the Bacula manual ("Schedule Resource", the <c>Run</c> directive):
/// first any number of overrides (<c>Level=</c>, <c>Pool=</c>, <c>FullPool=</c>, <c>IncrementalPool=</c>,
/// <c>DifferentialPool=</c>, <c>NextPool=</c>, <c>Storage=</c>, <c>Messages=</c>, <c>Priority=</c>, <c>SpoolData=</c>,
/// <c>WritePartAfterJob=</c>, <c>MaxRunSchedTime=</c>, <c>Accurate=</c>) and bare level words, then the time
/// specification: day numbers, <c>a-b</c> ranges of days, week days, months, <c>1st</c>..<c>6th</c> (or
/// <c>first</c>..<c>sixth</c>) and <c>wNN</c> weeks of the year, <c>lastday</c>, <c>hourly</c>, <c>daily</c>,
/// <c>weekly</c>, <c>monthly</c>, <c>at HH:MM</c> with an optional <c>am</c>/<c>pm</c>, and <c>on</c> and commas as
/// noise. Everything is case-insensitive. The facts carried over from that code and checked against Debian's
/// <c>bdirjson</c> 9.6.7 (the tests hold the parser to it):
/// </para>
/// <list type="bullet">
/// <item>Each set starts full; the first word of a kind empties it before adding itself, so <c>mon</c> alone means
/// Mondays and no hour named means every hour (<c>daily</c> without <c>at</c> runs 24 times a day).</item>
/// <item><c>daily</c> fills the week days but counts as having named the days of the month (<c>daily mon</c> is
/// Mondays, <c>mon daily</c> and <c>daily 15</c> every day); <c>weekly</c> fills the days of the month, weeks of the
/// month and weeks of the year and counts as having named them; <c>hourly</c> and <c>monthly</c> fill the hours and the
/// months. None of them restricts anything: <c>weekly at 1:00</c> runs every day.</item>
/// <item><c>lastday</c> empties the days of the month like a day number does, so <c>fri lastday</c> runs on the last
/// day of every month whatever its week day, and never on another Friday.</item>
/// <item>A range whose end comes before its start wraps (<c>sat-mon</c>, <c>dec-feb</c>, <c>w50-w02</c>); a day or
/// week-of-year range whose ends are equal means every day or week; a week-day, month or position range with equal
/// ends is an error.</item>
/// <item>A time needs an earlier <c>at</c>; several times add hours, the last minute wins. <c>12am</c> is 0:00 and
/// <c>12pm</c> 12:00. The minutes must be two characters (<c>1:5</c> is an error).</item>
/// <item>9.6 has no <c>last</c> week (<c>last fri</c> is an error): <c>6th</c>/<c>sixth</c> is bit 5, which never fires.</item>
/// <item>The overrides and level words are read as names: a day number straight after them (<c>Full 15 at 4:00</c>) is
/// an error, <c>Full on 15 at 4:00</c> is not. A <c>Run</c> needs at least one time word.</item>
/// <item>A <c>#</c> starts a comment and a <c>;</c> ends the directive (the rest of the line is the resource's).</item>
/// </list>
/// <para>
/// Pool, storage and messages names are taken as written: whether the resource exists is the configuration reader's
/// question. A backslash followed by a blank continues the directive on the next line, which a one-line text does not
/// have: the text ends there. A file included with <c>@</c> is not followed (an error).
/// </para>
/// </remarks>
internal static class BaculaSchedule
{
    // MAX_RES_NAME_LENGTH: a name the scanner returns is refused beyond this many bytes.
    private const int MaxNameLength = 127;
    private const int MinutesPerDay = 24 * 60;
    private const ulong AllHours = (1UL << 24) - 1;
    private const uint AllDays = (1U << 31) - 1;
    private const ushort AllMonths = (1 << 12) - 1;
    private const byte AllWeekDays = (1 << 7) - 1;
    private const byte AllWeeksOfMonth = (1 << 6) - 1;
    private const ulong AllWeeksOfYear = (1UL << 54) - 1;

    // The overrides store_run accepts before the time specification (RunFields in run_conf.c).
    private static readonly (string Name, Field Field)[] Fields =
    [
        ("Pool", Field.Pool),
        ("FullPool", Field.FullPool),
        ("IncrementalPool", Field.IncrementalPool),
        ("DifferentialPool", Field.DifferentialPool),
        ("Level", Field.Level),
        ("Storage", Field.Resource),
        ("Messages", Field.Resource),
        ("Priority", Field.Priority),
        ("SpoolData", Field.YesNo),
        ("WritePartAfterJob", Field.YesNo),
        ("MaxRunSchedTime", Field.Duration),
        ("Accurate", Field.YesNo),
        ("NextPool", Field.NextPool),
    ];

    // The level names of the director's joblevels table (dird_conf.c); " " is the level of admin and restore jobs.
    private static readonly string[] Levels =
        ["Full", "Base", "Incremental", "Differential", "Since", "VirtualFull", "Catalog", "InitCatalog", "VolumeToCatalog", "DiskToCatalog", "Data", " "];

    // The words of the time specification (keyw in run_conf.c), with the state they put the parser in and its value.
    private static readonly (string Name, State State, int Code)[] Keywords =
    [
        ("on", State.None, 0), ("at", State.At, 0), ("lastday", State.LastDay, 0),
        ("sun", State.WeekDay, 0), ("mon", State.WeekDay, 1), ("tue", State.WeekDay, 2), ("wed", State.WeekDay, 3),
        ("thu", State.WeekDay, 4), ("fri", State.WeekDay, 5), ("sat", State.WeekDay, 6),
        ("jan", State.Month, 0), ("feb", State.Month, 1), ("mar", State.Month, 2), ("apr", State.Month, 3),
        ("may", State.Month, 4), ("jun", State.Month, 5), ("jul", State.Month, 6), ("aug", State.Month, 7),
        ("sep", State.Month, 8), ("oct", State.Month, 9), ("nov", State.Month, 10), ("dec", State.Month, 11),
        ("sunday", State.WeekDay, 0), ("monday", State.WeekDay, 1), ("tuesday", State.WeekDay, 2),
        ("wednesday", State.WeekDay, 3), ("thursday", State.WeekDay, 4), ("friday", State.WeekDay, 5),
        ("saturday", State.WeekDay, 6),
        ("january", State.Month, 0), ("february", State.Month, 1), ("march", State.Month, 2), ("april", State.Month, 3),
        ("june", State.Month, 5), ("july", State.Month, 6), ("august", State.Month, 7), ("september", State.Month, 8),
        ("october", State.Month, 9), ("november", State.Month, 10), ("december", State.Month, 11),
        ("daily", State.Daily, 0), ("weekly", State.Weekly, 0), ("monthly", State.Monthly, 0), ("hourly", State.Hourly, 0),
        ("1st", State.WeekOfMonth, 0), ("2nd", State.WeekOfMonth, 1), ("3rd", State.WeekOfMonth, 2),
        ("4th", State.WeekOfMonth, 3), ("5th", State.WeekOfMonth, 4), ("6th", State.WeekOfMonth, 5),
        ("first", State.WeekOfMonth, 0), ("second", State.WeekOfMonth, 1), ("third", State.WeekOfMonth, 2),
        ("fourth", State.WeekOfMonth, 3), ("fifth", State.WeekOfMonth, 4), ("sixth", State.WeekOfMonth, 5),
    ];

    // duration_to_utime's units (src/lib/edit.c), in its order: a unit is any prefix of one, the first that fits wins.
    private static readonly string[] DurationUnits = ["n", "seconds", "months", "minutes", "mins", "hours", "days", "weeks", "quarters", "years"];

    private enum Field
    {
        Pool,
        FullPool,
        IncrementalPool,
        DifferentialPool,
        NextPool,
        Level,
        Resource,
        Priority,
        YesNo,
        Duration,
    }

    private enum State
    {
        None,
        MonthDay,
        Month,
        Time,
        At,
        WeekDay,
        Daily,
        Weekly,
        Monthly,
        Hourly,
        WeekOfMonth,
        WeekOfYear,
        LastDay,
        Range,
    }

    private enum Kind
    {
        Number,
        Unquoted,
        Quoted,
        Comma,
        EqualsSign,
        BlockStart,
        BlockEnd,
        End,
    }

    /// <summary>
    /// Reads the text of a <c>Run</c> directive (what follows <c>Run =</c> on its line, e.g.
    /// <c>Level=Full 1st sun at 23:05</c>) as Bacula 9.6's <c>store_run</c> (src/dird/run_conf.c) does.
    /// </summary>
    /// <param name="text">The directive's value, as written.</param>
    /// <param name="error">Null, or when Bacula refuses the text the message it gives (e.g.
    /// <c>Job type field: last in run record not found</c>).</param>
    /// <returns>The run, or null when Bacula refuses the text.</returns>
    internal static BaculaRun? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scanner = new Scanner(Encoding.UTF8.GetBytes(text));
        string? level = null, pool = null, fullPool = null, incrementalPool = null, differentialPool = null, nextPool = null;

        // The overrides and bare level words, each read as a name: the first word that is neither starts the time.
        for (bool found = true; found;)
        {
            found = false;
            if (!scanner.Next())
            {
                return Fail(out error, scanner.Error!);
            }

            if (NameError(scanner) is { } notName)
            {
                return Fail(out error, notName);
            }

            var field = Array.FindIndex(Fields, f => AsciiEquals(scanner.Value, f.Name));
            if (field < 0)
            {
                if (FindLevel(scanner.Value) is { } bare)
                {
                    level = bare;
                    found = true;
                }

                continue;
            }

            found = true;
            if (!scanner.Next())
            {
                return Fail(out error, scanner.Error!);
            }

            if (scanner.Kind != Kind.EqualsSign)
            {
                return Fail(out error, $"Expected an equals, got: {scanner.Text}");
            }

            if (!scanner.Next())
            {
                return Fail(out error, scanner.Error!);
            }

            var kind = Fields[field].Field;
            if (kind is not (Field.Priority or Field.Duration) && NameError(scanner) is { } notValue)
            {
                return Fail(out error, notValue);
            }

            switch (kind)
            {
                case Field.Level:
                    level = FindLevel(scanner.Value);
                    if (level is null)
                    {
                        return Fail(out error, $"Job level field: {scanner.Text} not found in run record");
                    }

                    break;
                case Field.Pool:
                    pool = scanner.Text;
                    break;
                case Field.FullPool:
                    fullPool = scanner.Text;
                    break;
                case Field.IncrementalPool:
                    incrementalPool = scanner.Text;
                    break;
                case Field.DifferentialPool:
                    differentialPool = scanner.Text;
                    break;
                case Field.NextPool:
                    nextPool = scanner.Text;
                    break;
                case Field.YesNo when !(AsciiEquals(scanner.Value, "yes") || AsciiEquals(scanner.Value, "true")
                    || AsciiEquals(scanner.Value, "no") || AsciiEquals(scanner.Value, "false")):
                    return Fail(out error, $"Expect a YES or NO, got: {scanner.Text}");
                case Field.Priority when !IsPositiveInteger(scanner.Value):
                    return Fail(out error, $"expected a positive integer number, got: {scanner.Text}");
                case Field.Duration:
                    // duration_to_utime eats the scanner's string as it reads it: a later message shows what is left.
                    bool duration = IsDuration(scanner.Value, out var rest);
                    scanner.Replace(rest);
                    if (!duration)
                    {
                        return Fail(out error, $"expected a time period, got: {scanner.Text}");
                    }

                    break;
                default:
                    break;
            }
        }

        ulong hours = AllHours;
        uint days = AllDays;
        ushort months = AllMonths;
        byte weekDays = AllWeekDays;
        byte weeksOfMonth = AllWeeksOfMonth;
        ulong weeksOfYear = AllWeeksOfYear;
        bool lastDay = false;
        int minute = 0;
        bool haveHour = false, haveDay = false, haveWeekDay = false, haveMonth = false, haveWeekOfMonth = false, haveWeekOfYear = false, haveAt = false;

        while (scanner.Kind != Kind.End)
        {
            var value = scanner.Value;
            State state;
            int code = 0;
            switch (scanner.Kind)
            {
                case Kind.Number:
                    code = unchecked(Atoi(value) - 1);
                    if (code is < 0 or > 30)
                    {
                        return Fail(out error, "Day number out of range (1-31)");
                    }

                    state = State.MonthDay;
                    break;
                case Kind.Unquoted when Array.IndexOf(value, (byte)'-') >= 0:
                    state = State.Range;
                    break;
                case Kind.Unquoted when Array.IndexOf(value, (byte)':') >= 0:
                    state = State.Time;
                    break;
                case Kind.Unquoted when IsWeekOfYear(value):
                    code = Atoi(value.AsSpan(1));
                    if (code is < 0 or > 53)
                    {
                        return Fail(out error, "Week number out of range (0-53)");
                    }

                    state = State.WeekOfYear;
                    break;
                case Kind.Unquoted:
                    if (FindKeyword(value) is not { } keyword)
                    {
                        return Fail(out error, $"Job type field: {scanner.Text} in run record not found");
                    }

                    (state, code) = keyword;
                    break;
                case Kind.Comma:
                    state = State.None;
                    break;
                default:
                    return Fail(out error, string.Create(CultureInfo.InvariantCulture, $"Unexpected token: {TokenNumber(scanner.Kind)}:{scanner.Text}"));
            }

            switch (state)
            {
                case State.MonthDay:
                    days = (haveDay ? days : 0) | (1U << code);
                    haveDay = true;
                    break;
                case State.Month:
                    months = (ushort)((haveMonth ? months : 0) | (1 << code));
                    haveMonth = true;
                    break;
                case State.WeekDay:
                    weekDays = (byte)((haveWeekDay ? weekDays : 0) | (1 << code));
                    haveWeekDay = true;
                    break;
                case State.WeekOfMonth:
                    weeksOfMonth = (byte)((haveWeekOfMonth ? weeksOfMonth : 0) | (1 << code));
                    haveWeekOfMonth = true;
                    break;
                case State.WeekOfYear:
                    weeksOfYear = (haveWeekOfYear ? weeksOfYear : 0) | (1UL << code);
                    haveWeekOfYear = true;
                    break;
                case State.LastDay:
                    days = haveDay ? days : 0;
                    haveDay = true;
                    lastDay = true;
                    break;
                case State.At:
                    haveAt = true;
                    break;
                case State.Hourly:
                    haveHour = true;
                    hours = AllHours;
                    break;
                case State.Weekly:
                    haveDay = haveWeekOfMonth = haveWeekOfYear = true;
                    days = AllDays;
                    weeksOfMonth = AllWeeksOfMonth;
                    weeksOfYear = AllWeeksOfYear;
                    break;
                case State.Daily:
                    haveDay = true;
                    weekDays = AllWeekDays;
                    break;
                case State.Monthly:
                    haveMonth = true;
                    months = AllMonths;
                    break;
                case State.Time:
                    if (!haveAt)
                    {
                        return Fail(out error, "Time must be preceded by keyword AT.");
                    }

                    if (ReadTime(value) is not { } time)
                    {
                        return Fail(out error, "Bad time specification.");
                    }

                    hours = (haveHour ? hours : 0) | (1UL << time.Hour);
                    minute = time.Minute;
                    haveHour = true;
                    break;
                case State.Range:
                    var dash = Array.IndexOf(value, (byte)'-');
                    var from = value.AsSpan(0, dash);
                    var to = value.AsSpan(dash + 1);
                    if (IsAnInteger(from) && IsAnInteger(to))
                    {
                        int first = unchecked(Atoi(from) - 1), last = unchecked(Atoi(to) - 1);
                        if (first is < 0 or > 30 || last is < 0 or > 30)
                        {
                            return Fail(out error, "Bad day range specification.");
                        }

                        days = (haveDay ? days : 0) | (uint)Span(first, last, 30);
                        haveDay = true;
                        break;
                    }

                    if (from.Length == 3 && to.Length == 3 && IsWeekOfYear(from) && IsWeekOfYear(to))
                    {
                        int first = Atoi(from[1..]), last = Atoi(to[1..]);
                        if (first is < 0 or > 53 || last is < 0 or > 53)
                        {
                            return Fail(out error, "Week number out of range (0-53)");
                        }

                        weeksOfYear = (haveWeekOfYear ? weeksOfYear : 0) | Span(first, last, 53);
                        haveWeekOfYear = true;
                        break;
                    }

                    var start = FindKeyword(from);
                    if (start is not { State: State.Month or State.WeekDay or State.WeekOfMonth })
                    {
                        return Fail(out error, "Invalid month, week or position day range");
                    }

                    var end = FindKeyword(to);
                    if (end is null || end.Value.State != start.Value.State || end.Value.Code == start.Value.Code)
                    {
                        return Fail(out error, "Invalid month, weekday or position range");
                    }

                    switch (start.Value.State)
                    {
                        case State.WeekDay:
                            weekDays = (byte)((haveWeekDay ? weekDays : 0) | (byte)Span(start.Value.Code, end.Value.Code, 6));
                            haveWeekDay = true;
                            break;
                        case State.Month:
                            months = (ushort)((haveMonth ? months : 0) | (ushort)Span(start.Value.Code, end.Value.Code, 11));
                            haveMonth = true;
                            break;
                        default:
                            weeksOfMonth = (byte)((haveWeekOfMonth ? weeksOfMonth : 0) | (byte)Span(start.Value.Code, end.Value.Code, 5));
                            haveWeekOfMonth = true;
                            break;
                    }

                    break;
                default:
                    break;
            }

            if (!scanner.Next())
            {
                return Fail(out error, scanner.Error!);
            }
        }

        error = null;
        return new BaculaRun(level, pool, fullPool, incrementalPool, differentialPool, hours, minute, days, months, weekDays,
            weeksOfMonth, weeksOfYear, lastDay, nextPool);
    }

    /// <summary>
    /// The longest time between two consecutive job starts of the union of <paramref name="runs"/>, as Bacula 9.6's
    /// scheduler (<c>find_runs</c> in src/dird/scheduler.c) starts them: a run fires at its minute of every hour whose
    /// bit is set, on a day whose month, day of month, day of week, week of month (day 1-7 is the first week, 8-14 the
    /// second, ...) and week of year (<c>tm_woy</c>, src/lib/btime.c: Monday-based weeks, week 1 holding 4 January, the
    /// days before it week 0) are all in the run's sets, or on the last day of one of its months when it names
    /// <c>lastday</c>.
    /// </summary>
    /// <remarks>
    /// The calendar is walked over the whole 400-year Gregorian cycle (from 1 January 2000), in which every pattern of
    /// week days, leap years and week numbers repeats, so the gap that wraps from the cycle's last start to the next
    /// cycle's first is a real one and is counted. Each of the fourteen kinds of year (its first week day, leap or not) is
    /// worked out once, day by day. Clock time is civil time without daylight saving shifts.
    /// </remarks>
    /// <param name="runs">The runs (of one schedule, or of the schedules of one job).</param>
    /// <returns>Null when there are no runs; <see cref="TimeSpan.MaxValue"/> when none of them ever fires (e.g.
    /// <c>6th sun</c>, or <c>feb 30</c>); otherwise the longest interval.</returns>
    internal static TimeSpan? LongestInterval(IEnumerable<BaculaRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToArray();
        if (list.Length == 0)
        {
            return null;
        }

        foreach (var run in list)
        {
            if (run.Minute is < 0 or > 59)
            {
                throw new ArgumentException($"A run's minute must be 0-59, not {run.Minute}.", nameof(runs));
            }
        }

        var years = new YearStarts?[14];
        long offset = 0, first = -1, last = -1, longest = 0;
        int weekDay = 6; // 1 January 2000 was a Saturday.
        for (int year = 2000; year < 2400; year++)
        {
            bool leap = IsLeapYear(year);
            var starts = years[(weekDay * 2) + (leap ? 1 : 0)] ??= WalkYear(list, weekDay, leap);
            if (starts.First >= 0)
            {
                if (last >= 0)
                {
                    longest = Math.Max(longest, offset + starts.First - last);
                }
                else
                {
                    first = offset + starts.First;
                }

                longest = Math.Max(longest, starts.Longest);
                last = offset + starts.Last;
            }

            int length = leap ? 366 : 365;
            offset += length * MinutesPerDay;
            weekDay = (weekDay + length) % 7;
        }

        if (last < 0)
        {
            return TimeSpan.MaxValue;
        }

        // The cycle is exactly 20871 weeks: its end is the next cycle's start, a Saturday 1 January again.
        longest = Math.Max(longest, offset + first - last);
        return TimeSpan.FromMinutes(longest);
    }

    // The first and last start of a year (minutes from its 1 January 0:00, -1 when none) and the longest gap inside it.
    private sealed record YearStarts(long First, long Last, long Longest);

    private static YearStarts WalkYear(BaculaRun[] runs, int firstWeekDay, bool leap)
    {
        // tm_woy: the week of the year is 1 + (yday - fty + 4) / 7, fty being 1 - (week day of 4 January), plus 7 when
        // not positive; a negative numerator is week 0.
        int fourth = (firstWeekDay + 3) % 7;
        int fty = 1 - fourth <= 0 ? 8 - fourth : 1 - fourth;
        Span<ulong> minutes = stackalloc ulong[(MinutesPerDay + 63) / 64];
        long first = -1, last = -1, longest = 0;
        int yearDay = 0;
        for (int month = 0; month < 12; month++)
        {
            int length = DateTime.DaysInMonth(leap ? 2000 : 2001, month + 1);
            for (int day = 0; day < length; day++, yearDay++)
            {
                int weekDay = (firstWeekDay + yearDay) % 7;
                int weekOfYear = yearDay - fty + 4 < 0 ? 0 : 1 + ((yearDay - fty + 4) / 7);
                bool any = false;
                minutes.Clear();
                foreach (var run in runs)
                {
                    bool fires = ((run.Months >> month) & 1) != 0
                        && ((((run.DaysOfMonth >> day) & 1) != 0 && ((run.DaysOfWeek >> weekDay) & 1) != 0
                                && ((run.WeeksOfMonth >> (day / 7)) & 1) != 0 && ((run.WeeksOfYear >> weekOfYear) & 1) != 0)
                            || (run.LastDayOfMonth && day == length - 1));
                    for (ulong hours = fires ? run.Hours & AllHours : 0; hours != 0; hours &= hours - 1)
                    {
                        int at = (BitOperations.TrailingZeroCount(hours) * 60) + run.Minute;
                        minutes[at / 64] |= 1UL << (at % 64);
                        any = true;
                    }
                }

                for (int word = 0; any && word < minutes.Length; word++)
                {
                    for (ulong bits = minutes[word]; bits != 0; bits &= bits - 1)
                    {
                        long at = ((long)yearDay * MinutesPerDay) + (word * 64) + BitOperations.TrailingZeroCount(bits);
                        if (last >= 0)
                        {
                            longest = Math.Max(longest, at - last);
                        }
                        else
                        {
                            first = at;
                        }

                        last = at;
                    }
                }
            }
        }

        return new YearStarts(first, last, longest);
    }

    private static BaculaRun? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    // Bits a..b, or a..max and 0..b when b is not after a (set_bits twice, as store_run does for a reversed range).
    private static ulong Span(int a, int b, int max) =>
        a < b ? Bits(a, b) : Bits(a, max) | Bits(0, b);

    private static ulong Bits(int from, int to) => (to == 63 ? ulong.MaxValue : (1UL << (to + 1)) - 1) & ~((1UL << from) - 1);

    // The error lex_get_token gives when a name was expected (T_NAME): a word or quoted string of at most 127 bytes.
    private static string? NameError(Scanner scanner)
    {
        if (scanner.Kind is not (Kind.Unquoted or Kind.Quoted))
        {
            var name = scanner.Kind switch
            {
                Kind.Number => "T_NUMBER",
                Kind.Comma => "T_COMMA",
                Kind.EqualsSign => "T_EQUALS",
                Kind.BlockStart => "T_BOB",
                Kind.BlockEnd => "T_EOB",
                _ => "T_EOL",
            };
            return $"expected a name, got {name}: {scanner.Text}";
        }

        return scanner.Value.Length > MaxNameLength
            ? string.Create(CultureInfo.InvariantCulture, $"name {scanner.Text} length {scanner.Value.Length} too long, max is {MaxNameLength}")
            : null;
    }

    // The token numbers of lex.h, which Bacula's "Unexpected token" message shows.
    private static int TokenNumber(Kind kind) => kind switch
    {
        Kind.Number => 102,
        Kind.Unquoted => 105,
        Kind.Quoted => 106,
        Kind.BlockStart => 108,
        Kind.BlockEnd => 109,
        Kind.EqualsSign => 110,
        Kind.Comma => 111,
        _ => 112,
    };

    private static string? FindLevel(ReadOnlySpan<byte> value)
    {
        foreach (var level in Levels)
        {
            if (AsciiEquals(value, level))
            {
                return level;
            }
        }

        return null;
    }

    private static (State State, int Code)? FindKeyword(ReadOnlySpan<byte> value)
    {
        foreach (var (name, state, code) in Keywords)
        {
            if (AsciiEquals(value, name))
            {
                return (state, code);
            }
        }

        return null;
    }

    // A three-byte wNN word (store_run checks the length before the digits, so w1 and w001 are not weeks).
    private static bool IsWeekOfYear(ReadOnlySpan<byte> value) =>
        value.Length == 3 && (value[0] | 0x20) == 'w' && IsAnInteger(value[1..]);

    // HH:MM as store_run reads it: both halves by atoi, the part after the first two bytes of the minutes is am or pm,
    // or else the minutes must be exactly two bytes.
    private static (int Hour, int Minute)? ReadTime(ReadOnlySpan<byte> value)
    {
        int colon = value.IndexOf((byte)':');
        int hour = Atoi(value[..colon]);
        var minutes = value[(colon + 1)..];
        int minute = Atoi(minutes);
        var suffix = minutes.Length >= 2 ? minutes[2..] : minutes;
        bool pm = AsciiEquals(suffix, "pm");
        bool am = !pm && AsciiEquals(suffix, "am");
        if (!pm && !am && minutes.Length != 2)
        {
            return null;
        }

        if (pm && hour != 12)
        {
            hour = unchecked(hour + 12);
        }
        else if (am && hour == 12)
        {
            hour = 0;
        }

        return hour is < 0 or > 23 || minute is < 0 or > 59 ? null : (hour, minute);
    }

    // C's atoi as glibc has it: (int)strtol(s, NULL, 10), strtol saturating at the 64-bit limits.
    private static int Atoi(ReadOnlySpan<byte> value)
    {
        int i = 0;
        while (i < value.Length && IsSpace(value[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < value.Length && value[i] is (byte)'+' or (byte)'-')
        {
            negative = value[i] == '-';
            i++;
        }

        ulong magnitude = 0;
        bool overflow = false;
        for (; i < value.Length && IsDigit(value[i]); i++)
        {
            overflow |= magnitude > (ulong.MaxValue - 9) / 10;
            magnitude = unchecked((magnitude * 10) + (ulong)(value[i] - '0'));
            overflow |= magnitude > (negative ? 1UL << 63 : (ulong)long.MaxValue);
        }

        long result = overflow ? (negative ? long.MinValue : long.MaxValue) : unchecked(negative ? -(long)magnitude : (long)magnitude);
        return unchecked((int)result);
    }

    private static bool IsAnInteger(ReadOnlySpan<byte> value)
    {
        foreach (var c in value)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return !value.IsEmpty;
    }

    // is_a_number (src/lib/edit.c): an optional sign, digits, an optional fraction and exponent.
    private static bool IsANumber(ReadOnlySpan<byte> value)
    {
        int i = value.Length > 0 && value[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        int digits = i;
        while (i < value.Length && IsDigit(value[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i < value.Length && value[i] == '.')
        {
            i++;
            while (i < value.Length && IsDigit(value[i]))
            {
                i++;
            }
        }

        if (i < value.Length && value[i] is (byte)'e' or (byte)'E'
            && ((i + 1 < value.Length && IsDigit(value[i + 1]))
                || (i + 2 < value.Length && value[i + 1] is (byte)'+' or (byte)'-' && IsDigit(value[i + 2]))))
        {
            i += 2;
            while (i < value.Length && IsDigit(value[i]))
            {
                i++;
            }
        }

        return i == value.Length;
    }

    // Priority= is scan_pint's: is_a_number, then str_to_int64 (digits only, wrapping) must not be negative.
    private static bool IsPositiveInteger(ReadOnlySpan<byte> value)
    {
        if (!IsANumber(value))
        {
            return false;
        }

        bool negative = value[0] == '-';
        ulong magnitude = 0;
        for (int i = value[0] is (byte)'+' or (byte)'-' ? 1 : 0; i < value.Length && IsDigit(value[i]); i++)
        {
            magnitude = unchecked((magnitude * 10) + (ulong)(value[i] - '0'));
        }

        return unchecked(negative ? -(long)magnitude : (long)magnitude) >= 0;
    }

    // duration_to_utime (src/lib/edit.c): blank-separated pairs of a number (digits and points) and a unit that is a
    // prefix of one of DurationUnits (none: seconds), trailing blanks ignored. It reads the string in place, which is
    // left as the part not read yet (trailing blanks removed): all of it when the first number is bad, nothing when a
    // unit is bad or when all is well.
    private static bool IsDuration(byte[] text, out byte[] rest)
    {
        int end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }

        var value = text.AsSpan(0, end);
        int i = 0;
        while (i < value.Length)
        {
            int pairStart = i;
            while (i < value.Length && IsSpace(value[i]))
            {
                i++;
            }

            int numberStart = i;
            while (i < value.Length && (IsDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            if (!IsANumber(value[numberStart..i]))
            {
                rest = value[pairStart..].ToArray();
                return false;
            }

            while (i < value.Length && IsSpace(value[i]))
            {
                i++;
            }

            int unitStart = i;
            while (i < value.Length && IsAsciiLetter(value[i]))
            {
                i++;
            }

            // The unit is copied into 20 bytes, so only its first 19 letters count.
            if (!IsDurationUnit(value[unitStart..Math.Min(i, unitStart + 19)]))
            {
                rest = value[i..].ToArray();
                return false;
            }
        }

        rest = [];
        return true;
    }

    private static bool IsDurationUnit(ReadOnlySpan<byte> unit)
    {
        foreach (var name in DurationUnits)
        {
            if (unit.Length <= name.Length && AsciiEquals(unit, name.AsSpan(0, unit.Length)))
            {
                return true;
            }
        }

        return unit.IsEmpty;
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> value, string text) => AsciiEquals(value, text.AsSpan());

    // strcasecmp in the C locale: only ASCII letters fold.
    private static bool AsciiEquals(ReadOnlySpan<byte> value, ReadOnlySpan<char> text)
    {
        if (value.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            int a = value[i], b = text[i];
            if (a != b && (!IsAsciiLetter((byte)a) || b > 0x7f || (a | 0x20) != (b | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsAsciiLetter(byte c) => (c | 0x20) is >= 'a' and <= 'z';

    /// <summary>
    /// The tokens of Bacula's configuration scanner (<c>lex_get_token</c>, src/lib/lex.c) over one line, as
    /// <c>store_run</c> asks for them (no identifiers: words are unquoted strings).
    /// </summary>
    private sealed class Scanner(byte[] text)
    {
        private int _position;

        public Kind Kind { get; private set; } = Kind.End;

        // The scanner's string: set by every token but the end of the line, which leaves the previous one (as Bacula's
        // messages show it); before the first token, the equals sign of "Run =".
        public byte[] Value { get; private set; } = [(byte)'='];

        public string Text => Encoding.UTF8.GetString(Value);

        public string? Error { get; private set; }

        public bool Next()
        {
            while (_position < text.Length)
            {
                int start = _position;
                byte c = text[_position++];
                if (IsSpace(c))
                {
                    continue;
                }

                switch (c)
                {
                    case (byte)'\\':
                        // A backslash before a blank or the end continues the line on the next one: this one ends here.
                        // Before anything else it drops itself and that character.
                        if (_position >= text.Length || text[_position] is (byte)' ' or (byte)'\n' or (byte)'\r')
                        {
                            _position = text.Length;
                        }
                        else
                        {
                            _position++;
                        }

                        continue;
                    case (byte)'#':
                    case (byte)';':
                        // A comment runs to the end of the line; a semicolon ends the directive like the end of the line.
                        _position = text.Length;
                        continue;
                    case (byte)'{':
                        return Set(Kind.BlockStart, start, _position);
                    case (byte)'}':
                        return Set(Kind.BlockEnd, start, _position);
                    case (byte)'=':
                        return Set(Kind.EqualsSign, start, _position);
                    case (byte)',':
                        return Set(Kind.Comma, start, _position);
                    case (byte)'"':
                        return Quoted();
                    case (byte)'@':
                        Error = "a file included with @ in a Run directive is not read";
                        return false;
                    default:
                        return Word(start);
                }
            }

            Kind = Kind.End;
            return true;
        }

        // A number ends at a blank, a comma, a semicolon or the end of the line; at anything else it goes on as a word,
        // which ends at a blank or one of = { } ; , #.
        private bool Word(int start)
        {
            int i = start;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            if (i > start && (i == text.Length || IsSpace(text[i]) || text[i] is (byte)',' or (byte)';'))
            {
                return Set(Kind.Number, start, i);
            }

            while (i < text.Length && !IsSpace(text[i]) && text[i] is not ((byte)'=' or (byte)'{' or (byte)'}' or (byte)';' or (byte)',' or (byte)'#'))
            {
                i++;
            }

            return Set(Kind.Unquoted, start, i);
        }

        private bool Quoted()
        {
            var value = new List<byte>();
            for (bool escaped = false; _position < text.Length; _position++)
            {
                byte c = text[_position];
                if (!escaped && c == '"')
                {
                    _position++;
                    Kind = Kind.Quoted;
                    Value = [.. value];
                    return true;
                }

                escaped = !escaped && c == '\\';
                if (!escaped)
                {
                    value.Add(c);
                }
            }

            Error = "a quoted string in a Run directive is not closed on its line";
            return false;
        }

        public void Replace(byte[] value) => Value = value;

        private bool Set(Kind kind, int start, int end)
        {
            Kind = kind;
            Value = text[start..end];
            _position = end;
            return true;
        }
    }
}
