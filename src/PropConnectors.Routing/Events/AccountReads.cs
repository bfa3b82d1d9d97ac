using PropConnectors.Accounts;

namespace PropConnectors.Routing.Events;

/// <summary>
/// The reads one task makes at one account (CONTRACT §12): each at most once, started when first asked for, so that reads
/// asked for together run concurrently. Not shared across tasks.
/// </summary>
internal sealed class AccountReads(BasePropConnector connector, CancellationToken cancellationToken)
{
    private Task<ConnectorRead<AccountState>>? _account;
    private Task<ConnectorRead<IReadOnlyList<Position>>>? _positions;
    private Task<ConnectorRead<IReadOnlyList<WorkingOrder>>>? _openOrders;

    public Task<ConnectorRead<AccountState>> Account => _account ??= connector.GetAccountStateAsync(cancellationToken);

    public Task<ConnectorRead<IReadOnlyList<Position>>> Positions => _positions ??= connector.GetPositionsAsync(cancellationToken);

    public Task<ConnectorRead<IReadOnlyList<WorkingOrder>>> OpenOrders => _openOrders ??= connector.GetOpenOrdersAsync(cancellationToken);
}
