using System.Globalization;
using PropConnectors.Routing.Rules;

namespace PropConnectors.Routing.Hosting;

/// <summary>A daily flatten time, <c>"16:54 America/New_York"</c>: a local time in an IANA zone.</summary>
internal sealed record FlattenTime(TimeOnly At, TimeZoneInfo Zone)
{
    public static FlattenTime? TryParse(string? text)
    {
        string[] parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly at)
            && Zones.Find(parts[1]) is { } zone
                ? new FlattenTime(at, zone)
                : null;
    }

    /// <summary>The local trading day whose flatten is due at <paramref name="utc"/> (Monday to Friday, within <paramref name="window"/> after the time), or null.</summary>
    public DateOnly? DueDay(DateTimeOffset utc, TimeSpan window)
    {
        DateTime local = TimeZoneInfo.ConvertTime(utc, Zone).DateTime;
        TimeSpan since = local.TimeOfDay - At.ToTimeSpan();
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && since >= TimeSpan.Zero && since < window
            ? DateOnly.FromDateTime(local)
            : null;
    }
}
