namespace PropConnectors;

/// <summary>Firm code rules: case-insensitive, stored upper case, letters, digits and <c>_</c>.</summary>
public static class FirmCodes
{
    /// <summary>Returns the upper-case form of a firm code.</summary>
    /// <param name="firmCode">The code, in any case.</param>
    /// <returns>The normalized code.</returns>
    /// <exception cref="ArgumentException">The code is empty or has characters other than letters, digits and <c>_</c>.</exception>
    public static string Normalize(string firmCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(firmCode);
        string code = firmCode.Trim().ToUpperInvariant();
        foreach (char c in code)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Firm code '{code}' may contain only letters, digits and '_'.", nameof(firmCode));
            }
        }

        return code;
    }
}
