namespace PropConnectors.Operations;

/// <summary>The calls a connector answers, as telemetry names them.</summary>
internal enum ConnectorOperation
{
    Authenticate,
    PlaceOrder,
    GetOrderStatus,
    CancelOrder,
    FindOrder,
    ReadAccountState,
    ReadPositions,
    ReadOpenOrders,
}

/// <summary>Names of <see cref="ConnectorOperation"/> in metrics, logs and spans.</summary>
internal static class ConnectorOperations
{
    public static string Name(ConnectorOperation operation) => operation switch
    {
        ConnectorOperation.Authenticate => "authenticate",
        ConnectorOperation.PlaceOrder => "place_order",
        ConnectorOperation.GetOrderStatus => "get_order_status",
        ConnectorOperation.CancelOrder => "cancel_order",
        ConnectorOperation.ReadAccountState => "read_account_state",
        ConnectorOperation.ReadPositions => "read_positions",
        ConnectorOperation.ReadOpenOrders => "read_open_orders",
        _ => "find_order",
    };
}
