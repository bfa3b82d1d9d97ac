using PropConnectors.Orders;

namespace PropConnectors.Accounts;

/// <summary>An open position of an account (CONTRACT §12).</summary>
public sealed record Position
{
    /// <summary>The symbol as the firm names it.</summary>
    public required string Symbol { get; init; }

    /// <summary>Long or short.</summary>
    public required PositionSide Side { get; init; }

    /// <summary>The open quantity; positive.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The average entry price, when the firm reports it.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>The open profit or loss, when the firm reports it.</summary>
    public decimal? UnrealizedPnl { get; init; }

    /// <summary>The side of the order that reduces this position.</summary>
    public OrderSide ClosingSide => Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;
}
