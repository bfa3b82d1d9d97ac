using System.Globalization;
namespace PropConnectors.Routing.Rules;

/// <summary>A time of day in an IANA zone, <c>"16:54 America/New_York"</c>: a daily flatten, or when a trading day starts.</summary>
internal sealed record ZonedTime(TimeOnly At, TimeZoneInfo Zone)
{
    public static ZonedTime? TryParse(string? text)
    {
        string[] parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly at)
            && Zones.Find(parts[1]) is { } zone
                ? new ZonedTime(at, zone)
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

    /// <summary>The trading day that <paramref name="utc"/> belongs to when days start at this time (midnight Prague: the calendar day there).</summary>
    public DateOnly TradingDay(DateTimeOffset utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Zone).DateTime - At.ToTimeSpan());
}
