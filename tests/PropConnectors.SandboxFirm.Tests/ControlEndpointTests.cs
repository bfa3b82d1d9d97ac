namespace PropConnectors.SandboxFirm.Tests;

public sealed class ControlEndpointTests : SandboxTestBase
{
    private Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? body = null) =>
        Http.SendAsync(new HttpRequestMessage(method, new Uri(Server.ControlUrl, path))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });

    [Test]
    public async Task CreateFirm_NewCode_Returns201AndServesIt()
    {
        var code = $"{Firm.Code}NEW";

        using var created = await ControlAsync(HttpMethod.Post, $"firms/{code}", """{"api_key":"new-key"}""");
        using var duplicate = await ControlAsync(HttpMethod.Post, $"firms/{code}", """{"api_key":"new-key"}""");
        var firm = Server.GetFirm(code.ToLowerInvariant());
        using var order = await Http.SendAsync(Request(HttpMethod.Post, OrdersUrl(firm), "new-key", OrderJson()));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await JsonAsync(created)).GetProperty("base_url").GetString(), Is.EqualTo(firm.BaseUrl.ToString()));
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase("{}")]
    [TestCase("not json")]
    public async Task CreateFirm_NoKey_Returns400(string body)
    {
        using var response = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}BAD", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Server.TryGetFirm($"{Firm.Code}BAD", out _), Is.False);
    }

    [Test]
    public async Task EnqueueFault_ViaControl_AppliesToNextPost()
    {
        using var enqueue = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}/faults", """{"kind":"status","status":429,"retry_after_seconds":1,"method":"POST","times":1}""");
        using var reject = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}/faults", """{"kind":"reject","status":422,"message":"insufficient margin"}""");

        using var first = await PostOrderAsync();
        using var second = await PostOrderAsync();
        using var third = await PostOrderAsync();

        Assert.That(enqueue.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(reject.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await ErrorAsync(second), Is.EqualTo("insufficient margin"));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase("""{"kind":"delay","delay_ms":1}""", SandboxFaultKind.Delay)]
    [TestCase("""{"kind":"malformed_body"}""", SandboxFaultKind.MalformedBody)]
    [TestCase("""{"kind":"accept_then_drop","method":"GET"}""", SandboxFaultKind.AcceptThenDrop)]
    [TestCase("""{"kind":"status","status":503,"method":"ANY","times":3}""", SandboxFaultKind.Status)]
    public async Task EnqueueFault_ViaControl_EachKindIsQueued(string body, SandboxFaultKind _)
    {
        using var response = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}/faults", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Firm.PendingFaultCount, Is.GreaterThanOrEqualTo(1));
    }

    [TestCase("""{"kind":"explode"}""")]
    [TestCase("""{"kind":"status"}""")]
    [TestCase("""{"kind":"status","status":200}""")]
    [TestCase("""{"kind":"delay"}""")]
    [TestCase("""{"kind":"malformed_body","times":0}""")]
    public async Task EnqueueFault_ViaControlInvalid_Returns400(string body)
    {
        using var response = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}/faults", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Firm.PendingFaultCount, Is.Zero);
    }

    [Test]
    public async Task ClearFaults_ViaControl_Clears()
    {
        Firm.EnqueueFault(SandboxFault.Status(503));

        using var response = await ControlAsync(HttpMethod.Delete, $"firms/{Firm.Code}/faults");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Firm.PendingFaultCount, Is.Zero);
    }

    [Test]
    public async Task SetRandomFaults_ViaControl_Applies()
    {
        using var response = await ControlAsync(HttpMethod.Post, $"firms/{Firm.Code}/random-faults", """{"seed":42,"probability":1,"kinds":[{"kind":"status","status":503}]}""");
        using var post = await PostOrderAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task GetOrdersAndRequests_ViaControl_ListThemWithoutKey()
    {
        using (await PostOrderAsync(OrderJson("pc-ctl"), idempotencyKey: "pc-ctl")) { }

        using var orders = await ControlAsync(HttpMethod.Get, $"firms/{Firm.Code}/orders");
        using var requests = await ControlAsync(HttpMethod.Get, $"firms/{Firm.Code}/requests");
        var ordersJson = await JsonAsync(orders);
        var requestsText = await requests.Content.ReadAsStringAsync();

        Assert.That(ordersJson.GetArrayLength(), Is.EqualTo(1));
        Assert.That(ordersJson[0].GetProperty("client_order_id").GetString(), Is.EqualTo("pc-ctl"));
        Assert.That(ordersJson[0].GetProperty("raw_body").GetString(), Is.EqualTo(OrderJson("pc-ctl")));
        Assert.That(requestsText, Does.Contain("\"idempotency_key\":\"pc-ctl\"").And.Not.Contain(ApiKey));
    }

    [Test]
    public async Task SetLatencyAndIdempotency_ViaControl_Apply()
    {
        using var latency = await ControlAsync(HttpMethod.Put, $"firms/{Firm.Code}/latency", """{"latency_ms":50}""");
        using var idempotency = await ControlAsync(HttpMethod.Put, $"firms/{Firm.Code}/idempotency", """{"honours_idempotency_key":false}""");
        using var badLatency = await ControlAsync(HttpMethod.Put, $"firms/{Firm.Code}/latency", """{"latency_ms":-1}""");

        Assert.That(latency.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(idempotency.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(badLatency.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Firm.Latency, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        Assert.That(Firm.HonoursIdempotencyKey, Is.False);
    }

    [Test]
    public async Task Control_UnknownFirm_Returns404()
    {
        using var response = await ControlAsync(HttpMethod.Get, "firms/NOSUCHFIRM/orders");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
