using PropConnectors.Orders;

namespace PropConnectors.Accounts;

/// <summary>An order resting at the firm, not yet filled or cancelled (CONTRACT §12).</summary>
public sealed record WorkingOrder
{
    /// <summary>The firm's id of the order.</summary>
    public required string OrderId { get; init; }

    /// <summary>The client order id it was placed under, when the firm reports it.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The symbol as the firm names it.</summary>
    public required string Symbol { get; init; }

    /// <summary>Buy or sell, when the firm reports it.</summary>
    public OrderSide? Side { get; init; }

    /// <summary>The quantity, when the firm reports it.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The order type, when the firm reports it.</summary>
    public OrderType? OrderType { get; init; }

    /// <summary>The firm's status of the order (for example <c>ACCEPTED</c> or <c>WORKING</c>), when it says one.</summary>
    public string? Status { get; init; }
}
