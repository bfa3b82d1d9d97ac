namespace PropConnectors.Routing.Rules;

/// <summary>IANA time zones by name, from the runtime's time-zone database (the machine's tzdata on Linux).</summary>
internal static class Zones
{
    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
