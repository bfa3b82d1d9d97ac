namespace PropConnectors.Rules;

/// <summary>
/// A firm package's rule defaults (CONTRACT §13), as data: configuration overrides each number per firm and per account
/// (<c>RequireStopLoss</c>, <c>AllowHedging</c>, <c>DailyLossLimit</c>, <c>MaxLossLimit</c>, <c>TrailingDrawdown</c>,
/// <c>TrailingStopsAt</c>). The loss limits apply to an account whose <c>AccountSize</c> is known.
/// </summary>
public sealed record FirmRules
{
    /// <summary>No rule beyond the order's own checks: the default for a firm that names none.</summary>
    public static FirmRules None { get; } = new();

    /// <summary>What the firm says about automated trading.</summary>
    public AutomationPolicy Automation { get; init; }

    /// <summary>Every entry must carry a stop loss.</summary>
    public bool RequireStopLoss { get; init; }

    /// <summary>The daily loss limit as a fraction of the account size (FTMO 2-step: 0.05), measured on equity from the day's start balance.</summary>
    public decimal? DailyLossFraction { get; init; }

    /// <summary>The daily loss limit by account size (Topstep), when it is not a fraction of the size.</summary>
    public IReadOnlyDictionary<decimal, decimal>? DailyLossBySize { get; init; }

    /// <summary>The contract cap by account size (Topstep: 5, 10, 15); the lower of it and <c>MaxPositionSize</c> applies.</summary>
    public IReadOnlyDictionary<decimal, decimal>? MaxContractsBySize { get; init; }

    /// <summary>A static maximum loss as a fraction of the account size (FTMO 2-step: 0.10): equity never below size × (1 − fraction).</summary>
    public decimal? MaxLossFraction { get; init; }

    /// <summary>A trailing maximum loss by account size (Apex, Topstep): the floor trails the highest balance by this amount.</summary>
    public IReadOnlyDictionary<decimal, decimal>? TrailingDrawdownBySize { get; init; }

    /// <summary>A trailing maximum loss as a fraction of the account size (FTMO 1-step: 0.10), when it does not depend on the size's table.</summary>
    public decimal? TrailingDrawdownFraction { get; init; }

    /// <summary>Where a trailing floor stops, above the account size (Apex: 100; Topstep: 0); <see langword="null"/>: it never stops.</summary>
    public decimal? TrailingStopsAt { get; init; }

    /// <summary>
    /// Apex's scaling: half the position limit (rounded down) until the balance passes the account size + the trailing
    /// drawdown + <see cref="TrailingStopsAt"/>, where the trailing floor stops (CONTRACT §13 rule 5).
    /// </summary>
    public bool HalfSizeUntilTrailingStops { get; init; }

    /// <summary>
    /// When the firm's trading day starts, as <c>"00:00 Europe/Prague"</c> (FTMO): when the firm does not report a
    /// <c>day_start_balance</c>, the SDK takes the first balance it reads in each such day. <see langword="null"/>: the
    /// account size stands in for it.
    /// </summary>
    public string? DayStartsAt { get; init; }

    /// <summary>The daily flatten the firm requires, as <c>"16:54 America/New_York"</c> (Apex: flat before 16:59 ET); <see langword="null"/>: none.</summary>
    public string? FlattenAt { get; init; }

    /// <summary>Where the figures come from, for the docs and the startup line.</summary>
    public string? Source { get; init; }
}
