namespace PropConnectors.Results;

/// <summary>How an entry's quantity was sized from risk at one account (CONTRACT §14), carried by its result.</summary>
public sealed record OrderSizing
{
    /// <summary>The fraction of the balance risked (0.01 = 1 %).</summary>
    public required decimal RiskPercent { get; init; }

    /// <summary>The account's balance the risk is a fraction of.</summary>
    public required decimal Balance { get; init; }

    /// <summary><see cref="RiskPercent"/> × <see cref="Balance"/>, in the account's currency.</summary>
    public required decimal RiskAmount { get; init; }

    /// <summary>|entry − stop|, in price.</summary>
    public required decimal StopDistance { get; init; }

    /// <summary>The instrument's value of one point of price for a quantity of one.</summary>
    public required decimal PointValue { get; init; }

    /// <summary>The quantity the risk gives, rounded down to the instrument's step, before any cap.</summary>
    public required decimal SizedQuantity { get; init; }

    /// <summary>The quantity sent, after the caps (the position limit).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The arithmetic in words, for example <c>1 % of 50,000.00 = 500.00 at risk; stop 10 points × 2 per point = 20.00 per contract → 25; sent 25</c>.</summary>
    public required string Explanation { get; init; }
}
