using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Model.Backup;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>
/// Bacula <c>Run</c> directives as <see cref="BaculaSchedule.Parse"/> reads them, against Debian's <c>bdirjson</c> (Bacula
/// 9.6.7), which prints a director configuration's schedules as the bit sets the scheduler uses; and the longest gap
/// between runs, with values worked out by hand or checked once against a day-by-day walk of 400 years that used
/// bdirjson's sets and libbac-9.6.7's own <c>tm_woy</c> and <c>tm_ldom</c>.
/// </summary>
public sealed partial class BaculaScheduleTests
{
    // The smallest director configuration bdirjson takes, with the pools, storage and messages the runs name.
    private const string Director = """
        Director {
          Name = dir
          Password = "x"
          Messages = m
          WorkingDirectory = "/tmp"
          PidDirectory = "/tmp"
          QueryFile = "/tmp/query.sql"
        }
        Catalog {
          Name = c
          dbname = "bacula"
        }
        Messages {
          Name = m
        }
        Pool {
          Name = Monthly
          Pool Type = Backup
        }
        Pool {
          Name = Inc
          Pool Type = Backup
        }
        Job {
          Name = j
          Type = Backup
          Client = cl
          FileSet = fs
          Storage = st
          Pool = Monthly
          Messages = m
        }
        Client {
          Name = cl
          Address = localhost
          Password = "x"
          Catalog = c
        }
        FileSet {
          Name = fs
        }
        Storage {
          Name = st
          Address = localhost
          Password = "x"
          Device = dev
          Media Type = File
        }

        """;

    // bdirjson reads all the runs it accepts in one configuration, one schedule each, the first time a test needs them.
    private static readonly Lazy<Dictionary<string, string>> AcceptedByBdirjson = new(ReadAcceptedWithBdirjson);

    // Run texts Bacula 9.6 accepts: the manual's examples, every kind of word, and its odd corners.
    private static readonly string[] AcceptedTexts =
    [
        "Level=Full 1st sun at 23:05",
        "Incremental mon-sat at 23:05",
        "Level=Differential 2nd-5th sun at 23:05",
        "Full sun-sat at 23:10",
        "Full daily at 02:00",
        "hourly at 0:15",
        "Level=Full Pool=Monthly 1st sat at 03:05",
        "w01-w53 sun at 1:00",
        "jan-jun 15 at 4:00",
        "Full on 1, 15 at 1:05",
        "monthly at 3:00",
        "weekly at 1:00",
        "daily",
        "on",
        "lastday at 1:00",
        "Level=Incremental on 15 lastday at 22:30",
        "fri lastday at 3:00",
        "mon daily at 1:00",
        "daily mon at 1:00",
        "weekly 15 at 1:00",
        "on 5-5 at 1:00",
        "on 31-2 at 1:00",
        "sep-nov 1-7 sat at 5:00",
        "w05-w05 at 1:00",
        "w50-w02 at 1:00",
        "W00 at 1:00",
        "sat-mon at 1:00",
        "dec-feb at 1:00",
        "5th-2nd sun at 1:00",
        "first-sixth sun",
        "6th sun",
        "January 1st Monday at 12:00",
        "mOnDaY-FRIDAY at 1:00",
        "1st sun first mon at 1:00",
        "at 1:00 at 2:30",
        "at 1:00, 13:00",
        "hourly at 1:15 at 2:20",
        "at 1:00pm",
        "at 12:00am",
        "at 12:30PM",
        "at 0:00pm",
        "at 13:00am",
        "at :05",
        "on sun at 1:ab",
        "on 4294967297 at 1:00",
        "sun 1,,2 at 1:00",
        "sun, mon at 1:00,",
        "sun at 1:00 # a comment",
        "sun at 1:00;",
        "on 1, 15;",
        @"sun \x at 1:00",
        "level = full pool = Monthly fri at 21:00",
        "Level=\"Differential\" Pool=\"Monthly\" sun at 1:00",
        "Level=VirtualFull FullPool=Monthly IncrementalPool=Inc DifferentialPool=Monthly NextPool=Inc sun at 1:00",
        "Level=Full Pool=Inc Level=Incremental sun at 1:00",
        "Base Since sat at 4:00",
        "Level=Catalog Priority=1.5 MaxRunSchedTime=1h sun",
        "Priority=5 SpoolData=yes Accurate=no writepartafterjob=TRUE Storage=st Messages=m MaxRunSchedTime=\"1 hour 30 min\" sun at 1:00",
        "feb 29 at 1:00",
        "december 31 at 23:59",
    ];

    /// <summary>Run texts Bacula 9.6 accepts.</summary>
    public static TheoryData<string> Accepted => new(AcceptedTexts);

    /// <summary>Run texts Bacula 9.6 refuses, each with the message it gives.</summary>
    public static TheoryData<string> Refused =>
    [
        "last fri at 22:00",
        "Full 15 at 4:00",
        "15 at 4:00",
        "Full",
        "Pool=Monthly",
        "Level=",
        "at 1:5",
        "at 1:05 pm",
        "at 1:05:00",
        "at 23:05pm",
        "at 24:00",
        "1:00",
        "w1 at 1:00",
        "w54 at 1:00",
        "mon-mon at 1:00",
        "1st-last sun",
        "lastday-1st",
        "on 1-2-3",
        "on 0-5",
        "sun 32 at 1:00",
        "Level=Bogus sun",
        "Level Full sun",
        "SpoolData=maybe sun",
        "Priority=-1 sun",
        "MaxRunSchedTime=abc sun",
        "MaxRunSchedTime=\"5 fortnights\" sun",
        "# nothing but a comment",
        "\"sun\" at 1:00",
        "sun=mon",
        "sun { at 1:00",
        "Pool=Monthly, sun",
        "15#x",
        new string('a', 128) + " sun",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_run_bacula_accepts_reads_to_the_level_pools_and_sets_bdirjson_prints(string text)
    {
        ExternalProgram.Require("bdirjson");
        var expected = AcceptedByBdirjson.Value[text];

        var run = BaculaSchedule.Parse(text, out var error);

        error.ShouldBeNull();
        run.ShouldNotBeNull();
        Describe(run).ShouldBe(expected, $"Run = {text}: ours (left), bdirjson's (right)");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_run_bacula_refuses_is_refused_with_baculas_message(string text)
    {
        var bdirjson = ExternalProgram.Require("bdirjson");
        var folder = Directory.CreateTempSubdirectory("ea-bacula-").FullName;
        try
        {
            // bdirjson stops at the first error: each refused run has a configuration of its own.
            var path = Path.Combine(folder, "bacula-dir.conf");
            File.WriteAllText(path, Director + $"Schedule {{\n  Name = refused\n  Run = {text}\n}}\n");
            var (exitCode, output, errors) = ExternalProgram.Run(bdirjson, ["-c", path]);
            exitCode.ShouldNotBe(0, $"bdirjson accepted Run = {text}: {output}");
            var message = ConfigError().Match(output + errors);
            message.Success.ShouldBeTrue(output + errors);

            BaculaSchedule.Parse(text, out var error).ShouldBeNull();
            error.ShouldBe(message.Groups[1].Value, $"Run = {text}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void What_the_configuration_reader_decides_is_left_to_it()
    {
        // A pool is taken by name (bdirjson refuses an unknown one when it resolves the names), a semicolon ends the
        // directive (the text after it belongs to the resource), and a file included with @ is not followed.
        BaculaSchedule.Parse("Pool=Offsite sun at 1:00", out _)!.Pool.ShouldBe("Offsite");
        BaculaSchedule.Parse("sun at 1:00; Run = mon at 2:00", out _)!.DaysOfWeek.ShouldBe((byte)1);
        BaculaSchedule.Parse("@/etc/bacula/run.conf", out var error).ShouldBeNull();
        error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("1.00:00:00", "Incremental mon-sat at 23:05", "Full sun at 23:05")]
    [InlineData("1.00:00:00", "Full 1st sun at 23:05", "Differential 2nd-5th sun at 23:05", "Incremental mon-sat at 23:05")]
    // Five weeks between the first Sundays of two months is the longest.
    [InlineData("35.00:00:00", "Full 1st sun at 23:05")]
    [InlineData("01:00:00", "hourly at 0:15")]
    // No time: every hour.
    [InlineData("01:00:00", "daily")]
    [InlineData("3.00:00:00", "mon-fri at 1:00")]
    // 1:30 and 2:30, then 1:30 the next day.
    [InlineData("23:00:00", "at 1:00 at 2:30")]
    // The last day of each month: 31 days from the last of February to the last of March.
    [InlineData("31.00:00:00", "lastday at 22:00")]
    // lastday empties the days of the month, so the Fridays never fire by themselves: the last day of the month does.
    [InlineData("31.00:00:00", "fri lastday at 3:00")]
    // The first and the last of each month: 1 January to 31 January is the longest stretch.
    [InlineData("30.00:00:00", "on 1 at 22:00", "lastday at 22:00")]
    // 9.6 has no "last fri": the fifth Friday (day 29, 30 or 31) comes as seldom as every 119 days.
    [InlineData("119.00:00:00", "5th fri at 22:00")]
    [InlineData("61.00:00:00", "on 31 at 12:00")]
    [InlineData("366.00:00:00", "jan 1 at 0:00")]
    // 29 February 2096 to 29 February 2104: 2100 is no leap year.
    [InlineData("2921.00:00:00", "feb 29 at 1:00")]
    // tm_woy's weeks start on Monday and do not wrap: week 1's Sunday is in every year, 364 or 371 days apart; its
    // Monday is in the year only when 1 January is a Friday to a Monday; week 52's Sunday is missing when the year has
    // a week 53; week 53 is 29-31 December at most, so it has no Sunday at all (below) and a Monday every few years.
    [InlineData("371.00:00:00", "w01 sun at 1:00")]
    [InlineData("1463.00:00:00", "w01 mon at 1:00")]
    [InlineData("1099.00:00:00", "w52 sun at 1:00")]
    [InlineData("1463.00:00:00", "w53 mon at 1:00")]
    [InlineData("353.00:00:00", "dec 25-31 at 0:00", "jan 1-7 at 0:00")]
    public void The_longest_interval_is_the_longest_gap_between_the_runs_starts(string expected, params string[] texts)
    {
        var runs = texts.Select(t => BaculaSchedule.Parse(t, out var error) ?? throw new InvalidOperationException(error)).ToList();

        BaculaSchedule.LongestInterval(runs).ShouldBe(TimeSpan.Parse(expected, CultureInfo.InvariantCulture), string.Join(" + ", texts));
    }

    [Theory]
    [InlineData("6th sun")]
    [InlineData("feb 30 at 1:00")]
    [InlineData("w53 sun at 1:00")]
    public void Runs_that_never_fire_leave_an_unbounded_interval(string text)
    {
        BaculaSchedule.LongestInterval([BaculaSchedule.Parse(text, out _)!]).ShouldBe(TimeSpan.MaxValue);
    }

    [Fact]
    public void No_runs_have_no_interval_and_a_run_that_never_fires_adds_nothing_to_one_that_does()
    {
        BaculaSchedule.LongestInterval([]).ShouldBeNull();
        var runs = new[] { "6th sun at 1:00", "mon-fri at 1:00" }.Select(t => BaculaSchedule.Parse(t, out _)!).ToList();
        BaculaSchedule.LongestInterval(runs).ShouldBe(TimeSpan.FromDays(3));
    }

    [Fact]
    public void A_busy_schedule_with_an_hourly_run_has_an_hour_between_runs()
    {
        // Performance is measured by bench/, never by a timed assert; the reader reads each schedule once per scan.
        var runs = new[] { "Full 1st sun at 23:05", "Differential 2nd-5th sun at 23:05", "Incremental mon-sat at 23:05", "hourly at 0:15" }
            .Select(t => BaculaSchedule.Parse(t, out _)!).ToList();
        BaculaSchedule.LongestInterval(runs).ShouldBe(TimeSpan.FromHours(1));
    }

    private static Dictionary<string, string> ReadAcceptedWithBdirjson()
    {
        var texts = AcceptedTexts;
        var folder = Directory.CreateTempSubdirectory("ea-bacula-").FullName;
        try
        {
            var path = Path.Combine(folder, "bacula-dir.conf");
            File.WriteAllText(path, Director + string.Concat(texts.Select((text, i) => $"Schedule {{\n  Name = s{i:D3}\n  Run = {text}\n}}\n")));
            var (exitCode, output, errors) = ExternalProgram.Run(ExternalProgram.Require("bdirjson"), ["-c", path]);
            exitCode.ShouldBe(0, output + errors);
            using var document = JsonDocument.Parse(output);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var resource in document.RootElement.EnumerateArray())
            {
                if (resource.TryGetProperty("Schedule", out var schedule))
                {
                    var index = int.Parse(schedule.GetProperty("Name").GetString()![1..], CultureInfo.InvariantCulture);
                    result[texts[index]] = Describe(schedule.GetProperty("Run").EnumerateArray().Single());
                }
            }

            result.Count.ShouldBe(texts.Length);
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A run in one text for both sides, the sets as ranges (0-30), so a difference reads at a glance.
    private static string Describe(BaculaRun run) => Describe(
        run.Level,
        [run.Pool, run.FullPool, run.IncrementalPool, run.DifferentialPool, run.NextPool],
        [Bits(run.Hours, 24), Bits(run.DaysOfMonth, 31), Bits(run.Months, 12), Bits(run.DaysOfWeek, 7), Bits(run.WeeksOfMonth, 6), Bits(run.WeeksOfYear, 54)],
        run.Minute,
        run.LastDayOfMonth);

    private static string Describe(JsonElement run)
    {
        string? Text(string name) => run.TryGetProperty(name, out var value) ? value.GetString() : null;
        IEnumerable<int> Set(string name) => run.GetProperty(name).EnumerateArray().Select(e => e.GetInt32());
        return Describe(
            Text("Level"),
            [Text("Pool"), Text("FullPool"), Text("IncrementalPool"), Text("DifferentialPool"), Text("NextPool")],
            [Set("Hour"), Set("Day"), Set("Month"), Set("DayOfWeek"), Set("WeekOfMonth"), Set("WeekOfYear")],
            run.GetProperty("Minute").GetInt32(),
            run.TryGetProperty("LastDay", out _));
    }

    private static string Describe(string? level, string?[] pools, IEnumerable<int>[] values, int minute, bool lastDay)
    {
        string[] names = ["Hour", "Day", "Month", "DayOfWeek", "WeekOfMonth", "WeekOfYear"];
        var sets = names.Select((name, i) => $"{name}={Ranges(values[i])}");
        return $"Level={level ?? "-"} Pools={string.Join('/', pools.Select(p => p ?? "-"))} {string.Join(' ', sets)} Minute={minute} LastDay={lastDay}";
    }

    private static IEnumerable<int> Bits(ulong value, int count) => Enumerable.Range(0, count).Where(bit => ((value >> bit) & 1) != 0);

    private static string Ranges(IEnumerable<int> values)
    {
        var parts = new List<string>();
        foreach (var value in values.Order())
        {
            if (parts.Count > 0 && parts[^1].Split('-') is var last && int.Parse(last[^1], CultureInfo.InvariantCulture) == value - 1)
            {
                parts[^1] = $"{last[0]}-{value}";
            }
            else
            {
                parts.Add(value.ToString(CultureInfo.InvariantCulture));
            }
        }

        return string.Join(',', parts);
    }

    [GeneratedRegex(@"Config error: ([^\n]*)")]
    private static partial Regex ConfigError();
}
