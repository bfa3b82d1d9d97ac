using System.Globalization;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Rules;

namespace PropConnectors.Routing.Rules;

/// <summary>
/// The loss floors of one account (CONTRACT §13 rules 7 and 8) from its settings and its state: the daily floor (day
/// start − daily limit) and the maximum-loss floor (static: size − limit; trailing: highest balance − drawdown, no higher
/// than size + where it stops; a floor the firm reports wins). Each floor comes with the arithmetic that made it.
/// </summary>
internal sealed record LossFloors(decimal? Daily, string? DailyText, decimal? Max, string? MaxText)
{
    public static LossFloors Of(PropFirmOptions options, AccountState account, decimal highest)
    {
        if (options.AccountSize is not { } size || size <= 0)
        {
            return new LossFloors(null, null, null, null);
        }

        FirmRules rules = options.FirmRules;
        decimal start = account.DayStartBalance ?? size;
        decimal? dailyLimit = options.DailyLossLimit
            ?? (rules.DailyLossBySize?.TryGetValue(size, out decimal bySize) == true ? bySize : size * rules.DailyLossFraction);
        (decimal? daily, string? dailyText) = dailyLimit is { } limit
            ? (start - limit, Text($"daily floor {start - limit:N2} = day start {start:N2} − {limit:N2}"))
            : ((decimal?)null, (string?)null);

        (decimal? max, string? maxText) = MaxFloor(options, rules, account, size, highest);
        return new LossFloors(daily, dailyText, max, maxText);
    }

    /// <summary>The higher of the two floors: what an order's loss at its stop must stay above.</summary>
    public decimal? Highest => (Daily, Max) switch
    {
        ({ } d, { } m) => Math.Max(d, m),
        ({ } d, null) => d,
        (null, { } m) => m,
        _ => null,
    };

    private static (decimal?, string?) MaxFloor(PropFirmOptions options, FirmRules rules, AccountState account, decimal size, decimal highest)
    {
        if (account.DrawdownFloor is { } reported)
        {
            return (reported, Text($"maximum-loss floor {reported:N2} as the firm reports it"));
        }

        decimal? drawdown = options.TrailingDrawdown
            ?? (rules.TrailingDrawdownBySize?.TryGetValue(size, out decimal bySize) == true ? bySize : size * rules.TrailingDrawdownFraction);
        if (drawdown is { } trailing)
        {
            decimal trailed = Math.Max(highest, size) - trailing;
            if ((options.TrailingStopsAt ?? rules.TrailingStopsAt) is { } stops)
            {
                decimal stopsAt = size + stops;
                decimal floor = Math.Min(trailed, stopsAt);
                return (floor, Text($"trailing floor {floor:N2} = min(highest balance {highest:N2} − {trailing:N2}, {stopsAt:N2})"));
            }

            return (trailed, Text($"trailing floor {trailed:N2} = highest balance {Math.Max(highest, size):N2} − {trailing:N2}"));
        }

        decimal? limit = options.MaxLossLimit ?? size * rules.MaxLossFraction;
        return limit is { } amount
            ? (size - amount, Text($"maximum-loss floor {size - amount:N2} = account size {size:N2} − {amount:N2}"))
            : (null, null);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
