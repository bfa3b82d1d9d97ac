namespace PropConnectors.Accounts;

/// <summary>An account's money as the firm reports it (CONTRACT §12), in the account's currency.</summary>
public sealed record AccountState
{
    /// <summary>The firm's id of the account, when it says one.</summary>
    public string? AccountId { get; init; }

    /// <summary>The balance: closed profit and loss included, open positions not.</summary>
    public required decimal Balance { get; init; }

    /// <summary>The equity: the balance plus the open positions' unrealized profit and loss.</summary>
    public required decimal Equity { get; init; }

    /// <summary>The balance at the start of the firm's trading day, when the firm reports it (the daily-loss rule needs it).</summary>
    public decimal? DayStartBalance { get; init; }

    /// <summary>The account's currency (for example <c>USD</c>), when the firm says it.</summary>
    public string? Currency { get; init; }

    /// <summary>The highest balance the firm has recorded (for trailing drawdowns), when it reports one.</summary>
    public decimal? HighWaterBalance { get; init; }

    /// <summary>The firm's own maximum-loss floor, when it reports one; it wins over a floor the SDK computes.</summary>
    public decimal? DrawdownFloor { get; init; }
}
