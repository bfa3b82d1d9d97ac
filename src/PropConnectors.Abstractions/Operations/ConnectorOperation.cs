namespace PropConnectors.Operations;

/// <summary>The calls a connector answers, as telemetry names them.</summary>
internal enum ConnectorOperation
{
    Authenticate,
    PlaceOrder,
    GetOrderStatus,
    CancelOrder,
    FindOrder,
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
        _ => "find_order",
    };
}
