using System.Net;
using System.Text;
using System.Text.Json;
using PropConnectors.Http;
using PropConnectors.Orders;
using PropConnectors.Rest;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>
/// The order on the wire: its JSON in the contract's order with absent fields left out, program ids as integers, the
/// client order id's derivation on every thread, and keys that could not travel in a header.
/// </summary>
public sealed class OrderWireTests
{
    [TestCase("key-with-newline\r\nX-Injected: 1")]
    [TestCase("key\twith-tab")]
    [TestCase("key-with-nul\0")]
    public async Task PlaceOrderAsync_ApiKeyWithControlCharacter_NotConfiguredAndNothingSent(string key)
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_API_KEY"] = key);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(result.ErrorMessage, Does.Contain("control character").And.Contain("FTMO_API_KEY"));
            Assert.That(result.ErrorMessage, Does.Not.Contain(key));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public void OrderRequestJson_ProgramIds_WrittenAsIntegersAndReadFromNumbersOrNumericStrings()
    {
        OrderRequest order = TestOrders.Ftmo() with { ProgramIds = [1, 5, long.MaxValue] };

        string json = JsonSerializer.Serialize(order, PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest);
        OrderRequest? read = JsonSerializer.Deserialize("""{"client_order_id":"pc-1","symbol":"NQ","side":"BUY","quantity":1,"program_ids":["7",8,-9]}""", PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest);

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"program_ids\":[1,5,9223372036854775807]"));
            Assert.That(read!.ProgramIds, Is.EqualTo(new long[] { 7, 8, -9 }));
            Assert.That(() => JsonSerializer.Deserialize("""{"program_ids":[1.5]}""", PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest), Throws.InstanceOf<JsonException>());
            Assert.That(() => JsonSerializer.Deserialize("""{"program_ids":"1,2"}""", PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest), Throws.InstanceOf<JsonException>());
        });
    }

    [Test]
    public void OrderRequestJson_EveryFieldInContractOrder_AbsentOnesLeftOut()
    {
        var typeInfo = PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest;
        OrderRequest order = new()
        {
            ClientOrderId = "pc-1",
            Symbol = "NQ",
            Side = OrderSide.Sell,
            Quantity = 2.5m,
            OrderType = OrderType.Limit,
            EntryPrice = 4156.25m,
            StopLoss = 4160.00m,
            Session = "NY AM",
            Bias = "Bearish",
            RiskPercent = 0.01m,
            ProgramIds = [1, 5],
        };

        string json = JsonSerializer.Serialize(order, typeInfo);

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo("""{"client_order_id":"pc-1","symbol":"NQ","side":"SELL","quantity":2.5,"order_type":"LIMIT","entry_price":4156.25,"stop_loss":4160.00,"session":"NY AM","bias":"Bearish","risk_percent":0.01,"program_ids":[1,5]}"""));
            Assert.That(JsonSerializer.Serialize(TestOrders.Ftmo() with { EntryPrice = null, ProgramIds = null }, typeInfo), Does.Not.Contain("entry_price").And.Not.Contain("program_ids"));
        });
    }

    [Test]
    public void ClientOrderIdsCreate_IsSha256OfTaskIdAndFirm_OnEveryThread()
    {
        // The id is the idempotency key across versions and restarts: it must stay SHA-256 of "task id \0 FIRM".
        static string Expected(string taskId, string firm)
        {
            byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(taskId + "\0" + firm.ToUpperInvariant()));
            return "pc-" + Convert.ToHexStringLower(hash, 0, 16);
        }

        string[] taskIds = [.. Enumerable.Range(0, 200).Select(i => $"task-{i}-ünï-{new string('x', i)}")];
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string TaskId, string Id)>();
        Parallel.For(0, 8, _ =>
        {
            foreach (string taskId in taskIds)
            {
                seen.Add((taskId, ClientOrderIds.Create(taskId, "ftmo")));
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(ClientOrderIds.Create("task-42", "FTMO"), Is.EqualTo(Expected("task-42", "FTMO")));
            Assert.That(ClientOrderIds.Create("task-42", " ftmo "), Is.EqualTo(Expected("task-42", "FTMO")));
            Assert.That(seen.Where(s => s.Id != Expected(s.TaskId, "FTMO")), Is.Empty, "the same id on every thread, every time");
            Assert.That(seen.Count, Is.EqualTo(8 * taskIds.Length));
        });
    }
}
