using PropConnectors.Rules;

namespace PropConnectors.Apex;

/// <summary>
/// Apex Trader Funding's rules as data (CONTRACT §13), from the sources in the SDK's research notes: automation is
/// prohibited on every account type (so live entries need <c>AcknowledgeAutomationPolicy</c>), every trade needs a stop
/// loss, and the maximum loss trails the highest balance and stops 100 above the account size. The trailing drawdown
/// by size is the legacy (pre-March 2026) plans' as secondary sources give it (25K: 1,500; 50K: 2,500); the 4.0 plans'
/// figures were not confirmed on an Apex page, so other sizes need <c>TrailingDrawdown</c> configured. Secondary, not
/// the firm's published figures.
/// </summary>
public static class ApexRules
{
    /// <summary>The rule set of every Apex account.</summary>
    public static FirmRules Default { get; } = new()
    {
        Automation = AutomationPolicy.Prohibited,
        RequireStopLoss = true,
        TrailingDrawdownBySize = new Dictionary<decimal, decimal> { [25_000m] = 1_500m, [50_000m] = 2_500m },
        TrailingStopsAt = 100m,
        HalfSizeUntilTrailingStops = true, // PA accounts: half the contracts until the balance passes size + drawdown + 100
        FlattenAt = "16:54 America/New_York", // "all trades closed and pending orders cancelled before 4:59 PM ET", with a margin
        Source = "apextraderfunding.com prohibited activities (stop loss); secondary sources for automation and the legacy drawdowns",
    };
}
