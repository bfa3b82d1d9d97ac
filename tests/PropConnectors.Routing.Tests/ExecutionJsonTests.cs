using System.Text;
using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

public class ExecutionJsonTests
{
    private const string ContractTask = """
        {
          "id": "task-42",
          "trade_id": "T-2025-11-22-001",
          "event_type": "ENTRY",
          "payload": {
            "symbol": "NQ",
            "side": "BUY",
            "quantity": 1,
            "firm_codes": ["FTMO", "APEX"]
          }
        }
        """;

    [Test]
    public void Parse_ContractTask_ReadsEveryField()
    {
        ExecutionTask task = ExecutionJson.Parse(ContractTask);
        Assert.Multiple(() =>
        {
            Assert.That(task.Id, Is.EqualTo("task-42"));
            Assert.That(task.TradeId, Is.EqualTo("T-2025-11-22-001"));
            Assert.That(task.EventType, Is.EqualTo("ENTRY"));
            Assert.That(task.Payload.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
            Assert.That(task.Payload.GetProperty("firm_codes").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Parse_NumericIds_KeptAsText()
    {
        ExecutionTask task = ExecutionJson.Parse("""{"id": 42, "trade_id": 1001, "payload": {}}"""u8);
        Assert.Multiple(() =>
        {
            Assert.That(task.Id, Is.EqualTo("42"));
            Assert.That(task.TradeId, Is.EqualTo("1001"));
            Assert.That(task.EventType, Is.Null);
        });
    }

    [Test]
    public void Parse_NumericAndStringId_SameClientOrderId()
    {
        ExecutionTask number = ExecutionJson.Parse("""{"id": 42, "payload": {"symbol":"NQ","side":"BUY","quantity":1}}""");
        ExecutionTask text = ExecutionJson.Parse("""{"id": "42", "payload": {"symbol":"NQ","side":"BUY","quantity":1}}""");
        Assert.That(OrderPayloadBuilder.Build(number, "FTMO").Order!.ClientOrderId, Is.EqualTo(OrderPayloadBuilder.Build(text, "FTMO").Order!.ClientOrderId));
    }

    [Test]
    public void Parse_UnknownPropertiesAndNoPayload_Accepted()
    {
        ExecutionTask task = ExecutionJson.Parse("""{"extra": {"deep": [1, 2]}, "id": "t", "status": "PENDING"}""");
        Assert.Multiple(() =>
        {
            Assert.That(task.Id, Is.EqualTo("t"));
            Assert.That(task.Payload.ValueKind, Is.EqualTo(JsonValueKind.Undefined));
        });
    }

    [TestCase("""{"id": "t", "payload": """, "not valid")]
    [TestCase("not json", "not valid")]
    [TestCase("""{"payload": {}}""", "has no id")]
    [TestCase("""{"id": null, "payload": {}}""", "id is null or empty")]
    [TestCase("""{"id": "  ", "payload": {}}""", "id is null or empty")]
    [TestCase("""{"id": ["t"], "payload": {}}""", "id must be a string or a number, not an array")]
    [TestCase("""{"id": true}""", "id must be a string or a number, not a boolean")]
    [TestCase("""{"id": "t", "event_type": 5}""", "event_type must be a string")]
    [TestCase("""[{"id": "t"}]""", "must be a JSON object, not an array")]
    [TestCase("""null""", "is null")]
    [TestCase("""{"id": "t"} {"id": "u"}""", "after a single JSON value")]
    [TestCase("", "does not contain any JSON tokens")]
    public void Parse_NotATask_FormatExceptionSayingWhat(string json, string expected)
    {
        FormatException? error = Assert.Throws<FormatException>(() => ExecutionJson.Parse(json));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("The execution task is not valid: ").And.Contain(expected));
            Assert.That(error.InnerException, Is.InstanceOf<JsonException>());
        });
    }

    [Test]
    public void TryParse_Malformed_FalseWithError()
    {
        bool ok = ExecutionJson.TryParse("""{"payload": {}}"""u8, out ExecutionTask? task, out string? error);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(task, Is.Null);
            Assert.That(error, Does.Contain("has no id"));
        });
    }

    [Test]
    public async Task ParseAsync_Stream_ReadsTask()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ContractTask));
        ExecutionTask task = await ExecutionJson.ParseAsync(stream);
        Assert.That(task.Id, Is.EqualTo("task-42"));
    }

    [Test]
    public void ParseAsync_MalformedStream_FormatException()
    {
        using var stream = new MemoryStream("{"u8.ToArray());
        Assert.That(async () => await ExecutionJson.ParseAsync(stream), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void Serialize_Task_IdAsStringAndPayloadKept()
    {
        ExecutionTask task = ExecutionJson.Parse("""{"id": 7, "payload": {"symbol":"NQ","quantity":"1"}}""");
        Assert.Multiple(() =>
        {
            Assert.That(ExecutionJson.Serialize(task), Is.EqualTo("""{"id":"7","payload":{"symbol":"NQ","quantity":"1"}}"""));
            Assert.That(new ExecutionTask { Id = "x" }.ToString(), Is.EqualTo("""{"id":"x"}"""));
            Assert.That(ExecutionJson.Parse(task.ToString()), Is.EqualTo(task));
        });
    }

    [Test]
    public void ExecutionTask_EmptyId_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ExecutionTask(" ", default), Throws.ArgumentException);
            Assert.That(() => new ExecutionTask { Id = string.Empty }, Throws.ArgumentException);
        });
    }

    [Test]
    public async Task Serialize_DryRunResult_Section7ShapeWithAbsentValuesLeftOut()
    {
        using RouterHarness harness = RouterHarness.Create();
        ExecutionResult result = await harness.Router.ExecuteAsync(ExecutionJson.Parse(ContractTask));

        string json = ExecutionJson.Serialize(result);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        JsonElement first = root.GetProperty("connector_results")[0];
        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "task_id", "trade_id", "event_type", "dry_run", "routed", "details", "connector_results" }));
            Assert.That(root.GetProperty("task_id").GetString(), Is.EqualTo("task-42"));
            Assert.That(root.GetProperty("dry_run").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("routed").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("details").GetString(), Is.EqualTo("dry-run: no external order sent"));
            Assert.That(first.GetProperty("firm_code").GetString(), Is.EqualTo("FTMO"));
            Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("SKIPPED"));
            Assert.That(first.GetProperty("error_code").GetString(), Is.EqualTo("GLOBAL_DRY_RUN_ENABLED"));
            Assert.That(first.GetProperty("client_order_id").GetString(), Is.EqualTo(ClientOrderIds.Create("task-42", "FTMO")));
            Assert.That(first.GetProperty("raw_request").GetProperty("method").GetString(), Is.EqualTo("POST"));
            Assert.That(first.GetProperty("attempts").GetInt32(), Is.Zero);
            Assert.That(first.TryGetProperty("external_order_id", out _), Is.False, "absent values are left out, not null");
            Assert.That(first.TryGetProperty("raw_response", out _), Is.False);
            Assert.That(first.TryGetProperty("duration", out _), Is.False);
            Assert.That(root.TryGetProperty("duration", out _), Is.False);
            Assert.That(json, Does.Not.Contain("null"));
        });
    }

    [Test]
    public void Serialize_ResultWithoutTradeId_LeftOut()
    {
        var result = new ExecutionResult { TaskId = "t", DryRun = false, Routed = false, Details = "d", ConnectorResults = [] };
        Assert.That(ExecutionJson.Serialize(result), Is.EqualTo("""{"task_id":"t","dry_run":false,"routed":false,"details":"d","connector_results":[]}"""));
    }

    [Test]
    public async Task ParseResult_RoundTrip_SameJson()
    {
        using RouterHarness harness = RouterHarness.Create();
        ExecutionResult result = await harness.Router.ExecuteAsync(ExecutionJson.Parse(ContractTask));
        string json = ExecutionJson.Serialize(result);

        ExecutionResult read = ExecutionJson.ParseResult(json);

        Assert.Multiple(() =>
        {
            Assert.That(ExecutionJson.Serialize(read), Is.EqualTo(json));
            Assert.That(read.ConnectorResults[1].Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(Encoding.UTF8.GetString(ExecutionJson.SerializeToUtf8Bytes(result)), Is.EqualTo(json));
            Assert.That(result.ToString(), Is.EqualTo(json));
        });
    }

    [Test]
    public void ParseResult_Malformed_FormatException()
    {
        Assert.That(() => ExecutionJson.ParseResult("""{"task_id": 5}"""), Throws.InstanceOf<FormatException>());
    }
}
