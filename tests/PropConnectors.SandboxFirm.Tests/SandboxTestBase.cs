namespace PropConnectors.SandboxFirm.Tests;

/// <summary>One in-process server per fixture on 127.0.0.1:0, a fresh firm per test, and a plain HttpClient.</summary>
public abstract class SandboxTestBase
{
    protected const string ApiKey = "sandbox-test-key";

    private static int s_firmCounter;

    protected SandboxFirmServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected SandboxFirm Firm { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        Server = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = 0 });
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    [SetUp]
    public void AddFreshFirm() => Firm = Server.AddFirm($"F{Interlocked.Increment(ref s_firmCounter)}", ApiKey);

    protected static string OrderJson(
        string? clientOrderId = "pc-1", string symbol = "NQ", string side = "BUY", decimal quantity = 1, string? orderType = null) =>
        "{" + (clientOrderId is null ? string.Empty : $"\"client_order_id\":\"{clientOrderId}\",")
            + $"\"symbol\":\"{symbol}\",\"side\":\"{side}\",\"quantity\":{quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            + (orderType is null ? string.Empty : $",\"order_type\":\"{orderType}\"" + (orderType == "MARKET" ? string.Empty : ",\"entry_price\":4156.25"))
            + "}";

    protected static HttpRequestMessage Request(HttpMethod method, Uri url, string? apiKey = ApiKey, string? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("PropConnectors.SandboxFirm.Tests/1.0");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    protected Uri OrdersUrl(SandboxFirm? firm = null) => new((firm ?? Firm).BaseUrl + "/orders");

    protected Uri OrderUrl(string orderId, SandboxFirm? firm = null) => new((firm ?? Firm).BaseUrl + "/orders/" + Uri.EscapeDataString(orderId));

    protected Task<HttpResponseMessage> PostOrderAsync(string? body = null, string? idempotencyKey = "pc-1", string? apiKey = ApiKey, SandboxFirm? firm = null, HttpClient? client = null) =>
        (client ?? Http).SendAsync(Request(HttpMethod.Post, OrdersUrl(firm), apiKey, body ?? OrderJson(), idempotencyKey));

    protected Task<HttpResponseMessage> GetAsync(Uri url, string? apiKey = ApiKey) => Http.SendAsync(Request(HttpMethod.Get, url, apiKey));

    protected Task<HttpResponseMessage> DeleteAsync(Uri url, string? apiKey = ApiKey) => Http.SendAsync(Request(HttpMethod.Delete, url, apiKey));

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    protected static async Task<string?> ErrorAsync(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("error").GetString();
}
