namespace PropConnectors.Placement;

/// <summary>When a firm's answer proves that it holds our order.</summary>
internal static class Evidence
{
    private const int MaxEcho = 40;

    /// <summary>
    /// An answer is evidence only when it names an order and, where the protocol gives the client order id back, names
    /// ours: a lookup that returns another client's order never becomes our success.
    /// </summary>
    public static bool Holds(FirmReply reply, string clientOrderId) =>
        reply.Kind == FirmReplyKind.Accepted
        && !string.IsNullOrEmpty(reply.OrderId)
        && (reply.ClientOrderId is null || string.Equals(reply.ClientOrderId, clientOrderId, StringComparison.Ordinal));

    /// <summary>Why an <see cref="FirmReplyKind.Accepted"/> lookup answer is not evidence.</summary>
    public static string Why(FirmReply reply, string clientOrderId) =>
        reply.ClientOrderId is { } other && !string.Equals(other, clientOrderId, StringComparison.Ordinal)
            ? $"the lookup answered with another client's order (client_order_id '{(other.Length <= MaxEcho ? other : other[..MaxEcho] + "...")}')"
            : "the lookup answer has no order id";
}
