namespace PropConnectors.Orders;

/// <summary>Rules for a firm's order id before it goes into a URL (CONTRACT §3).</summary>
internal static class OrderIds
{
    public const int MaxLength = 256;

    /// <summary>Returns <see langword="null"/> when <paramref name="orderId"/> may be sent as one escaped path segment, else why not.</summary>
    public static string? Check(string? orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            return "order id is empty.";
        }

        if (orderId is "." or "..")
        {
            return $"order id '{orderId}' is not allowed: it would change the URL path.";
        }

        if (orderId.Length > MaxLength)
        {
            return $"order id is longer than {MaxLength} characters.";
        }

        foreach (char c in orderId)
        {
            if (char.IsControl(c))
            {
                return "order id contains control characters.";
            }
        }

        return null;
    }
}
