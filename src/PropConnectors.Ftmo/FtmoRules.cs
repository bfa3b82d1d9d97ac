using PropConnectors.Rules;

namespace PropConnectors.Ftmo;

/// <summary>
/// FTMO's 2-step rules as data (CONTRACT §13), the firm's published figures (FTMO Academy): a daily loss of 5 % of the
/// initial balance measured on equity from the day's start balance, and a static maximum loss of 10 % of the initial
/// balance; the 1-step plan (<c>Plan</c> = <c>1-step</c>): 3 % daily (assumed to follow the same formula: unverified) and a
/// maximum loss of 10 % trailing the highest balance. Automated trading is allowed (within FTMO's forbidden practices).
/// The day's start balance is the firm's (<c>day_start_balance</c>, reset at midnight Europe/Prague by FTMO); the
/// 1-step floor trails the end-of-day balance at FTMO, while the SDK trails the highest balance it reads (stricter).
/// </summary>
public static class FtmoRules
{
    /// <summary>The 2-step Challenge, Verification and FTMO Account.</summary>
    public static FirmRules TwoStep { get; } = new()
    {
        Automation = AutomationPolicy.Allowed,
        DailyLossFraction = 0.05m,
        MaxLossFraction = 0.10m,
        DayStartsAt = "00:00 Europe/Prague",
        Source = "academy.ftmo.com: maximum daily loss, maximum loss",
    };

    /// <summary>The 1-step Challenge.</summary>
    public static FirmRules OneStep { get; } = new()
    {
        Automation = AutomationPolicy.Allowed,
        DailyLossFraction = 0.03m,
        TrailingDrawdownFraction = 0.10m,
        DayStartsAt = "00:00 Europe/Prague",
        Source = "FTMO's 1-step page (3 %, trailing end-of-day 10 %); the 3 % formula is assumed",
    };

    /// <summary>The plans by name: <c>2-step</c> (the default) and <c>1-step</c>.</summary>
    public static IReadOnlyDictionary<string, FirmRules> Plans { get; } = new Dictionary<string, FirmRules>(StringComparer.OrdinalIgnoreCase)
    {
        ["2-step"] = TwoStep,
        ["1-step"] = OneStep,
    };
}
