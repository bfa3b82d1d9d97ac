namespace PropConnectors.SandboxFirm;

/// <summary>
/// What <see cref="SandboxFirm.SetAccount"/> sets: creates the account when it does not exist (with no positions), otherwise
/// replaces its balances and keeps its positions.
/// </summary>
public sealed record SandboxAccountSettings
{
    /// <summary>The account id (<c>account_id</c> on the wire); <see langword="null"/> for the default account, the one a request without <c>account_id</c> uses.</summary>
    public string? AccountId { get; init; }

    /// <summary>The balance (default 100,000).</summary>
    public decimal Balance { get; init; } = 100_000m;

    /// <summary>The day-start balance; <see langword="null"/> means the balance.</summary>
    public decimal? DayStartBalance { get; init; }

    /// <summary>The highest balance so far; <see langword="null"/> means the balance.</summary>
    public decimal? HighWaterBalance { get; init; }

    /// <summary>A drawdown floor for the firm to report (<c>drawdown_floor</c>); <see langword="null"/> reports none.</summary>
    public decimal? DrawdownFloor { get; init; }

    /// <summary>The currency (default <c>USD</c>).</summary>
    public string Currency { get; init; } = "USD";
}
