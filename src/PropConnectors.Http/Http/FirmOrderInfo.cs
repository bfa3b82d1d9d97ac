namespace PropConnectors.Http;

/// <summary>An order as a firm's answer names it.</summary>
/// <param name="OrderId">The firm's order id.</param>
/// <param name="Status">The firm's order status, if it said one.</param>
/// <param name="ClientOrderId">The client order id the answer names, if the protocol gives it back.</param>
public readonly record struct FirmOrderInfo(string OrderId, string? Status, string? ClientOrderId = null);
