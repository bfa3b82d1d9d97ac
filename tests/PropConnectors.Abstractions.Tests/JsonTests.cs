using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Serialization;

namespace PropConnectors.Abstractions.Tests;

/// <summary>CONTRACT §2 and §5 on the wire: snake_case, SCREAMING_SNAKE_CASE enums, absent values left out, and a lossless round trip.</summary>
public sealed class JsonTests
{
    private static JsonElement Json(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static ConnectorResult ContractExample() => ConnectorResult.Success(
        "FTMO",
        "FTMO_12345",
        "pc-3f1c9a0e7b2d4c11",
        "FILLED",
        new RawRequest { Method = "POST", Url = "https://api.ftmo.com/v1/orders", Body = Json("""{"symbol":"NQ"}""") },
        Json("""{"order_id":"FTMO_12345","status":"FILLED"}"""),
        attempts: 1) with { Duration = TimeSpan.FromSeconds(3) };

    [Test]
    public void ToString_Success_ExactlyTheContractShape()
    {
        string json = ContractExample().ToString();

        Assert.That(json, Is.EqualTo(
            """
            {"firm_code":"FTMO","status":"SUCCESS","external_order_id":"FTMO_12345","client_order_id":"pc-3f1c9a0e7b2d4c11","order_status":"FILLED","raw_request":{"method":"POST","url":"https://api.ftmo.com/v1/orders","body":{"symbol":"NQ"}},"raw_response":{"order_id":"FTMO_12345","status":"FILLED"},"attempts":1}
            """));
    }

    [Test]
    public void ToString_Failure_CarriesCodeAndMessageAndOmitsNulls()
    {
        string json = ConnectorResult.Failed("APEX", ConnectorErrorCodes.AuthFailed, "Apex refused the API key (HTTP 401).", attempts: 1).ToString();

        Assert.That(json, Is.EqualTo("""{"firm_code":"APEX","status":"FAILED","attempts":1,"error_code":"AUTH_FAILED","error_message":"Apex refused the API key (HTTP 401)."}"""));
    }

    [Test]
    public void Serialize_EveryStatus_ScreamingSnakeCase()
    {
        ConnectorResult[] results =
        [
            ConnectorResult.Success("FTMO", "1"),
            ConnectorResult.Failed("FTMO", ConnectorErrorCodes.Timeout, "m"),
            ConnectorResult.Retry("FTMO", ConnectorErrorCodes.RateLimited, "m"),
            ConnectorResult.Skipped("FTMO", "m"),
            ConnectorResult.Unknown("FTMO", ConnectorErrorCodes.NetworkError, "m"),
        ];

        string json = JsonSerializer.Serialize<IReadOnlyList<ConnectorResult>>(results, PropConnectorsJsonContext.Default.IReadOnlyListConnectorResult);

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.EnumerateArray().Select(e => e.GetProperty("status").GetString()), Is.EqualTo(new[] { "SUCCESS", "FAILED", "RETRY", "SKIPPED", "UNKNOWN" }));
            Assert.That(document.RootElement[3].GetProperty("error_code").GetString(), Is.EqualTo("GLOBAL_DRY_RUN_ENABLED"));
            Assert.That(json, Does.Not.Contain("null").And.Not.Contain("duration").And.Not.Contain("is_success"));
        });
    }

    [Test]
    public void Deserialize_Serialized_RoundTripsLosslessly()
    {
        ConnectorResult original = ContractExample();

        ConnectorResult? back = JsonSerializer.Deserialize(original.ToString(), PropConnectorsJsonContext.Default.ConnectorResult);

        Assert.That(back, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(back!.ToString(), Is.EqualTo(original.ToString()));
            Assert.That(back.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(back.FirmCode, Is.EqualTo("FTMO"));
            Assert.That(back.ExternalOrderId, Is.EqualTo("FTMO_12345"));
            Assert.That(back.RawRequest?.Url, Is.EqualTo("https://api.ftmo.com/v1/orders"));
            Assert.That(back.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public void Deserialize_ContractExampleWithExplicitNulls_Reads()
    {
        const string Example = """
            {
              "firm_code": "FTMO",
              "status": "SUCCESS",
              "external_order_id": "FTMO_12345",
              "client_order_id": "pc-3f1c9a0e7b2d4c11",
              "raw_request": {"method": "POST", "url": "https://api.ftmo.com/v1/orders", "body": {"symbol": "NQ"}},
              "raw_response": {"order_id": "FTMO_12345", "status": "FILLED"},
              "attempts": 1,
              "error_code": null,
              "error_message": null
            }
            """;

        ConnectorResult? result = JsonSerializer.Deserialize(Example, PropConnectorsJsonContext.Default.ConnectorResult);

        Assert.Multiple(() =>
        {
            Assert.That(result?.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result?.ErrorCode, Is.Null);
            Assert.That(result?.RawResponse?.GetProperty("status").GetString(), Is.EqualTo("FILLED"));
        });
    }

    [Test]
    public void Deserialize_OrderWithNumericStrings_Reads()
    {
        OrderRequest? order = JsonSerializer.Deserialize(
            """{"client_order_id":"pc-1","symbol":"NQ","side":"SELL","quantity":"2","order_type":"STOP","entry_price":"4150.5","program_ids":[1,"5"]}""",
            PropConnectorsJsonContext.Default.OrderRequest);

        Assert.Multiple(() =>
        {
            Assert.That(order?.Side, Is.EqualTo(OrderSide.Sell));
            Assert.That(order?.Quantity, Is.EqualTo(2m));
            Assert.That(order?.OrderType, Is.EqualTo(OrderType.Stop));
            Assert.That(order?.EntryPrice, Is.EqualTo(4150.5m));
            Assert.That(order?.ProgramIds, Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(order?.Validate(), Is.Null);
        });
    }

    [Test]
    public void Factories_EmptyErrorCode_Throw() =>
        Assert.That(() => ConnectorResult.Failed("FTMO", "", "m"), Throws.InstanceOf<ArgumentException>());
}
