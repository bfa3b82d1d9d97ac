namespace PropConnectors.SandboxFirm.Tests;

public sealed class ServerTests : SandboxTestBase
{
    [Test]
    public void StartAsync_PortZero_BindsLoopbackOnFreePort()
    {
        Assert.That(Server.Port, Is.GreaterThan(0));
        Assert.That(Server.BaseAddress, Is.EqualTo(new Uri($"http://127.0.0.1:{Server.Port}/")));
    }

    [Test]
    public void AddFirm_Code_BaseUrlUnderFirmsCodeV1AndUpperCase()
    {
        var firm = Server.AddFirm($"{Firm.Code}ftmo", "k");

        Assert.That(firm.Code, Is.EqualTo($"{Firm.Code}FTMO"));
        Assert.That(firm.BaseUrl, Is.EqualTo(new Uri($"http://127.0.0.1:{Server.Port}/firms/{Firm.Code}FTMO/v1")));
        Assert.That(Server.GetFirm(firm.Code.ToLowerInvariant()), Is.SameAs(firm));
        Assert.That(Server.Firms, Does.Contain(firm));
    }

    [Test]
    public void AddFirm_DuplicateInOtherCase_Throws()
    {
        Assert.That(() => Server.AddFirm(Firm.Code.ToLowerInvariant(), "k"), Throws.InvalidOperationException);
    }

    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("has space")]
    public void AddFirm_InvalidCode_Throws(string code)
    {
        Assert.That(() => Server.AddFirm(code, "k"), Throws.ArgumentException);
    }

    [Test]
    public void AddFirm_EmptyKey_Throws()
    {
        Assert.That(() => Server.AddFirm($"{Firm.Code}K", " "), Throws.ArgumentException);
    }

    [Test]
    public void GetFirm_Unknown_ThrowsKeyNotFound()
    {
        Assert.That(() => Server.GetFirm("NOSUCHFIRM"), Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(Server.TryGetFirm("NOSUCHFIRM", out _), Is.False);
    }

    [Test]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        Assert.That(
            async () => await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = Server.Port }),
            Throws.InstanceOf<IOException>());
        using var still = await PostOrderAsync();
        Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task DisposeAsync_DuringLongDelay_StopsPromptlyAndClientSeesError()
    {
        var server = await SandboxFirmServer.StartAsync();
        var firm = server.AddFirm("SLOW", "k");
        firm.EnqueueFault(SandboxFault.Delay(TimeSpan.FromMinutes(5)));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var pending = client.SendAsync(Request(HttpMethod.Post, new Uri(firm.BaseUrl + "/orders"), "k", OrderJson()));
        await firm.WaitForRequestsReceivedAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(async () => await pending, Throws.InstanceOf<HttpRequestException>());
        Assert.That(firm.Requests, Has.Count.EqualTo(1));
        Assert.That(firm.Requests[0].StatusCode, Is.Null);
        Assert.That(firm.Orders, Is.Empty);
    }
}
