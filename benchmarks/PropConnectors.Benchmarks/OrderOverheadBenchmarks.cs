using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Rest;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.Serialization;

namespace PropConnectors.Benchmarks;

/// <summary>
/// Issue target 1: the latency and allocations the SDK adds to one order. Both sides POST the same bytes (checked in
/// setup) with the same headers over the same connection to the same minimal Kestrel firm on loopback
/// (<see cref="MinimalFirmServer"/>, in a process of its own: <see cref="FirmServerProcess"/>), one order at a time.
/// Allocations are this process's: the host's alone.
/// </summary>
[Config(typeof(LatencyConfig))]
public class OrderOverheadBenchmarks
{
    private const string ApiKey = "bench-secret-key";

    private FirmServerProcess _server = null!;
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
    private HttpMessageHandler? _sdkChain;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        GC.KeepAlive(_sdkChain);
        _services.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Orders placed one after another in each invocation of the <see cref="Invocation.Awaited"/> style.</summary>
    private const int OrdersPerAwaitedLoop = 16;

    /// <summary>How each order is started.</summary>
    public enum Invocation
    {
        /// <summary>
        /// As a host runs orders: an async loop awaits one order, then starts the next (the SDK's hosted service, a
        /// webhook handler). Each order starts on the thread its predecessor finished on.
        /// </summary>
        Awaited,

        /// <summary>
        /// BenchmarkDotNet's own way: each order is started on the benchmark thread, which blocks until it completes;
        /// the order's continuations run on I/O threads, so no thread ever starts two orders in a row.
        /// </summary>
        Blocking,
    }

    [Params(Invocation.Awaited, Invocation.Blocking)]
    public Invocation Style { get; set; }

    /// <summary>The baseline: what an application would write by hand. One POST of the SDK's body with the SDK's headers, answer read to the end.</summary>
    [Benchmark(Baseline = true, Description = "raw HttpClient POST", OperationsPerInvoke = OrdersPerAwaitedLoop)]
    public Task RawHttpClient() => Run(static b => b._rawPost.SendAsync());

    /// <summary>The full SDK: <see cref="IExecutionRouter.ExecuteAsync"/> with a one-firm task (payload build, gate, rules, re-attempt pipeline, connector, HTTP pipeline, JSON, logs, metrics).</summary>
    [Benchmark(Description = "SDK router.ExecuteAsync (1 firm)", OperationsPerInvoke = OrdersPerAwaitedLoop)]
    public Task SdkRouter() => Run(static b => b.RouteOnceAsync());

    /// <summary>An entry sized from risk (CONTRACT §14): the router reads the account (one GET), then places the order.</summary>
    [Benchmark(Description = "SDK router, sized from the account", OperationsPerInvoke = OrdersPerAwaitedLoop)]
    public Task SdkRouterSized() => Run(static b => b.RouteSizedOnceAsync());

    /// <summary>The connector alone (<see cref="BasePropConnector.PlaceOrderAsync(OrderRequest, CancellationToken)"/>), for the breakdown.</summary>
    [Benchmark(Description = "SDK connector.PlaceOrderAsync", OperationsPerInvoke = OrdersPerAwaitedLoop)]
    public Task SdkConnector() => Run(static b => b.PlaceOnceAsync());

    // Both styles place OrdersPerAwaitedLoop orders per invocation, one at a time, so every row is per order.
    private async Task Run(Func<OrderOverheadBenchmarks, Task> order)
    {
        for (int i = 0; i < OrdersPerAwaitedLoop; i++)
        {
            if (Style == Invocation.Awaited)
            {
                await order(this).ConfigureAwait(false);
            }
            else
            {
                // Blocks this thread for the order, as BenchmarkDotNet does for one Task-returning benchmark call.
                order(this).GetAwaiter().GetResult();
            }
        }
    }

    private async Task RouteOnceAsync()
    {
        ExecutionResult result = await _router.ExecuteAsync(_task).ConfigureAwait(false);
        if (!result.Routed)
        {
            throw new InvalidOperationException("Not routed: " + result.Details);
        }
    }

    private async Task RouteSizedOnceAsync()
    {
        ExecutionResult result = await _router.ExecuteAsync(_sizedTask).ConfigureAwait(false);
        if (result.ConnectorResults[0].Sizing?.Quantity != 4m)
        {
            throw new InvalidOperationException("Not sized: " + result.Details);
        }
    }

    private async Task PlaceOnceAsync()
    {
        ConnectorResult result = await _connector.PlaceOrderAsync(_order).ConfigureAwait(false);
        if (result.Status != ConnectorStatus.Success)
        {
            throw new InvalidOperationException($"{result.Status} {result.ErrorCode}: {result.ErrorMessage}");
        }
    }

    private async Task SetupAsync()
    {
        JsonReflectionGuard.Enforce();
        (int Host, int Firm)? cpus = LatencyConfig.PinnedLayout();
        if (cpus is { } pinned)
        {
            Cpus.Pin(pinned.Host);
        }

        _server = await FirmServerProcess.StartAsync(cpus?.Firm).ConfigureAwait(false);
        _services = SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", _server.BaseUrl, ApiKey)]);
        _router = _services.GetRequiredService<IExecutionRouter>();
        _connector = _services.GetRequiredService<IPropConnectorRegistry>().TryGet("FTMO", out BasePropConnector? c) ? c : throw new InvalidOperationException("FTMO is not registered.");
        _task = BenchmarkTasks.Parse("bench-overhead-1", ["FTMO"]);
        _sizedTask = ExecutionJson.Parse(BenchmarkTasks.SizedJson("bench-sized-1", ["FTMO"]));
        OrderPayloadResult built = OrderPayloadBuilder.Build(_task, "FTMO");
        _order = built.Order ?? throw new InvalidOperationException(built.ErrorMessage);
        _body = JsonSerializer.SerializeToUtf8Bytes(_order, PropConnectorsJson.OrderRequest);
        _ordersUrl = new Uri(_server.BaseUrl + "/orders");

        // The raw POST rides the SDK's own SocketsHttpHandler, so both sides use one connection (see SdkHost.SocketsHandlerOf).
        _raw = RawOrderPost.CreateClient(SdkHost.SocketsHandlerOf(_services, "FTMO", out _sdkChain), disposeHandler: false);

        _rawPost = new RawOrderPost(_raw, _ordersUrl, _body, ApiKey, _order.ClientOrderId);

        // Both sides send the same bytes, and each call works, before anything is timed.
        await ExpectSdkBodyAsync(_task, _body).ConfigureAwait(false);
        await RouteOnceAsync().ConfigureAwait(false);
        await PlaceOnceAsync().ConfigureAwait(false);
        await RouteSizedOnceAsync().ConfigureAwait(false);
        await _rawPost.SendAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Routes <paramref name="task"/> once through an SDK host pointed at a firm in this process that keeps the body, and
    /// throws unless it is <paramref name="expected"/>: the raw baseline sends exactly what the SDK sends.
    /// </summary>
    private static async Task ExpectSdkBodyAsync(ExecutionTask task, byte[] expected)
    {
        await using MinimalFirmServer probe = await MinimalFirmServer.StartAsync().ConfigureAwait(false);
        await using ServiceProvider services = SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", probe.BaseUrl, ApiKey)]);
        probe.CaptureNext();
        ExecutionResult result = await services.GetRequiredService<IExecutionRouter>().ExecuteAsync(task).ConfigureAwait(false);
        byte[] sdkBody = result.Routed ? probe.Captured ?? throw new InvalidOperationException("The SDK's request body was not captured.") : throw new InvalidOperationException("Not routed: " + result.Details);
        if (!sdkBody.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException("The SDK sent other bytes than the raw baseline would.");
        }
    }
}
