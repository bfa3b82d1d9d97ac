using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

public class OrderPayloadBuilderTests
{
    private const string ClientOrderId = "pc-00000000000000000000000000000001";

    private static OrderPayloadResult Build(string payload) => OrderPayloadBuilder.Build(Tasks.Json(payload), ClientOrderId);

    private static OrderRequest BuildValid(string payload)
    {
        OrderPayloadResult result = Build(payload);
        Assert.That(result.ErrorMessage, Is.Null);
        Assert.That(result.IsValid, Is.True);
        return result.Order!;
    }

    [Test]
    public void Build_ContractExample_ProducesSection2Order()
    {
        OrderRequest order = BuildValid(Tasks.ContractPayload);

        using JsonDocument json = JsonDocument.Parse(order.ToString());
        JsonElement root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("client_order_id").GetString(), Is.EqualTo(ClientOrderId));
            Assert.That(root.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
            Assert.That(root.GetProperty("side").GetString(), Is.EqualTo("BUY"));
            Assert.That(root.GetProperty("quantity").GetDecimal(), Is.EqualTo(1m));
            Assert.That(root.GetProperty("order_type").GetString(), Is.EqualTo("MARKET"));
            Assert.That(root.GetProperty("entry_price").GetDecimal(), Is.EqualTo(4156.25m));
            Assert.That(root.GetProperty("stop_loss").GetDecimal(), Is.EqualTo(4150m));
            Assert.That(root.GetProperty("session").GetString(), Is.EqualTo("NY AM"));
            Assert.That(root.GetProperty("bias").GetString(), Is.EqualTo("Bullish"));
            Assert.That(root.GetProperty("risk_percent").GetDecimal(), Is.EqualTo(0.01m));
            Assert.That(root.GetProperty("program_ids").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(root.TryGetProperty("firm_codes", out _), Is.False, "routing fields are not part of the order");
            Assert.That(root.EnumerateObject().Count(), Is.EqualTo(11));
        });
    }

    [TestCase("BUY", OrderSide.Buy)]
    [TestCase("buy", OrderSide.Buy)]
    [TestCase("Buy", OrderSide.Buy)]
    [TestCase("long", OrderSide.Buy)]
    [TestCase("LONG", OrderSide.Buy)]
    [TestCase(" Long ", OrderSide.Buy)]
    [TestCase("SELL", OrderSide.Sell)]
    [TestCase("sell", OrderSide.Sell)]
    [TestCase("short", OrderSide.Sell)]
    [TestCase("Short", OrderSide.Sell)]
    public void Build_SideAlias_NormalizesSide(string side, OrderSide expected)
    {
        Assert.That(BuildValid($$"""{"symbol":"NQ","side":"{{side}}","quantity":1}""").Side, Is.EqualTo(expected));
    }

    [Test]
    public void Build_PropertyNamesWrittenWithEscapes_ReadLikePlainNames()
    {
        OrderRequest order = BuildValid("""{"sym\u0062ol":"NQ","\u0073ide":"SELL","quantity":2,"order_\u0074ype":"LIMIT","entry_price":10.5,"bia\u0073":"Bearish","program_\u0069ds":[3],"unknown_\u0066ield":1}""");

        Assert.Multiple(() =>
        {
            Assert.That(order.Symbol, Is.EqualTo("NQ"));
            Assert.That(order.Side, Is.EqualTo(OrderSide.Sell));
            Assert.That(order.Quantity, Is.EqualTo(2m));
            Assert.That(order.OrderType, Is.EqualTo(OrderType.Limit));
            Assert.That(order.EntryPrice, Is.EqualTo(10.5m));
            Assert.That(order.Bias, Is.EqualTo("Bearish"));
            Assert.That(order.ProgramIds, Is.EqualTo(new long[] { 3 }));
        });
    }

    [Test]
    public void Build_WordValuesWrittenWithEscapes_ReadLikePlainWords()
    {
        // The usual words are matched on their bytes as written; escaped ones must still be read (unescaped).
        OrderRequest order = BuildValid("""{"symbol":"NQ","side":"S\u0045LL","quantity":2,"order_type":"LIMI\u0054","entry_price":10.5,"bias":"Bear\u0069sh","session":"NY\u0020AM"}""");

        Assert.Multiple(() =>
        {
            Assert.That(order.Side, Is.EqualTo(OrderSide.Sell));
            Assert.That(order.OrderType, Is.EqualTo(OrderType.Limit));
            Assert.That(order.Bias, Is.EqualTo("Bearish"));
            Assert.That(order.Session, Is.EqualTo("NY AM"));
        });
    }

    [TestCase("BUY", OrderSide.Buy)]
    [TestCase("long", OrderSide.Buy)]
    [TestCase("Sell", OrderSide.Sell)]
    [TestCase("SHORT", OrderSide.Sell)]
    public void Build_DirectionKey_NormalizesSide(string direction, OrderSide expected)
    {
        Assert.That(BuildValid($$"""{"symbol":"NQ","direction":"{{direction}}","quantity":1}""").Side, Is.EqualTo(expected));
    }

    [TestCase("Bullish", OrderSide.Buy)]
    [TestCase("bullish", OrderSide.Buy)]
    [TestCase("Bearish", OrderSide.Sell)]
    [TestCase("BEARISH", OrderSide.Sell)]
    public void Build_NoSideButBias_FallsBackToBias(string bias, OrderSide expected)
    {
        OrderRequest order = BuildValid($$"""{"symbol":"NQ","bias":"{{bias}}","quantity":1}""");
        Assert.Multiple(() =>
        {
            Assert.That(order.Side, Is.EqualTo(expected));
            Assert.That(order.Bias, Is.EqualTo(bias), "the bias is passed through as sent");
        });
    }

    [Test]
    public void Build_SideAndOpposingBias_SideWins()
    {
        Assert.That(BuildValid("""{"symbol":"NQ","side":"sell","bias":"Bullish","quantity":1}""").Side, Is.EqualTo(OrderSide.Sell));
    }

    [Test]
    public void Build_BlankSideAndBullishBias_FallsBackToBias()
    {
        Assert.That(BuildValid("""{"symbol":"NQ","side":"  ","bias":"Bullish","quantity":1}""").Side, Is.EqualTo(OrderSide.Buy));
    }

    [Test]
    public void Build_SideAndDirectionAgree_Valid()
    {
        Assert.That(BuildValid("""{"symbol":"NQ","side":"BUY","direction":"long","quantity":1}""").Side, Is.EqualTo(OrderSide.Buy));
    }

    [Test]
    public void Build_SideAndDirectionDisagree_InvalidNamingBoth()
    {
        OrderPayloadResult result = Build("""{"symbol":"NQ","side":"BUY","direction":"short","quantity":1}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.ErrorMessage, Does.Contain("side").And.Contain("direction").And.Contain("disagree"));
        });
    }

    [Test]
    public void Build_UnrecognisedSideWithBias_InvalidWithoutFallingBack()
    {
        OrderPayloadResult result = Build("""{"symbol":"NQ","side":"hold","bias":"Bullish","quantity":1}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.ErrorMessage, Does.StartWith("side 'hold' is not BUY, SELL, LONG or SHORT"));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        });
    }

    [Test]
    public void Build_NeutralBiasAndNoSide_InvalidNamingSideAndBias()
    {
        OrderPayloadResult result = Build("""{"symbol":"NQ","bias":"Neutral","quantity":1}""");
        Assert.That(result.ErrorMessage, Does.StartWith("side is missing").And.Contain("Neutral"));
    }

    [Test]
    public void Build_NumericStrings_ParsedAsNumbers()
    {
        OrderRequest order = BuildValid("""
            {"symbol":"NQ","side":"BUY","quantity":"2.5","order_type":"LIMIT","entry_price":" 4156.25 ","stop_loss":"4150",
             "risk_percent":"0.01","program_ids":["1", 5, "7"]}
            """);
        Assert.Multiple(() =>
        {
            Assert.That(order.Quantity, Is.EqualTo(2.5m));
            Assert.That(order.EntryPrice, Is.EqualTo(4156.25m));
            Assert.That(order.StopLoss, Is.EqualTo(4150m));
            Assert.That(order.RiskPercent, Is.EqualTo(0.01m));
            Assert.That(order.ProgramIds, Is.EqualTo(new long[] { 1, 5, 7 }));
        });
    }

    [TestCase("\"1e1\"", 10)]
    [TestCase("\"+3\"", 3)]
    [TestCase("0.5", 0.5)]
    [TestCase("\"0.25\"", 0.25)]
    public void Build_QuantityForms_Parsed(string quantity, decimal expected)
    {
        Assert.That(BuildValid($$"""{"symbol":"NQ","side":"BUY","quantity":{{quantity}}}""").Quantity, Is.EqualTo(expected));
    }

    [Test]
    public void Build_SingleProgramIdNumberOrString_BecomesList()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BuildValid("""{"symbol":"NQ","side":"BUY","quantity":1,"program_ids":3}""").ProgramIds, Is.EqualTo(new long[] { 3 }));
            Assert.That(BuildValid("""{"symbol":"NQ","side":"BUY","quantity":1,"program_ids":"4"}""").ProgramIds, Is.EqualTo(new long[] { 4 }));
        });
    }

    [Test]
    public void Build_NoOrderType_DefaultsToMarket()
    {
        Assert.That(BuildValid("""{"symbol":"NQ","side":"BUY","quantity":1}""").OrderType, Is.EqualTo(OrderType.Market));
    }

    [TestCase("limit", OrderType.Limit)]
    [TestCase("LIMIT", OrderType.Limit)]
    [TestCase("Stop", OrderType.Stop)]
    [TestCase("market", OrderType.Market)]
    public void Build_OrderTypeAnyCaseWithPrice_Parsed(string orderType, OrderType expected)
    {
        OrderRequest order = BuildValid($$"""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"{{orderType}}","entry_price":4100}""");
        Assert.Multiple(() =>
        {
            Assert.That(order.OrderType, Is.EqualTo(expected));
            Assert.That(order.EntryPrice, Is.EqualTo(4100m));
        });
    }

    [Test]
    public void Build_OnlyRequiredFields_OptionalFieldsLeftOut()
    {
        OrderRequest order = BuildValid("""{"symbol":" NQ ","side":"BUY","quantity":1,"session":null,"bias":"","stop_loss":null,"entry_price":"","program_ids":[],"note":"ignored"}""");

        using JsonDocument json = JsonDocument.Parse(order.ToString());
        string[] names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EquivalentTo(new[] { "client_order_id", "symbol", "side", "quantity", "order_type" }));
            Assert.That(order.Symbol, Is.EqualTo("NQ"), "strings are trimmed");
        });
    }

    [TestCase("""{"side":"BUY","quantity":1}""", "symbol is missing")]
    [TestCase("""{"symbol":"  ","side":"BUY","quantity":1}""", "symbol is missing")]
    [TestCase("""{"symbol":5,"side":"BUY","quantity":1}""", "symbol must be a string")]
    [TestCase("""{"symbol":"NQ","quantity":1}""", "side is missing")]
    [TestCase("""{"symbol":"NQ","side":7,"quantity":1}""", "side must be a string")]
    [TestCase("""{"symbol":"NQ","direction":"up","quantity":1}""", "direction 'up' is not BUY, SELL, LONG or SHORT")]
    [TestCase("""{"symbol":"NQ","side":"BUY"}""", "quantity is missing")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":0}""", "quantity must be greater than zero (got 0)")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":-1}""", "quantity must be greater than zero (got -1)")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"0"}""", "quantity must be greater than zero")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"NaN"}""", "quantity must be a finite number (got 'NaN')")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"Infinity"}""", "quantity must be a finite number (got 'Infinity')")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"-Infinity"}""", "quantity must be a finite number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"∞"}""", "quantity must be a finite number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"abc"}""", "quantity must be a finite number (got 'abc')")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"1,5"}""", "quantity must be a finite number (got '1,5')")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1e400}""", "quantity is out of range")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":true}""", "quantity must be a number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":[1]}""", "quantity must be a number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"LIMIT"}""", "entry_price is required for a LIMIT order")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"STOP"}""", "entry_price (the stop trigger) is required for a STOP order")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"TRAILING"}""", "order_type 'TRAILING' is not MARKET, LIMIT or STOP")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"entry_price":-5}""", "entry_price must be greater than zero")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"entry_price":"x"}""", "entry_price must be a finite number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"stop_loss":0}""", "stop_loss must be greater than zero")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"risk_percent":-0.01}""", "risk_percent must not be negative")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"risk_percent":"1%"}""", "risk_percent must be a finite number")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"program_ids":["a"]}""", "program_ids must be an array of whole numbers")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"program_ids":[1.5]}""", "program_ids must be an array of whole numbers")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"program_ids":{"a":1}}""", "program_ids must be an array of whole numbers")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"session":42}""", "session must be a string")]
    [TestCase("""[1, 2]""", "payload must be a JSON object")]
    [TestCase("""  "BUY NQ"  """, "payload must be a JSON object")]
    [TestCase("""null""", "payload is missing")]
    public void Build_InvalidPayload_InvalidOrderNamingTheField(string payload, string expected)
    {
        OrderPayloadResult result = Build(payload);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Order, Is.Null);
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.ErrorMessage, Does.Contain(expected));
        });
    }

    [Test]
    public void Build_UndefinedPayload_PayloadIsMissing()
    {
        OrderPayloadResult result = OrderPayloadBuilder.Build(default(JsonElement), ClientOrderId);
        Assert.That(result.ErrorMessage, Is.EqualTo("payload is missing."));
    }

    [Test]
    public void Build_SeveralProblems_NamesEveryField()
    {
        OrderPayloadResult result = Build("""{"quantity":0,"order_type":"LIMIT"}""");
        Assert.That(result.ErrorMessage, Is.EqualTo(
            "symbol is missing. side is missing: give side or direction (BUY, SELL, LONG or SHORT), or a Bullish/Bearish bias. " +
            "quantity must be greater than zero (got 0). entry_price is required for a LIMIT order."));
    }

    [Test]
    public void Build_LongGarbageValue_EchoIsTruncated()
    {
        string garbage = new('x', 500);
        OrderPayloadResult result = Build($$"""{"symbol":"NQ","side":"{{garbage}}","quantity":1}""");
        Assert.That(result.ErrorMessage!.Length, Is.LessThan(150));
    }

    [Test]
    public void Build_InvalidResult_ToInvalidOrderResultIsFailedWithNoAttempts()
    {
        ConnectorResult failed = Build("""{"symbol":"NQ","side":"BUY"}""").ToInvalidOrderResult("FTMO", ClientOrderId);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(failed.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(failed.ErrorMessage, Is.EqualTo("Invalid order payload: quantity is missing."));
            Assert.That(failed.Attempts, Is.Zero);
        });
    }

    [Test]
    public void Build_ForTaskAndFirm_ClientOrderIdDerivedFromTaskIdAndFirmCode()
    {
        ExecutionTask task = Tasks.Create("task-42");

        OrderRequest ftmo = OrderPayloadBuilder.Build(task, "ftmo").Order!;
        OrderRequest ftmoAgain = OrderPayloadBuilder.Build(Tasks.Create("task-42"), "FTMO").Order!;
        OrderRequest apex = OrderPayloadBuilder.Build(task, "APEX").Order!;
        OrderRequest otherTask = OrderPayloadBuilder.Build(Tasks.Create("task-43"), "FTMO").Order!;

        Assert.Multiple(() =>
        {
            Assert.That(ftmo.ClientOrderId, Is.EqualTo(ClientOrderIds.Create("task-42", "FTMO")));
            Assert.That(ftmoAgain.ClientOrderId, Is.EqualTo(ftmo.ClientOrderId), "deterministic");
            Assert.That(apex.ClientOrderId, Is.Not.EqualTo(ftmo.ClientOrderId));
            Assert.That(otherTask.ClientOrderId, Is.Not.EqualTo(ftmo.ClientOrderId));
            Assert.That(ClientOrderIds.IsValid(ftmo.ClientOrderId), Is.True);
        });
    }

    [Test]
    public void Build_ArgumentsMissing_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => OrderPayloadBuilder.Build((ExecutionTask)null!, "FTMO"), Throws.ArgumentNullException);
            Assert.That(() => OrderPayloadBuilder.Build(Tasks.Create("t"), " "), Throws.ArgumentException);
        });
    }
}
