using PropConnectors.Accounts;
using PropConnectors.Orders;

namespace PropConnectors.Testing;

/// <summary>
/// A conformance firm that also holds an account (CONTRACT §12): implement it beside <see cref="IConformanceFirm"/> and the
/// kit checks the connector's account reads, reduce-only closes and cancels of working orders. A firm that does not
/// implement it has those scenarios reported as ignored; a connector whose <see cref="BasePropConnector.Capabilities"/>
/// lack a read is checked to refuse it (<c>NOT_SUPPORTED</c>, nothing sent) instead.
/// </summary>
public interface IConformanceAccountFirm
{
    /// <summary>Sets the balances of the account, which holds no position yet (so its equity is its balance).</summary>
    /// <param name="balance">The balance.</param>
    /// <param name="dayStartBalance">The balance at the start of the trading day.</param>
    void HoldAccount(decimal balance, decimal dayStartBalance);

    /// <summary>Opens a position at the firm (as if an order had filled), so that reads list it and a reduce-only order can close it.</summary>
    /// <param name="symbol">The symbol, as the connector sends it.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="quantity">The size, greater than zero.</param>
    void HoldPosition(string symbol, PositionSide side, decimal quantity);

    /// <summary>Rests a working LIMIT order at the firm, far from the market, so that reads list it and a cancel can cancel it.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side">The order side.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The firm's order id.</returns>
    string HoldWorkingOrder(string symbol, OrderSide side, decimal quantity);

    /// <summary>Whether the firm holds the order placed under <paramref name="clientOrderId"/> as reduce-only, in its protocol's terms.</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns><see langword="true"/> when the order exists and is reduce-only.</returns>
    bool IsReduceOnly(string clientOrderId);

    /// <summary>Whether the working order <paramref name="orderId"/> is still working (not cancelled or filled).</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <returns><see langword="true"/> while it works.</returns>
    bool IsWorking(string orderId);

    /// <summary>From now on, the firm answers every account read (balances, positions, working orders) as unavailable (HTTP 503 or the protocol's equivalent).</summary>
    void FailReads();

    /// <summary>The number of account reads received since the firm started.</summary>
    int ReadRequestsReceived { get; }
}
