using System.Collections.Concurrent;

namespace PropConnectors.Routing.Rules;

/// <summary>
/// The first balance read in each trading day per account, for a daily floor when the firm reports no
/// <c>day_start_balance</c>. In memory: a restart mid-day takes the first balance after it.
/// </summary>
internal sealed class DayStartBalances
{
    private readonly ConcurrentDictionary<(string Firm, string Account, DateOnly Day), decimal> _first = new();

    public decimal Record(string firmCode, string? account, DateOnly day, decimal balance) =>
        _first.GetOrAdd((firmCode, account ?? string.Empty, day), balance);
}
