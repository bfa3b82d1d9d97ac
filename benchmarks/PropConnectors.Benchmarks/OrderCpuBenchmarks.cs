using PropConnectors.Registration;
using PropConnectors.Orders;
using PropConnectors.Results;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Rest;
using PropConnectors.Routing;
using PropConnectors.Serialization;

namespace PropConnectors.Benchmarks;

/// <summary>
/// The CPU work the SDK adds to one order, without a network (not an issue target; it is where
/// <see cref="OrderOverheadBenchmarks"/>' difference comes from): the same three calls, but the firm is an
/// <see cref="InMemoryFirmHandler"/> that answers synchronously on the caller's thread, so sockets and thread
/// scheduling are out of the picture and the figures are stable on a busy machine. One core. <see cref="Layers"/>
/// leaves one SDK layer out at a time to show what each costs; published figures use <see cref="Variant.Full"/>.
/// </summary>
[Config(typeof(OneCoreConfig))]
public class OrderCpuBenchmarks
{
    private const string ApiKey = "bench-secret-key";
    private static readonly Uri BaseUrl = new("http://127.0.0.1:9/v1");

    private ServiceProvider _services = null!;
    private IExecutionRouter _router = null!;
    private BasePropConnector _connector = null!;
    private ExecutionTask _task = null!;
    private ExecutionTask _sizedTask = null!;
    private OrderRequest _order = null!;
    private HttpClient _raw = null!;
    private Uri _ordersUrl = null!;
    private byte[] _body = null!;
    private RawOrderPost _rawPost = null!;

    /// <summary>The SDK layers left out (the raw baseline never has any).</summary>
    public enum Variant
    {
        /// <summary>Everything on, as published.</summary>
        Full,

        /// <summary>No log line at all (minimum level None).</summary>
        NoLogs,

        /// <summary>The handlers the SDK adds to the firm's client removed (resilience pipeline, secret scrubbing); the connector's own placement protocol stays.</summary>
        NoFirmHandlers,
    }

    [Params(Variant.Full, Variant.NoLogs, Variant.NoFirmHandlers)]
    public Variant Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        JsonReflectionGuard.Enforce();
        SdkHostVariant variant = Layers switch
        {
            Variant.NoLogs => new SdkHostVariant { MinimumLevel = LogLevel.None, PrimaryHandler = static () => new InMemoryFirmHandler() },
            Variant.NoFirmHandlers => new SdkHostVariant { FirmHandlers = false, PrimaryHandler = static () => new InMemoryFirmHandler() },
            _ => new SdkHostVariant { PrimaryHandler = static () => new InMemoryFirmHandler() },
        };
        _services = SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", BaseUrl, ApiKey)], variant);
        _router = _services.GetRequiredService<IExecutionRouter>();
        _connector = _services.GetRequiredService<IPropConnectorRegistry>().TryGet("FTMO", out BasePropConnector? c) ? c : throw new InvalidOperationException("FTMO is not registered.");
        _task = BenchmarkTasks.Parse("bench-overhead-1", ["FTMO"]);
        _sizedTask = ExecutionJson.Parse(BenchmarkTasks.SizedJson("bench-sized-1", ["FTMO"]));
        _order = OrderPayloadBuilder.Build(_task, "FTMO").Order ?? throw new InvalidOperationException("The benchmark task is invalid.");
        _body = JsonSerializer.SerializeToUtf8Bytes(_order, PropConnectorsJson.OrderRequest);
        _ordersUrl = new Uri(BaseUrl + "/orders");
        _raw = RawOrderPost.CreateClient(new InMemoryFirmHandler());
        _rawPost = new RawOrderPost(_raw, _ordersUrl, _body, ApiKey, _order.ClientOrderId);

        RawHttpClient().GetAwaiter().GetResult();
        SdkConnector().GetAwaiter().GetResult();
        SdkRouter().GetAwaiter().GetResult();
        SdkRouterSized().GetAwaiter().GetResult();
        SdkAccountRead().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST (in-memory firm)")]
    public Task<int> RawHttpClient() => _rawPost.SendAsync();

    [Benchmark(Description = "SDK connector.PlaceOrderAsync (in-memory firm)")]
    public async Task<ConnectorResult> SdkConnector()
    {
        ConnectorResult result = await _connector.PlaceOrderAsync(_order).ConfigureAwait(false);
        if (result.Status != ConnectorStatus.Success)
        {
            throw new InvalidOperationException($"{result.Status} {result.ErrorCode}: {result.ErrorMessage}");
        }

        return result;
    }

    [Benchmark(Description = "SDK router.ExecuteAsync, 1 firm (in-memory firm)")]
    public async Task<ExecutionResult> SdkRouter()
    {
        ExecutionResult result = await _router.ExecuteAsync(_task).ConfigureAwait(false);
        if (!result.Routed)
        {
            throw new InvalidOperationException("Not routed: " + result.Details);
        }

        return result;
    }

    [Benchmark(Description = "SDK router, sized from the account (in-memory firm)")]
    public async Task<ExecutionResult> SdkRouterSized()
    {
        ExecutionResult result = await _router.ExecuteAsync(_sizedTask).ConfigureAwait(false);
        return result.ConnectorResults[0].Sizing?.Quantity == 4m ? result : throw new InvalidOperationException("Not sized: " + result.Details);
    }

    [Benchmark(Description = "SDK connector.GetAccountStateAsync (in-memory firm)")]
    public async Task<Accounts.ConnectorRead<Accounts.AccountState>> SdkAccountRead()
    {
        Accounts.ConnectorRead<Accounts.AccountState> read = await _connector.GetAccountStateAsync().ConfigureAwait(false);
        return read.IsSuccess ? read : throw new InvalidOperationException(read.ErrorMessage);
    }
}
