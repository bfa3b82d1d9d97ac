using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PropConnectors.Http;
using PropConnectors.Preflight;
using PropConnectors.Registration;
using PropConnectors.Rest;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests.Support;

/// <summary>A real DI container with FTMO and Apex pointed at MockHttp, a fake clock and fake logging.</summary>
internal sealed class RouterHarness : IDisposable
{
    public const string FtmoBaseUrl = "https://ftmo.test/v1";
    public const string ApexBaseUrl = "https://apex.test/v1";
    public const string FtmoOrdersUrl = FtmoBaseUrl + "/orders";
    public const string ApexOrdersUrl = ApexBaseUrl + "/orders";
    public const string FtmoKey = "ftmo-secret-key-7c1e";
    public const string ApexKey = "apex-secret-key-93bd";

    private RouterHarness(ServiceProvider services, FirmHttp ftmo, FirmHttp apex, FakeTimeProvider time)
    {
        Services = services;
        Ftmo = ftmo;
        Apex = apex;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FirmHttp Ftmo { get; }

    public FirmHttp Apex { get; }

    public FakeTimeProvider Time { get; }

    public IExecutionRouter Router => Services.GetRequiredService<IExecutionRouter>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Both firms enabled with keys and base URLs, FTMO trading NQ too, no transport backoff; dry-run as configured.</summary>
    public static Dictionary<string, string?> FirmSettings(bool live) => new()
    {
        ["FTMO_ENABLED"] = "true",
        ["FTMO_API_KEY"] = FtmoKey,
        ["FTMO_BASE_URL"] = FtmoBaseUrl,
        ["FTMO_SUPPORTED_SYMBOLS"] = "NQ,ES,EURUSD,US100.cash",
        ["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00",
        ["APEX_ENABLED"] = "true",
        ["APEX_API_KEY"] = ApexKey,
        ["APEX_BASE_URL"] = ApexBaseUrl,
        ["PropConnectors:Firms:APEX:AcknowledgeAutomationPolicy"] = "true",
        ["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00",
        ["EXECUTION_DRY_RUN"] = live ? "false" : null,
    };

    public static RouterHarness Create(
        bool live = false,
        Action<Dictionary<string, string?>>? settings = null,
        Action<RoutingOptions>? routing = null,
        Action<IPropConnectorsBuilder>? connectors = null,
        Action<IServiceCollection>? services = null,
        IConfiguration? configuration = null)
    {
        Dictionary<string, string?> values = FirmSettings(live);
        settings?.Invoke(values);
        configuration ??= new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var time = new FakeTimeProvider();
        var ftmo = new FirmHttp();
        var apex = new FirmHttp();

        var collection = new ServiceCollection();
        collection.AddSingleton(configuration);
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        IPropConnectorsBuilder builder = collection.AddPropConnectors().AddFtmo().AddApex();
        connectors?.Invoke(builder);
        builder.AddRouting(o => routing?.Invoke(o));
        collection.AddHttpClient(PropConnectorsHttp.ClientName("FTMO")).ConfigurePrimaryHttpMessageHandler(() => ftmo.Mock);
        collection.AddHttpClient(PropConnectorsHttp.ClientName("APEX")).ConfigurePrimaryHttpMessageHandler(() => apex.Mock);
        services?.Invoke(collection);

        return new RouterHarness(collection.BuildServiceProvider(), ftmo, apex, time);
    }

    public void Dispose() => Services.Dispose();
}

/// <summary>One firm's MockHttp: expectations must be met, and any other request is counted as unexpected.</summary>
internal sealed class FirmHttp
{
    private int _unexpected;

    public FirmHttp()
    {
        Mock.Fallback.Respond(_ =>
        {
            Interlocked.Increment(ref _unexpected);
            return new HttpResponseMessage(HttpStatusCode.NotImplemented);
        });
    }

    public MockHttpMessageHandler Mock { get; } = new(BackendDefinitionBehavior.Always);

    public int Unexpected => Volatile.Read(ref _unexpected);

    public static HttpResponseMessage Order(string orderId, string status = "FILLED") => new(HttpStatusCode.OK)
    {
        Content = new StringContent($"{{\"order_id\":\"{orderId}\",\"status\":\"{status}\"}}", Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Status(HttpStatusCode code, string? error = null) => new(code)
    {
        Content = new StringContent(error is null ? string.Empty : $"{{\"error\":\"{error}\"}}", Encoding.UTF8, "application/json"),
    };

    /// <summary>Every expectation was met and nothing else was sent.</summary>
    public void VerifyExactly()
    {
        Mock.VerifyNoOutstandingExpectation();
        Assert.That(Unexpected, Is.Zero, "requests that no expectation allowed");
    }
}

internal static class Tasks
{
    public const string ContractPayload = """
        {
          "symbol": "NQ",
          "side": "BUY",
          "quantity": 1,
          "order_type": "MARKET",
          "entry_price": 4156.25,
          "stop_loss": 4150.00,
          "session": "NY AM",
          "bias": "Bullish",
          "risk_percent": 0.01,
          "program_ids": [1, 5],
          "firm_codes": ["FTMO", "APEX"]
        }
        """;

    public static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static ExecutionTask Create(string id, string payload = ContractPayload) =>
        new(id, Json(payload)) { TradeId = "T-2025-11-22-001", EventType = "ENTRY" };
}
