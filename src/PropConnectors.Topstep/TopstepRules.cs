using PropConnectors.Rules;

namespace PropConnectors.Topstep;

/// <summary>
/// Topstep's Trading Combine as data (CONTRACT §13), by account size: 50K, 100K and 150K have a daily loss limit of
/// 1,000 / 2,000 / 3,000, a maximum loss of 2,000 / 3,000 / 4,500 trailing the highest balance and stopping at the
/// starting balance, and 5 / 10 / 15 contracts. The maximum-loss rule is Topstep's Help Center's (end-of-day high: the
/// SDK trails the highest balance it reads, which is stricter); the daily limits and contract caps are secondary
/// sources' (older figures), not confirmed on a Topstep page. Automation is allowed through the TopstepX API.
/// </summary>
public static class TopstepRules
{
    /// <summary>The Trading Combine of every size.</summary>
    public static FirmRules TradingCombine { get; } = new()
    {
        Automation = AutomationPolicy.Allowed,
        DailyLossBySize = new Dictionary<decimal, decimal> { [50_000m] = 1_000m, [100_000m] = 2_000m, [150_000m] = 3_000m },
        TrailingDrawdownBySize = new Dictionary<decimal, decimal> { [50_000m] = 2_000m, [100_000m] = 3_000m, [150_000m] = 4_500m },
        TrailingStopsAt = 0m,
        MaxContractsBySize = new Dictionary<decimal, decimal> { [50_000m] = 5m, [100_000m] = 10m, [150_000m] = 15m },
        DayStartsAt = "17:00 America/Chicago", // the trading day runs 5:00 PM CT to 3:10 PM CT
        Source = "Topstep Help Center (maximum loss limit); secondary sources for the daily limits and contract caps",
    };
}
