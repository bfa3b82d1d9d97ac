using System.Text;
using System.Text.Json;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

/// <summary>
/// Generated hostile tasks through the parser and a live router whose firms count every request: random bytes, invalid
/// UTF-8 at every position, escaped lone surrogates, duplicate keys, deep nesting, extreme numbers, wrong types, huge
/// fields. Each must be refused (the parser says false, or every firm answers a refusal), never throw, never send a
/// request, and never echo more than a bounded excerpt of what it was given.
/// </summary>
[TestFixture]
public sealed class HostileTaskTests
{
    private const int MaxResultBytes = 4096;

    private const string Template = """
        {"id":"hostile-1","trade_id":"T-1","event_type":"ENTRY","payload":{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"LIMIT","entry_price":4156.25,"stop_loss":4150,"session":"NY AM","bias":"Bullish","risk_percent":0.01,"program_ids":[1,5],"firm_codes":["FTMO","APEX"]}}
        """;

    private static readonly string[] PayloadFields = ["symbol", "side", "quantity", "order_type", "entry_price", "stop_loss", "session", "bias", "risk_percent", "program_ids", "firm_codes", "direction"];

    private RouterHarness _harness = null!;

    [SetUp]
    public void Start() => _harness = RouterHarness.Create(live: true);

    [TearDown]
    public void Stop() => _harness.Dispose();

    [Test]
    public void Template_IsAValidTask_SoEveryMutationBelowIsWhatMakesItInvalid()
    {
        Assert.That(ExecutionJson.TryParse(Encoding.UTF8.GetBytes(Template.Trim()), out ExecutionTask? task, out string? error), Is.True, error);
        Assert.That(task!.Payload.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
    }

    [Test]
    public async Task RandomBytes_Refused()
    {
        var random = new Random(20261202);
        for (int i = 0; i < 400; i++)
        {
            byte[] bytes = new byte[random.Next(0, 160)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 0)
            {
                bytes[0] = (byte)'{'; // half of them look like an object to the first byte
            }

            await AssertRefusedAsync(bytes, $"random #{i}");
        }
    }

    [Test]
    public void InvalidUtf8AtEveryPosition_RefusedByTheParser()
    {
        byte[] valid = Encoding.UTF8.GetBytes(Template.Trim());
        byte[][] bad = [[0xFF], [0xFE], [0xC0, 0x80], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80]];
        for (int position = 0; position < valid.Length; position++)
        {
            foreach (byte[] sequence in bad)
            {
                byte[] mutated = [.. valid.AsSpan(0, position), .. sequence, .. valid.AsSpan(position + 1)];
                Assert.That(ExecutionJson.TryParse(mutated, out _, out string? error), Is.False, $"{Convert.ToHexString(sequence)} at {position}");
                Assert.That(error, Is.Not.Empty);
            }
        }
    }

    [Test]
    public async Task InvalidUtf8InsideAPayloadAHostParsedItself_RefusedByTheRouterNamingTheField()
    {
        // A host that builds the task itself (JsonDocument does not check the bytes inside a string): the router still refuses.
        byte[] payload = [.. "{\"symbol\":\"N"u8, 0xFF, 0xFE, .. "Q\",\"side\":\"BUY\",\"quantity\":1,\"firm_codes\":[\"FTMO\"]}"u8];
        using JsonDocument document = JsonDocument.Parse(payload);
        ExecutionResult result = await _harness.Router.ExecuteAsync(new ExecutionTask("host-built", document.RootElement.Clone()));

        Assert.That(result.ConnectorResults.Single().ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        Assert.That(result.ConnectorResults.Single().ErrorMessage, Does.Contain("symbol"));
        AssertNothingSent();
    }

    [Test]
    public async Task EscapedLoneSurrogateInEveryTextField_Refused()
    {
        foreach (string field in new[] { "id", "trade_id", "event_type" })
        {
            await AssertRefusedAsync(Replace(Template, $"\"{field}\":\"", $"\"{field}\":\"\\uD800"), field);
        }

        foreach (string field in new[] { "symbol", "side", "order_type", "session", "bias" })
        {
            await AssertRefusedAsync(Replace(Template, $"\"{field}\":\"", $"\"{field}\":\"\\uDC00x"), field, field);
        }

        await AssertRefusedAsync(Replace(Template, "[\"FTMO\",\"APEX\"]", "[\"FTMO\\uD800\"]"), "firm_codes", "firm_codes");
        await AssertRefusedAsync(Replace(Template, "\"quantity\":1", "\"quantity\":\"1\\uD800\""), "quantity", "quantity");
    }

    [Test]
    public async Task DuplicateKeys_RefusedNamingTheField()
    {
        foreach (string key in new[] { "id", "trade_id", "event_type", "payload" })
        {
            string json = Template.Trim()[..^1] + $",\"{key}\":\"second\"}}";
            Assert.That(ExecutionJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out string? error), Is.False, key);
            Assert.That(error, Does.Contain(key));
        }

        foreach (string field in PayloadFields)
        {
            string value = field is "program_ids" or "firm_codes" ? "[\"FTMO\"]" : "\"30\"";
            await AssertRefusedAsync(Replace(Template, "\"symbol\":\"NQ\"", $"\"symbol\":\"NQ\",\"{field}\":{value},\"{field}\":{value}"), $"twice: {field}", field == "symbol" ? null : field);
        }
    }

    [Test]
    public async Task DuplicateQuantity_NeitherValuePlaced()
    {
        ExecutionResult result = await RouteAsync(Replace(Template, "\"quantity\":1", "\"quantity\":1,\"quantity\":30"));
        Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.InvalidOrder));
        Assert.That(result.ConnectorResults[0].ErrorMessage, Does.Contain("quantity is given 2 times"));
    }

    [Test]
    public async Task DeepNesting_Refused()
    {
        foreach (int depth in new[] { 65, 1000, 100_000 })
        {
            string nested = new string('[', depth) + new string(']', depth);
            await AssertRefusedAsync(Replace(Template, "\"quantity\":1", $"\"quantity\":{nested}"), $"depth {depth}");
            await AssertRefusedAsync(Replace(Template, "\"session\":\"NY AM\"", $"\"extra\":{nested}"), $"unknown field, depth {depth}");
        }
    }

    [TestCase("1e400")]
    [TestCase("-1e400")]
    [TestCase("1e-400")]
    [TestCase("79228162514264337593543950336")]
    [TestCase("-0")]
    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("\"NaN\"")]
    [TestCase("\"Infinity\"")]
    [TestCase("\"-Infinity\"")]
    [TestCase("\"1e400\"")]
    [TestCase("\"1,5\"")]
    [TestCase("\"0x10\"")]
    [TestCase("true")]
    [TestCase("[1]")]
    [TestCase("{\"value\":1}")]
    public async Task ExtremeOrWrongQuantity_Refused(string quantity) =>
        await AssertRefusedAsync(Replace(Template, "\"quantity\":1", $"\"quantity\":{quantity}"), quantity, "quantity");

    [TestCase("entry_price", "4156.25", "1e400")]
    [TestCase("entry_price", "4156.25", "-5")]
    [TestCase("entry_price", "4156.25", "\"NaN\"")]
    [TestCase("stop_loss", "4150", "\"Infinity\"")]
    [TestCase("risk_percent", "0.01", "1e400")]
    [TestCase("risk_percent", "0.01", "\"NaN\"")]
    public async Task ExtremePrice_Refused(string field, string value, string replacement) =>
        await AssertRefusedAsync(Replace(Template, $"\"{field}\":{value}", $"\"{field}\":{replacement}"), $"{field}={replacement}", field);

    [TestCase("symbol", "42")]
    [TestCase("symbol", "[\"NQ\"]")]
    [TestCase("side", "true")]
    [TestCase("side", "\"HOLD\"")]
    [TestCase("order_type", "{}")]
    [TestCase("order_type", "\"ICEBERG\"")]
    [TestCase("program_ids", "\"x\"")]
    [TestCase("program_ids", "[1.5]")]
    [TestCase("program_ids", "[{}]")]
    [TestCase("session", "7")]
    [TestCase("bias", "[]")]
    public async Task WrongTypeOfField_RefusedNamingIt(string field, string value) =>
        await AssertRefusedAsync(ReplaceValue(field, value), $"{field}={value}", field);

    [TestCase("42")]
    [TestCase("{}")]
    [TestCase("true")]
    [TestCase("[null]")]
    [TestCase("[\"\"]")]
    [TestCase("[\"  \"]")]
    [TestCase("[42]")]
    [TestCase("[[\"FTMO\"]]")]
    public async Task FirmCodesThatNameNoFirm_RefusedWithAMachineReadableCode(string value)
    {
        ExecutionResult result = await RouteAsync(ReplaceValue("firm_codes", value));
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults, Is.Empty, "no firm is chosen for a list that names none");
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.Details, Does.Contain("firm_codes"));
            Assert.That(result.Routed, Is.False);
        });
        AssertNothingSent();
    }

    [Test]
    public async Task FirmCodesLongerThanTheBound_Refused()
    {
        ExecutionResult result = await RouteAsync(ReplaceValue("firm_codes", "[" + string.Join(',', Enumerable.Repeat("\"FTMO\"", 101)) + "]"));
        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        Assert.That(result.Details, Does.Contain("more than 100 entries"));
        AssertNothingSent();
    }

    [TestCase("\"id\":\"hostile-1\"", "\"id\":true")]
    [TestCase("\"id\":\"hostile-1\"", "\"id\":{}")]
    [TestCase("\"id\":\"hostile-1\"", "\"id\":[]")]
    [TestCase("\"id\":\"hostile-1\"", "\"id\":\"   \"")]
    [TestCase("\"trade_id\":\"T-1\"", "\"trade_id\":{}")]
    [TestCase("\"event_type\":\"ENTRY\"", "\"event_type\":5")]
    public void WrongTypeAtTaskLevel_RefusedByTheParser(string from, string to)
    {
        Assert.That(ExecutionJson.TryParse(Encoding.UTF8.GetBytes(Replace(Template, from, to)), out _, out string? error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [TestCase("payload", "\"a string\"")]
    [TestCase("payload", "[]")]
    [TestCase("payload", "null")]
    [TestCase("payload", "12")]
    public async Task PayloadNotAnObject_Refused(string field, string value)
    {
        string json = $"{{\"id\":\"hostile-1\",\"{field}\":{value}}}";
        await AssertRefusedAsync(json, value, "payload");
    }

    [Test]
    public async Task HugeFields_RefusedWithABoundedEcho()
    {
        string huge = new('A', 5 * 1024 * 1024);
        foreach (string field in new[] { "symbol", "side", "order_type", "session", "bias" })
        {
            await AssertRefusedAsync(ReplaceValue(field, $"\"{huge}\""), $"huge {field}", field);
        }

        await AssertRefusedAsync(ReplaceValue("firm_codes", $"[\"{huge}\"]"), "huge firm code");
        await AssertRefusedAsync(ReplaceValue("quantity", "1" + new string('0', 100_000)), "huge number", "quantity");
        await AssertRefusedAsync(ReplaceValue("program_ids", "[" + string.Join(',', Enumerable.Range(1, 100_000)) + "]"), "100,000 program ids", "program_ids");
        foreach (string field in new[] { "id", "trade_id", "event_type" })
        {
            string json = Replace(Template, $"\"{field}\":\"", $"\"{field}\":\"{huge}");
            Assert.That(ExecutionJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out string? error), Is.False, field);
            Assert.That(error, Does.Contain(field).And.Length.LessThan(300));
        }
    }

    private static string Replace(string json, string from, string to)
    {
        string trimmed = json.Trim();
        Assert.That(trimmed, Does.Contain(from), "the template holds what the test replaces");
        int at = trimmed.IndexOf(from, StringComparison.Ordinal);
        return trimmed[..at] + to + trimmed[(at + from.Length)..];
    }

    private static string ReplaceValue(string field, string value)
    {
        using JsonDocument template = JsonDocument.Parse(Template);
        string current = template.RootElement.GetProperty("payload").GetProperty(field).GetRawText();
        return Replace(Template, $"\"{field}\":{current}", $"\"{field}\":{value}");
    }

    private Task<ExecutionResult> RouteAsync(string json) => _harness.Router.ExecuteAsync(ExecutionJson.Parse(json));

    private Task AssertRefusedAsync(string json, string what, string? field = null) => AssertRefusedAsync(Encoding.UTF8.GetBytes(json), what, field);

    private async Task AssertRefusedAsync(byte[] utf8, string what, string? field = null)
    {
        bool parsed;
        ExecutionTask? task;
        string? error;
        try
        {
            parsed = ExecutionJson.TryParse(utf8, out task, out error);
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: TryParse threw {ex.GetType().Name}: {ex.Message}");
            return;
        }

        if (!parsed)
        {
            Assert.That(error, Is.Not.Empty.And.Length.LessThan(1000), $"{what}: a bounded reason");
            return;
        }

        ExecutionResult result;
        try
        {
            result = await _harness.Router.ExecuteAsync(task!);
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: the router threw {ex.GetType().Name}: {ex.Message}");
            return;
        }

        byte[] output = ExecutionJson.SerializeToUtf8Bytes(result);
        Assert.Multiple(() =>
        {
            Assert.That(result.Routed, Is.False, what);
            Assert.That(result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Failed), what);
            Assert.That(result.ConnectorResults.All(r => r.Attempts == 0), Is.True, $"{what}: no order request counted");
            Assert.That(output, Has.Length.LessThan(MaxResultBytes), $"{what}: the result echoes a bounded excerpt only");
            if (field is not null && result.ConnectorResults.Count > 0)
            {
                Assert.That(result.ConnectorResults[0].ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder), what);
                Assert.That(result.ConnectorResults[0].ErrorMessage, Does.Contain(field), $"{what}: the message names the field");
            }
        });
        AssertNothingSent();
    }

    private void AssertNothingSent() =>
        Assert.That(_harness.Ftmo.Unexpected + _harness.Apex.Unexpected, Is.Zero, "a refused task sends nothing");
}
