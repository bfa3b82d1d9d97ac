using PropConnectors.Orders;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>Orders used across the tests.</summary>
internal static class TestOrders
{
    public static OrderRequest Ftmo(string taskId = "task-42", decimal quantity = 1m) => new()
    {
        ClientOrderId = ClientOrderIds.Create(taskId, "FTMO"),
        Symbol = "EURUSD",
        Side = OrderSide.Buy,
        Quantity = quantity,
    };

    public static OrderRequest Apex(string taskId = "task-42", decimal quantity = 1m) => new()
    {
        ClientOrderId = ClientOrderIds.Create(taskId, "APEX"),
        Symbol = "NQ",
        Side = OrderSide.Buy,
        Quantity = quantity,
    };

    public const string FilledJson = """{"order_id":"FTMO_12345","status":"FILLED"}""";
}
