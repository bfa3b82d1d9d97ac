namespace PropConnectors.Accounts;

/// <summary>What a connector can do beyond placing, looking up and cancelling orders (CONTRACT §12).</summary>
[Flags]
public enum ConnectorCapabilities
{
    /// <summary>Orders only.</summary>
    None = 0,

    /// <summary>Reads the account's balance and equity (<see cref="BasePropConnector.GetAccountStateAsync"/>).</summary>
    AccountState = 1,

    /// <summary>Reads the open positions (<see cref="BasePropConnector.GetPositionsAsync"/>): exits and flatten need it.</summary>
    Positions = 2,

    /// <summary>Reads the working orders (<see cref="BasePropConnector.GetOpenOrdersAsync"/>): cancel and flatten need it.</summary>
    OpenOrders = 4,

    /// <summary>Sends <c>reduce_only</c> orders, so that a close can never open or reverse a position at the firm.</summary>
    ReduceOnlyOrders = 8,

    /// <summary>All of the above.</summary>
    All = AccountState | Positions | OpenOrders | ReduceOnlyOrders,
}
