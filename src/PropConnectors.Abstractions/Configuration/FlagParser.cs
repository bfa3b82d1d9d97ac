namespace PropConnectors.Configuration;

/// <summary>Parses the on/off values of CONTRACT §8: <c>1 true yes on</c> and <c>0 false no off</c>, in any case.</summary>
internal static class FlagParser
{
    public static bool TryParse(string? value, out bool result)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "1" or "TRUE" or "YES" or "ON":
                result = true;
                return true;
            case "0" or "FALSE" or "NO" or "OFF":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }
}
