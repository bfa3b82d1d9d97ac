using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PropConnectors.Http;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Rest;
using PropConnectors.Results;
using RichardSzalay.MockHttp;

namespace PropConnectors.Samples.AcmeConnector.Tests;

/// <summary>Acme's wire format: the header, paths and JSON shapes that differ from the generic REST contract.</summary>
[TestFixture]
public sealed class AcmeConnectorTests
{
    private const string BaseUrl = "https://api.acme.test/";
    private const string ApiKey = "acme-unit-test-key-0123456789";
    private const string TradesUrl = "https://api.acme.test/api/v2/trades";

    private MockHttpMessageHandler _http = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void SetUp() => _http = new MockHttpMessageHandler();

    [TearDown]
    public async Task TearDownAsync()
    {
        await _services.DisposeAsync();
        _http.Dispose();
    }

    [Test]
    public async Task PlaceOrderAsync_LiveMode_PostsAcmeTradeWithApiKeyHeaderOnly()
    {
        AcmeConnector acme = CreateConnector();
        OrderRequest order = Order() with { Side = OrderSide.Sell, Quantity = 2, OrderType = OrderType.Limit, EntryPrice = 18000.5m };
        _http.Expect(HttpMethod.Post, TradesUrl)
            .WithHeaders(AcmeConnector.ApiKeyHeader, ApiKey)
            .With(request => request.Headers.Authorization is null)
            .WithContent($$"""{"ref":"{{order.ClientOrderId}}","instrument":"NQ","direction":"short","size":2,"kind":"limit","price":18000.5}""")
            .Respond(HttpStatusCode.Created, "application/json", """{"trade":{"id":"ACME-000009","ref":"x","state":"working"}}""");

        ConnectorResult result = await acme.PlaceOrderAsync(order);

        _http.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(result.ExternalOrderId, Is.EqualTo("ACME-000009"));
            Assert.That(result.OrderStatus, Is.EqualTo("WORKING"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.RawRequest?.Url, Is.EqualTo(TradesUrl));
        }
    }

    [Test]
    public async Task PlaceOrderAsync_FirmRejectsWithErrorEnvelope_FailedWithCodeAndDetail()
    {
        AcmeConnector acme = CreateConnector();
        _http.Expect(HttpMethod.Post, TradesUrl)
            .Respond(HttpStatusCode.UnprocessableEntity, "application/json", """{"error":{"code":"MARGIN","detail":"not enough margin"}}""");

        ConnectorResult result = await acme.PlaceOrderAsync(Order());

        _http.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(result.ErrorMessage, Does.Contain("MARGIN: not enough margin"));
        }
    }

    [Test]
    public async Task PlaceOrderAsync_FirmEchoesApiKeyInError_KeyRedactedFromResult()
    {
        AcmeConnector acme = CreateConnector();
        _http.Expect(HttpMethod.Post, TradesUrl)
            .Respond(HttpStatusCode.BadRequest, "application/json", $$$"""{"error":{"code":"BAD","detail":"key {{{ApiKey}}} cannot trade NQ"}}""");

        ConnectorResult result = await acme.PlaceOrderAsync(Order());

        _http.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(result.ToString(), Does.Not.Contain(ApiKey).And.Contain("key *** cannot trade NQ"));
        }
    }

    [Test]
    public async Task PlaceOrderAsync_DryRun_PreviewsAcmeTradeAndSendsNothing()
    {
        AcmeConnector acme = CreateConnector(dryRun: true);
        OrderRequest order = Order();

        ConnectorResult result = await acme.PlaceOrderAsync(order);

        _http.VerifyNoOutstandingRequest();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(result.RawRequest?.Method, Is.EqualTo("POST"));
            Assert.That(result.RawRequest?.Url, Is.EqualTo(TradesUrl));
            Assert.That(result.RawRequest?.Body?.GetRawText(), Is.EqualTo($$"""{"ref":"{{order.ClientOrderId}}","instrument":"NQ","direction":"long","size":1,"kind":"market"}"""));
        }
    }

    [Test]
    public async Task FindOrderAsync_NoSuchRef_GetsByRefPathAndReportsOrderNotFound()
    {
        AcmeConnector acme = CreateConnector();
        string clientOrderId = Order().ClientOrderId;
        _http.Expect(HttpMethod.Get, $"{TradesUrl}/by-ref/{clientOrderId}")
            .WithHeaders(AcmeConnector.ApiKeyHeader, ApiKey)
            .Respond(HttpStatusCode.NotFound, "application/json", """{"error":{"code":"NOT_FOUND","detail":"no trade with this ref"}}""");

        ConnectorResult result = await acme.FindOrderAsync(clientOrderId);

        _http.VerifyNoOutstandingExpectation();
        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
    }

    [Test]
    public async Task GetOrderStatusAsync_Trade_SuccessWithUpperCaseState()
    {
        AcmeConnector acme = CreateConnector();
        _http.Expect(HttpMethod.Get, $"{TradesUrl}/ACME-000001")
            .Respond("application/json", """{"trade":{"id":"ACME-000001","ref":"r","state":"filled"}}""");

        ConnectorResult result = await acme.GetOrderStatusAsync("ACME-000001");

        _http.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("ACME-000001"));
            Assert.That(result.OrderStatus, Is.EqualTo("FILLED"));
        }
    }

    [Test]
    public async Task CancelOrderAsync_NoContent_SuccessForThatOrder()
    {
        AcmeConnector acme = CreateConnector();
        _http.Expect(HttpMethod.Delete, $"{TradesUrl}/ACME-000002").Respond(HttpStatusCode.NoContent);

        ConnectorResult result = await acme.CancelOrderAsync("ACME-000002");

        _http.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(result.ExternalOrderId, Is.EqualTo("ACME-000002"));
        }
    }

    [Test]
    public void AddAcme_RegisteredTwice_OneConnectorInRegistry()
    {
        var services = new ServiceCollection();
        services.AddPropConnectors().AddAcme().AddAcme();
        _services = services.BuildServiceProvider();

        IPropConnectorRegistry registry = _services.GetRequiredService<IPropConnectorRegistry>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registry.Connectors.Select(c => c.FirmCode), Is.EqualTo(new[] { AcmeFirm.Code }));
            Assert.That(registry.TryGet("acme", out BasePropConnector? connector), Is.True);
            Assert.That(connector, Is.SameAs(_services.GetRequiredService<AcmeConnector>()));
        }
    }

    [Test]
    public void AddAcme_FlatVariables_EnableTheFirmWithItsDefaults()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ACME_ENABLED"] = "true",
            ["ACME_API_KEY"] = ApiKey,
            ["ACME_BASE_URL"] = BaseUrl,
        }).Build());
        services.AddPropConnectors().AddAcme();
        _services = services.BuildServiceProvider();

        AcmeConnector acme = _services.GetRequiredService<AcmeConnector>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(acme.IsEnabled, Is.True, acme.GetConfigurationProblem());
            Assert.That(acme.Options.BaseUrl, Is.EqualTo(BaseUrl));
            Assert.That(acme.Options.SupportedSymbols, Is.EqualTo(AcmeFirm.DefaultSymbols));
            Assert.That(acme.Options.MaxPositionSize, Is.EqualTo(AcmeFirm.DefaultMaxPositionSize));
            Assert.That(acme.DisplayName, Is.EqualTo("Acme Prop"));
        }
    }

    [Test]
    public void AddAcme_NullBuilder_Throws()
    {
        _services = new ServiceCollection().BuildServiceProvider();

        Assert.That(() => AcmeBuilderExtensions.AddAcme(null!), Throws.ArgumentNullException);
    }

    private AcmeConnector CreateConnector(bool dryRun = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPropConnectors(o => o.DryRun = dryRun).AddAcme(o =>
        {
            o.Enabled = true;
            o.ApiKey = ApiKey;
            o.BaseUrl = BaseUrl;
            o.MaxAttempts = 1;
        });
        services.AddHttpClient(PropConnectorsHttp.ClientName(AcmeFirm.Code)).ConfigurePrimaryHttpMessageHandler(() => _http);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<AcmeConnector>();
    }

    private static OrderRequest Order() => new()
    {
        ClientOrderId = ClientOrderIds.Create("task-acme-1", AcmeFirm.Code),
        Symbol = "NQ",
        Side = OrderSide.Buy,
        Quantity = 1,
    };
}
