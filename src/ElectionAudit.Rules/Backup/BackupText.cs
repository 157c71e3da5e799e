using System.Globalization;

namespace ElectionAudit.Rules.Backup;

/// <summary>How backup findings write durations and dates.</summary>
internal static class BackupText
{
    public static string Duration(TimeSpan value) =>
        value == TimeSpan.MaxValue ? "never repeating"
        : value.TotalDays >= 1 && value.TotalDays == Math.Floor(value.TotalDays) ? $"{value.TotalDays.ToString(CultureInfo.InvariantCulture)} d"
        : value.TotalHours >= 1 && value.TotalHours == Math.Floor(value.TotalHours) ? $"{value.TotalHours.ToString(CultureInfo.InvariantCulture)} h"
        : $"{Math.Round(value.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
