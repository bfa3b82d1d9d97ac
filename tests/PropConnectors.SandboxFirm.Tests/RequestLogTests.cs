using System.Diagnostics;

namespace PropConnectors.SandboxFirm.Tests;

public sealed class RequestLogTests : SandboxTestBase
{
    [Test]
    public async Task Requests_MixedCalls_LogsEachExactlyOnceInOrder()
    {
        Firm.EnqueueFault(SandboxFault.Status(503));
        using (await PostOrderAsync(apiKey: null)) { }
        using (await PostOrderAsync()) { }
        using (await PostOrderAsync()) { }
        using (await PostOrderAsync()) { }
        using (await GetAsync(OrderUrl($"{Firm.Code}-000001"))) { }
        using (await GetAsync(new Uri(OrdersUrl() + "?client_order_id=pc-1"))) { }
        using (await DeleteAsync(OrderUrl($"{Firm.Code}-000001"))) { }

        var log = Firm.Requests;

        Assert.That(log.Select(r => r.StatusCode), Is.EqualTo(new int?[] { 401, 503, 201, 200, 200, 200, 409 }));
        Assert.That(log.Select(r => r.Method), Is.EqualTo(new[] { "POST", "POST", "POST", "POST", "GET", "GET", "DELETE" }));
        Assert.That(log[5].PathAndQuery, Is.EqualTo($"/firms/{Firm.Code}/v1/orders?client_order_id=pc-1"));
        Assert.That(log[0].AuthorizationPresent, Is.False);
        Assert.That(log.Skip(1).Select(r => r.AuthorizationValid), Is.All.True);
        Assert.That(log[1].Fault, Is.EqualTo(SandboxFaultKind.Status));
        Assert.That(log[2].Fault, Is.Null);
    }

    [Test]
    public async Task Requests_Headers_AreRecordedButKeyIsNot()
    {
        using (await PostOrderAsync(idempotencyKey: "pc-hdr")) { }
        using (await PostOrderAsync(apiKey: "a-wrong-secret")) { }

        var log = Firm.Requests;

        Assert.That(log[0].IdempotencyKey, Is.EqualTo("pc-hdr"));
        Assert.That(log[0].UserAgent, Is.EqualTo("PropConnectors.SandboxFirm.Tests/1.0"));
        Assert.That(log[0].Accept, Is.EqualTo("application/json"));
        Assert.That(log[0].ContentType, Does.StartWith("application/json"));
        Assert.That(log[1].AuthorizationPresent, Is.True);
        Assert.That(log[1].AuthorizationValid, Is.False);
        Assert.That(log.Select(r => r.ToString()), Has.None.Contains(ApiKey).And.None.Contains("a-wrong-secret"));
    }

    [Test]
    public async Task WaitForRequestsAsync_CompletesWhenCountReached()
    {
        var wait = Firm.WaitForRequestsAsync(2);

        using (await PostOrderAsync()) { }
        var afterOne = wait.IsCompleted;
        using (await PostOrderAsync()) { }
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(afterOne, Is.False);
        Assert.That(wait.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task Latency_Set_DelaysEveryAnswer()
    {
        Firm.Latency = TimeSpan.FromMilliseconds(50);
        var stopwatch = Stopwatch.StartNew();

        using var post = await PostOrderAsync();
        using var unauthorized = await GetAsync(OrderUrl("X"), apiKey: null);

        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Reset_ClearsEverything_IdsRestart()
    {
        Firm.HonoursIdempotencyKey = false;
        Firm.Latency = TimeSpan.FromMilliseconds(1);
        Firm.EnqueueFault(SandboxFault.Status(503) with { Method = "GET" });
        using (await PostOrderAsync()) { }

        Firm.Reset();
        using var response = await PostOrderAsync();

        Assert.That((await JsonAsync(response)).GetProperty("order_id").GetString(), Is.EqualTo($"{Firm.Code}-000001"));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
        Assert.That(Firm.Requests, Has.Count.EqualTo(1));
        Assert.That(Firm.PendingFaultCount, Is.Zero);
        Assert.That(Firm.HonoursIdempotencyKey, Is.True);
        Assert.That(Firm.Latency, Is.EqualTo(TimeSpan.Zero));
    }
}
