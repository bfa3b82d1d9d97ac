namespace PropConnectors.Routing.Rules;

/// <summary>
/// The highest balance the SDK has seen per account, for trailing loss floors (CONTRACT §13 rule 8) when the firm reports
/// none. In memory by default (<see cref="InMemoryHighestBalanceStore"/>); a durable store keeps it across restarts.
/// </summary>
public interface IHighestBalanceStore
{
    /// <summary>Records a balance read from the account and returns the highest so far (at least <paramref name="balance"/>).</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="account">The account name; <see langword="null"/> for the default account.</param>
    /// <param name="balance">The balance just read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The highest balance recorded for the account.</returns>
    ValueTask<decimal> RecordAsync(string firmCode, string? account, decimal balance, CancellationToken cancellationToken);
}
