using System.Globalization;

namespace PropConnectors.Routing.Rules;

/// <summary>
/// One trading window, <c>"Mon-Fri 09:30-15:55 America/New_York"</c>: the days, a time range in the zone's local time (an
/// end before the start crosses midnight, the night belonging to the day it starts on) and an IANA zone, whose daylight
/// saving the runtime's time-zone database applies.
/// </summary>
internal sealed record TradingWindow(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Whether <paramref name="utc"/> falls in the window.</summary>
    public bool Contains(DateTimeOffset utc)
    {
        DateTime local = TimeZoneInfo.ConvertTime(utc, Zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        if (Start <= End)
        {
            return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
        }

        return (Days.Contains(local.DayOfWeek) && time >= Start) || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < End);
    }

    /// <summary>Reads a window; null with the reason when it cannot be read.</summary>
    public static TradingWindow? TryParse(string text, out string? problem)
    {
        problem = null;
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || ReadDays(parts[0]) is not { } days || ReadTimes(parts[1]) is not { } times)
        {
            problem = $"'{text}' is not \"DAYS HH:mm-HH:mm ZONE\" (for example \"Mon-Fri 09:30-15:55 America/New_York\")";
            return null;
        }

        if (Zones.Find(parts[2]) is not { } zone)
        {
            problem = $"'{parts[2]}' is not a time zone this machine knows (IANA names, for example America/New_York)";
            return null;
        }

        return new TradingWindow(days, times.Start, times.End, zone);
    }

    private static HashSet<DayOfWeek>? ReadDays(string text)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (string item in text.ToUpperInvariant().Split(','))
        {
            string[] range = item.Split('-');
            int first = Array.IndexOf(DayNames, range[0]);
            int last = range.Length == 2 ? Array.IndexOf(DayNames, range[1]) : first;
            if (range.Length > 2 || first < 0 || last < 0)
            {
                return null;
            }

            for (int day = first; ; day = (day + 1) % 7)
            {
                days.Add((DayOfWeek)day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static (TimeOnly Start, TimeOnly End)? ReadTimes(string text)
    {
        string[] range = text.Split('-');
        return range.Length == 2
            && TimeOnly.TryParseExact(range[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly start)
            && TimeOnly.TryParseExact(range[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly end)
            && start != end
                ? (start, end)
                : null;
    }
}
