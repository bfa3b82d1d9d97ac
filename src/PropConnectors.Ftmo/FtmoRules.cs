using PropConnectors.Rules;

namespace PropConnectors.Ftmo;

/// <summary>
/// FTMO's 2-step rules as data (CONTRACT §13), the firm's published figures (FTMO Academy): a daily loss of 5 % of the
/// initial balance measured on equity from the day's start balance, and a static maximum loss of 10 % of the initial
/// balance. Automated trading is allowed (within FTMO's forbidden practices). The 1-step plan (3 %, trailing end-of-day
/// maximum loss) is not built: configure <c>DailyLossLimit</c> and <c>TrailingDrawdown</c> for it. The day's start
/// balance is the firm's (<c>day_start_balance</c>, reset at midnight Europe/Prague by FTMO).
/// </summary>
public static class FtmoRules
{
    /// <summary>The 2-step Challenge, Verification and FTMO Account.</summary>
    public static FirmRules TwoStep { get; } = new()
    {
        Automation = AutomationPolicy.Allowed,
        DailyLossFraction = 0.05m,
        MaxLossFraction = 0.10m,
        Source = "academy.ftmo.com: maximum daily loss, maximum loss",
    };
}
