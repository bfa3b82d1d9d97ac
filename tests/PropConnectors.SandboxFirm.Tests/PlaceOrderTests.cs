namespace PropConnectors.SandboxFirm.Tests;

public sealed class PlaceOrderTests : SandboxTestBase
{
    [Test]
    public async Task PostOrder_Market_Returns201FilledWithPerFirmId()
    {
        using var response = await PostOrderAsync(OrderJson("pc-abc"), idempotencyKey: "pc-abc");
        var json = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(json.GetProperty("order_id").GetString(), Is.EqualTo($"{Firm.Code}-000001"));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("FILLED"));
        Assert.That(json.GetProperty("client_order_id").GetString(), Is.EqualTo("pc-abc"));
        Assert.That(json.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
    }

    [TestCase("LIMIT")]
    [TestCase("STOP")]
    public async Task PostOrder_LimitOrStop_Returns201Accepted(string orderType)
    {
        using var response = await PostOrderAsync(OrderJson(orderType: orderType));
        var json = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("ACCEPTED"));
    }

    [Test]
    public async Task PostOrder_StoresOrderWithRawBodyAndKey()
    {
        var body = OrderJson("pc-raw", symbol: "ES", side: "SELL", quantity: 2.5m);

        using var response = await PostOrderAsync(body, idempotencyKey: "pc-raw");

        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
        var order = Firm.Orders[0];
        Assert.That(order.RawBody, Is.EqualTo(body));
        Assert.That(order.IdempotencyKey, Is.EqualTo("pc-raw"));
        Assert.That(order.ClientOrderId, Is.EqualTo("pc-raw"));
        Assert.That(order.Symbol, Is.EqualTo("ES"));
        Assert.That(order.Side, Is.EqualTo("SELL"));
        Assert.That(order.Quantity, Is.EqualTo(2.5m));
        Assert.That(order.OrderType, Is.EqualTo("MARKET"));
    }

    [Test]
    public async Task PostOrder_SameIdempotencyKeyTwice_Returns200WithFirstOrderAndStoresOne()
    {
        using var first = await PostOrderAsync(OrderJson("pc-same"), idempotencyKey: "pc-same");
        using var second = await PostOrderAsync(OrderJson("pc-same"), idempotencyKey: "pc-same");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            (await JsonAsync(second)).GetProperty("order_id").GetString(),
            Is.EqualTo((await JsonAsync(first)).GetProperty("order_id").GetString()));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PostOrder_SameKeyWhenFirmIgnoresIdempotencyKey_StoresTwoOrders()
    {
        Firm.HonoursIdempotencyKey = false;

        using var first = await PostOrderAsync(OrderJson("pc-same"), idempotencyKey: "pc-same");
        using var second = await PostOrderAsync(OrderJson("pc-same"), idempotencyKey: "pc-same");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.Orders.Select(o => o.OrderId).ToList(), Is.Unique.And.Count.EqualTo(2));
    }

    [Test]
    public async Task PostOrder_WithoutIdempotencyKey_CreatesEveryTime()
    {
        using var first = await PostOrderAsync(idempotencyKey: null);
        using var second = await PostOrderAsync(idempotencyKey: null);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.Orders, Has.Count.EqualTo(2));
    }

    [TestCase("""{"side":"BUY","quantity":1}""", "symbol is required")]
    [TestCase("""{"symbol":"","side":"BUY","quantity":1}""", "symbol is required")]
    [TestCase("""{"symbol":"NQ","quantity":1}""", "side must be BUY or SELL")]
    [TestCase("""{"symbol":"NQ","side":"buy","quantity":1}""", "side must be BUY or SELL")]
    [TestCase("""{"symbol":"NQ","side":"BUY"}""", "quantity must be a number greater than 0")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":0}""", "quantity must be a number greater than 0")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":-1}""", "quantity must be a number greater than 0")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":"1"}""", "quantity must be a number greater than 0")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"LIMIT"}""", "LIMIT order needs entry_price greater than 0")]
    [TestCase("""{"symbol":"NQ","side":"BUY","quantity":1,"order_type":"ICEBERG"}""", "order_type must be MARKET, LIMIT or STOP")]
    [TestCase("""{"client_order_id":"has space","symbol":"NQ","side":"BUY","quantity":1}""", "client_order_id must be 1 to 40 characters of [A-Za-z0-9_-]")]
    [TestCase("""[1,2]""", "request body must be a JSON object")]
    public async Task PostOrder_InvalidBody_Returns422WithErrorAndStoresNothing(string body, string expectedError)
    {
        using var response = await PostOrderAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await ErrorAsync(response), Is.EqualTo(expectedError));
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task PostOrder_BodyNotJson_Returns400()
    {
        using var response = await PostOrderAsync("symbol=NQ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task PostOrder_RejectedThenValidWithSameKey_CreatesTheOrder()
    {
        using var rejected = await PostOrderAsync("""{"symbol":"NQ"}""", idempotencyKey: "pc-retry");
        using var accepted = await PostOrderAsync(OrderJson("pc-retry"), idempotencyKey: "pc-retry");

        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task PutOrders_UnsupportedMethod_Returns405()
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Put, OrdersUrl(), body: OrderJson()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(new[] { "GET", "POST" }));
    }
}
