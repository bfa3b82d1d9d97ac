namespace PropConnectors.SandboxFirm.Tests;

public sealed class AuthenticationTests : SandboxTestBase
{
    [TestCase(null)]
    [TestCase("wrong-key")]
    [TestCase("")]
    public async Task PostOrder_WithoutTheFirmsKey_Returns401AndStoresNothing(string? apiKey)
    {
        using var response = await PostOrderAsync(apiKey: apiKey);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorAsync(response), Is.EqualTo("invalid api key"));
        Assert.That(Firm.Orders, Is.Empty);
    }

    [Test]
    public async Task PostOrder_WithAnotherFirmsKey_Returns401()
    {
        var other = Server.AddFirm($"{Firm.Code}X", "other-key");

        using var response = await PostOrderAsync(apiKey: "other-key");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(other.Requests, Is.Empty);
    }

    [Test]
    public async Task GetAndDelete_WithoutKey_Return401()
    {
        using var get = await GetAsync(OrderUrl("X-1"), apiKey: null);
        using var delete = await DeleteAsync(OrderUrl("X-1"), apiKey: "nope");

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Request_UnknownFirmCode_Returns404()
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Post, new Uri(Server.BaseAddress, "firms/NOSUCHFIRM/v1/orders"), body: OrderJson()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Request_FirmCodeInOtherCase_IsServed()
    {
        var url = new Uri(Server.BaseAddress, $"firms/{Firm.Code.ToLowerInvariant()}/v1/orders");

        using var response = await Http.SendAsync(Request(HttpMethod.Post, url, body: OrderJson()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }
}
