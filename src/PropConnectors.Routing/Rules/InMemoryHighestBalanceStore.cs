using System.Collections.Concurrent;

namespace PropConnectors.Routing.Rules;

/// <summary>The highest balances in this process's memory: forgotten on restart (the firm's own figure, when it reports one, wins anyway).</summary>
public sealed class InMemoryHighestBalanceStore : IHighestBalanceStore
{
    private readonly ConcurrentDictionary<(string Firm, string Account), decimal> _highest = new();

    /// <inheritdoc />
    public ValueTask<decimal> RecordAsync(string firmCode, string? account, decimal balance, CancellationToken cancellationToken) =>
        new(_highest.AddOrUpdate((firmCode, account ?? string.Empty), balance, (_, known) => Math.Max(known, balance)));
}
