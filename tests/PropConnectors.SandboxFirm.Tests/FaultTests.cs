using System.Diagnostics;

namespace PropConnectors.SandboxFirm.Tests;

public sealed class FaultTests : SandboxTestBase
{
    [Test]
    public async Task EnqueueFault_Status429WithRetryAfter_Returns429WithHeaderThenNormal()
    {
        Firm.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.FromSeconds(1)));

        using var limited = await PostOrderAsync();
        using var next = await PostOrderAsync();

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await ErrorAsync(limited), Is.EqualTo("rate limited"));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EnqueueFault_SubSecondRetryAfter_RoundsUpToWholeSeconds()
    {
        Firm.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.FromMilliseconds(200)));
        Firm.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.Zero));

        using var first = await PostOrderAsync();
        using var second = await PostOrderAsync();

        Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(second.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase(503)]
    [TestCase(401)]
    [TestCase(500)]
    public async Task EnqueueFault_Status_ReturnsThatStatusAndStoresNothing(int status)
    {
        Firm.EnqueueFault(SandboxFault.Status(status));

        using var response = await PostOrderAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Headers.RetryAfter, Is.Null);
        Assert.That(await ErrorAsync(response), Is.Not.Empty);
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task EnqueueFault_Reject_Returns422WithMessage()
    {
        Firm.EnqueueFault(SandboxFault.Reject(422, "insufficient margin"));

        using var response = await PostOrderAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"insufficient margin"}"""));
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task EnqueueFault_Delay_WaitsThenAnswersNormally()
    {
        var delay = TimeSpan.FromMilliseconds(150);
        Firm.EnqueueFault(SandboxFault.Delay(delay));
        var stopwatch = Stopwatch.StartNew();

        using var response = await PostOrderAsync();

        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(delay - TimeSpan.FromMilliseconds(15)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
        Assert.That(Firm.Requests[0].Fault, Is.EqualTo(SandboxFaultKind.Delay));
    }

    [Test]
    public async Task EnqueueFault_Delay_ClientCancelsWhileDelayed_LoggedAsClientAbortedNothingStored()
    {
        Firm.EnqueueFault(SandboxFault.Delay(TimeSpan.FromMinutes(5)));
        using var cancel = new CancellationTokenSource();
        var pending = Http.SendAsync(Request(HttpMethod.Post, OrdersUrl(), body: OrderJson()), cancel.Token);

        await Firm.WaitForRequestsReceivedAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
        var logWhileDelayed = Firm.Requests.Count;
        await cancel.CancelAsync();
        await Firm.WaitForRequestsAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(async () => await pending, Throws.InstanceOf<TaskCanceledException>());
        Assert.That(logWhileDelayed, Is.Zero);
        Assert.That(Firm.Requests[0].ClientAborted, Is.True);
        Assert.That(Firm.Requests[0].StatusCode, Is.Null);
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task EnqueueFault_MalformedBody_Returns200NotJsonAndStoresNothing()
    {
        Firm.EnqueueFault(SandboxFault.MalformedBody());

        using var response = await PostOrderAsync();
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(() => JsonDocument.Parse(body), Throws.InstanceOf<JsonException>());
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task EnqueueFault_AcceptThenDrop_StoresOrderAndClientSeesHttpRequestException()
    {
        Firm.EnqueueFault(SandboxFault.AcceptThenDrop());
        using var client = new HttpClient();

        Assert.That(async () => await PostOrderAsync(client: client), Throws.InstanceOf<HttpRequestException>());

        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
        Assert.That(Firm.Requests, Has.Count.EqualTo(1));
        Assert.That(Firm.Requests[0].Dropped, Is.True);
        Assert.That(Firm.Requests[0].StatusCode, Is.Null);
    }

    [Test]
    public async Task EnqueueFault_AcceptThenDropOnPooledConnection_ClientSeesErrorAndNoSilentResend()
    {
        using (await PostOrderAsync(OrderJson("pc-warm"), idempotencyKey: "pc-warm")) { }
        Firm.EnqueueFault(SandboxFault.AcceptThenDrop());

        Assert.That(async () => await PostOrderAsync(OrderJson("pc-drop"), idempotencyKey: "pc-drop"), Throws.InstanceOf<HttpRequestException>());

        Assert.That(Firm.Requests.Select(r => r.Dropped), Is.EqualTo(new[] { false, true }));
        Assert.That(Firm.Orders, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task EnqueueFault_AcceptThenDropThenRetrySameKey_ReturnsFirstOrder()
    {
        Firm.EnqueueFault(SandboxFault.AcceptThenDrop());
        using var client = new HttpClient();

        Assert.That(async () => await PostOrderAsync(client: client), Throws.InstanceOf<HttpRequestException>());
        using var lookup = await GetAsync(new Uri(OrdersUrl() + "?client_order_id=pc-1"));
        using var retry = await PostOrderAsync();

        Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EnqueueFault_DefaultMethodPost_DoesNotHitGet()
    {
        Firm.EnqueueFault(SandboxFault.Status(503));

        using var get = await GetAsync(OrderUrl("NOPE-1"));
        using var post = await PostOrderAsync();

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task EnqueueFault_MethodGetTimesTwo_HitsTwoGetsOnly()
    {
        Firm.EnqueueFault(SandboxFault.Status(503) with { Method = "get", Times = 2 });

        using var post = await PostOrderAsync();
        using var first = await GetAsync(OrderUrl("NOPE-1"));
        using var second = await GetAsync(OrderUrl("NOPE-1"));
        using var third = await GetAsync(OrderUrl("NOPE-1"));

        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Firm.PendingFaultCount, Is.Zero);
    }

    [Test]
    public async Task EnqueueFault_AnyMethod_HitsDelete()
    {
        Firm.EnqueueFault(SandboxFault.Status(503) with { Method = null });

        using var response = await DeleteAsync(OrderUrl("NOPE-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task EnqueueFault_Several_AppliedInOrder()
    {
        Firm.EnqueueFault(SandboxFault.Status(429));
        Firm.EnqueueFault(SandboxFault.Status(503));

        using var first = await PostOrderAsync();
        using var second = await PostOrderAsync();
        using var third = await PostOrderAsync();

        Assert.That(
            new[] { first.StatusCode, second.StatusCode, third.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created }));
    }

    [Test]
    public async Task EnqueueFault_BadKey_401WithoutConsumingFault()
    {
        Firm.EnqueueFault(SandboxFault.Status(503));

        using var unauthorized = await PostOrderAsync(apiKey: "wrong");

        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Firm.PendingFaultCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ClearFaults_RemovesQueuedAndRandomFaults()
    {
        Firm.EnqueueFault(SandboxFault.Status(503));
        Firm.SetRandomFaults(seed: 1, probability: 1, SandboxFault.Status(500));

        Firm.ClearFaults();
        using var response = await PostOrderAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.PendingFaultCount, Is.Zero);
    }

    [Test]
    public async Task SetRandomFaults_SameSeed_SameSequence()
    {
        var other = Server.AddFirm($"{Firm.Code}R", ApiKey);
        var different = Server.AddFirm($"{Firm.Code}S", ApiKey);
        SandboxFault[] kinds = [SandboxFault.Status(503), SandboxFault.Status(429)];
        Firm.SetRandomFaults(seed: 42, probability: 0.5, kinds);
        other.SetRandomFaults(seed: 42, probability: 0.5, kinds);
        different.SetRandomFaults(seed: 7, probability: 0.5, kinds);

        var first = await StatusesAsync(Firm, 40);
        var second = await StatusesAsync(other, 40);
        var third = await StatusesAsync(different, 40);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(third, Is.Not.EqualTo(first));
        Assert.That(first, Does.Contain(HttpStatusCode.ServiceUnavailable).And.Contain(HttpStatusCode.TooManyRequests).And.Contain(HttpStatusCode.Created));
    }

    [Test]
    public async Task SetRandomFaults_ConcurrentRequests_SameFaultCountAsSequential()
    {
        var other = Server.AddFirm($"{Firm.Code}C", ApiKey);
        Firm.SetRandomFaults(seed: 3, probability: 0.3, SandboxFault.Status(503));
        other.SetRandomFaults(seed: 3, probability: 0.3, SandboxFault.Status(503));

        var sequential = await StatusesAsync(Firm, 100);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await PostOrderAsync(OrderJson($"pc-{i}"), idempotencyKey: $"pc-{i}", firm: other);
            return response.StatusCode;
        }));

        Assert.That(concurrent.Count(s => s == HttpStatusCode.ServiceUnavailable), Is.EqualTo(sequential.Count(s => s == HttpStatusCode.ServiceUnavailable)));
        Assert.That(other.Orders, Has.Count.EqualTo(concurrent.Count(s => s == HttpStatusCode.Created)));
    }

    [Test]
    public async Task SetRandomFaults_ProbabilityZeroOrOne_NeverOrAlways()
    {
        var always = Server.AddFirm($"{Firm.Code}A", ApiKey);
        Firm.SetRandomFaults(seed: 1, probability: 0, SandboxFault.Status(503));
        always.SetRandomFaults(seed: 1, probability: 1, SandboxFault.Status(503));

        Assert.That(await StatusesAsync(Firm, 10), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(await StatusesAsync(always, 10), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public void SetRandomFaults_BadArguments_Throw()
    {
        Assert.That(() => Firm.SetRandomFaults(1, 1.5, SandboxFault.Status(503)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Firm.SetRandomFaults(1, double.NaN, SandboxFault.Status(503)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Firm.SetRandomFaults(1, 0.5), Throws.ArgumentException);
    }

    [Test]
    public void SandboxFault_BadArguments_Throw()
    {
        Assert.That(() => SandboxFault.Status(200), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SandboxFault.Reject(700, "x"), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SandboxFault.Delay(TimeSpan.FromSeconds(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SandboxFault.MalformedBody() with { Times = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private async Task<HttpStatusCode[]> StatusesAsync(SandboxFirm firm, int count)
    {
        var statuses = new HttpStatusCode[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await PostOrderAsync(OrderJson($"pc-{i}"), idempotencyKey: $"pc-{i}", firm: firm);
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }
}
