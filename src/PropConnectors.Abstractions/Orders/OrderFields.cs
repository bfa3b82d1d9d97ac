namespace PropConnectors.Orders;

/// <summary>
/// The fields of an order as far as they are known: what <see cref="OrderRules"/> checks. An order read from a signal
/// may lack fields (a missing quantity is reported, not assumed); an <see cref="OrderRequest"/> has them all.
/// </summary>
public readonly record struct OrderFields
{
    /// <summary>The client order id, when there is one to check (a signal's order gets its id per firm).</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The symbol.</summary>
    public string? Symbol { get; init; }

    /// <summary>The side.</summary>
    public OrderSide? Side { get; init; }

    /// <summary>The quantity.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The order type.</summary>
    public OrderType OrderType { get; init; }

    /// <summary>The limit price or stop trigger.</summary>
    public decimal? EntryPrice { get; init; }

    /// <summary>The protective stop.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>The fraction of the account risked.</summary>
    public decimal? RiskPercent { get; init; }

    /// <summary>The trading session label.</summary>
    public string? Session { get; init; }

    /// <summary>The bias label.</summary>
    public string? Bias { get; init; }
}
