namespace PropConnectors.SandboxFirm;

/// <summary>An open position of a sandbox account (a snapshot).</summary>
public sealed record SandboxPosition
{
    /// <summary>The symbol, as the orders that built it spelled it.</summary>
    public required string Symbol { get; init; }

    /// <summary><c>LONG</c> or <c>SHORT</c>.</summary>
    public required string Side { get; init; }

    /// <summary>The size, greater than zero.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The average fill price of the open quantity.</summary>
    public required decimal AveragePrice { get; init; }

    /// <summary>(mark − average price) × quantity × point value, signed by the side; zero when the symbol has no price.</summary>
    public required decimal UnrealizedPnl { get; init; }
}
