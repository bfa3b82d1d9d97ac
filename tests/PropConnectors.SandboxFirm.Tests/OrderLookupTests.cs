namespace PropConnectors.SandboxFirm.Tests;

public sealed class OrderLookupTests : SandboxTestBase
{
    private async Task<string> PlaceAsync(string clientOrderId, string? orderType = null)
    {
        using var response = await PostOrderAsync(OrderJson(clientOrderId, orderType: orderType), idempotencyKey: clientOrderId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await JsonAsync(response)).GetProperty("order_id").GetString()!;
    }

    [Test]
    public async Task GetOrder_KnownId_Returns200WithOrder()
    {
        var orderId = await PlaceAsync("pc-get", "LIMIT");

        using var response = await GetAsync(OrderUrl(orderId));
        var json = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("order_id").GetString(), Is.EqualTo(orderId));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("ACCEPTED"));
        Assert.That(json.GetProperty("client_order_id").GetString(), Is.EqualTo("pc-get"));
        Assert.That(json.GetProperty("order_type").GetString(), Is.EqualTo("LIMIT"));
    }

    [Test]
    public async Task GetOrder_UnknownId_Returns404()
    {
        using var response = await GetAsync(OrderUrl("NOPE-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorAsync(response), Is.EqualTo("order not found"));
    }

    [Test]
    public async Task FindByClientOrderId_Known_Returns200WithOrder()
    {
        var orderId = await PlaceAsync("pc-find");

        using var response = await GetAsync(new Uri(OrdersUrl() + "?client_order_id=pc-find"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonAsync(response)).GetProperty("order_id").GetString(), Is.EqualTo(orderId));
    }

    [Test]
    public async Task FindByClientOrderId_Unknown_Returns404()
    {
        await PlaceAsync("pc-other");

        using var response = await GetAsync(new Uri(OrdersUrl() + "?client_order_id=pc-missing"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorAsync(response), Is.EqualTo("order not found"));
    }

    [Test]
    public async Task FindByClientOrderId_NoQuery_Returns400()
    {
        using var response = await GetAsync(OrdersUrl());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task CancelOrder_Accepted_Returns200CancelledAndStatusFollows()
    {
        var orderId = await PlaceAsync("pc-cancel", "LIMIT");

        using var cancel = await DeleteAsync(OrderUrl(orderId));
        using var status = await GetAsync(OrderUrl(orderId));
        var cancelJson = await JsonAsync(cancel);

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cancelJson.GetProperty("order_id").GetString(), Is.EqualTo(orderId));
        Assert.That(cancelJson.GetProperty("status").GetString(), Is.EqualTo("CANCELLED"));
        Assert.That((await JsonAsync(status)).GetProperty("status").GetString(), Is.EqualTo("CANCELLED"));
        Assert.That(Firm.Orders[0].Status, Is.EqualTo("CANCELLED"));
    }

    [Test]
    public async Task CancelOrder_UnknownId_Returns404()
    {
        using var response = await DeleteAsync(OrderUrl("NOPE-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CancelOrder_Filled_Returns409()
    {
        var orderId = await PlaceAsync("pc-filled", "MARKET");

        using var response = await DeleteAsync(OrderUrl(orderId));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ErrorAsync(response), Is.EqualTo("order already filled"));
        Assert.That(Firm.Orders[0].Status, Is.EqualTo("FILLED"));
    }

    [Test]
    public async Task GetOrder_OtherFirmsOrderId_Returns404()
    {
        var orderId = await PlaceAsync("pc-mine");
        var other = Server.AddFirm($"{Firm.Code}Y", "other-key");

        using var response = await Http.SendAsync(Request(HttpMethod.Get, OrderUrl(orderId, other), "other-key"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
