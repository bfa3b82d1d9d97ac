namespace PropConnectors.SandboxFirm;

/// <summary>
/// A sandbox account (a snapshot): its balance moves with the profit or loss of every reducing fill, its equity with the
/// marks set through <see cref="SandboxFirm.SetPrice"/>.
/// </summary>
public sealed record SandboxAccount
{
    /// <summary>The account id orders and reads name with <c>account_id</c>; <see langword="null"/> for the default account.</summary>
    public string? AccountId { get; init; }

    /// <summary>The balance: the starting balance plus realised profit and loss.</summary>
    public required decimal Balance { get; init; }

    /// <summary>The balance plus the unrealised profit and loss of the open positions at their marks.</summary>
    public required decimal Equity { get; init; }

    /// <summary>The balance at the start of the trading day, as set (the sandbox has no clock-driven day).</summary>
    public required decimal DayStartBalance { get; init; }

    /// <summary>The highest balance seen.</summary>
    public required decimal HighWaterBalance { get; init; }

    /// <summary>The drawdown floor the firm reports, when one was set.</summary>
    public decimal? DrawdownFloor { get; init; }

    /// <summary>The account currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The open positions, by symbol.</summary>
    public required IReadOnlyList<SandboxPosition> Positions { get; init; }
}
