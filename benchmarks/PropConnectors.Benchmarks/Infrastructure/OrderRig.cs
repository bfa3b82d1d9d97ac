using PropConnectors.Results;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Routing;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// Target 1's three sides, set up once for the harnesses that are not BenchmarkDotNet (<see cref="InterleavedLatency"/>,
/// <see cref="AllocationReport"/>, <see cref="ProfileSpin"/>): the raw POST of the SDK's exact order bytes, the FTMO
/// connector, and the router with a one-firm task, against the Kestrel firm on loopback (in this process, or in one of its
/// own: <see cref="StartWithServerProcessAsync"/>) or the in-memory firm. Each side
/// throws if an order does not succeed: a harness must never time a failure path.
/// </summary>
internal sealed class OrderRig : IAsyncDisposable
{
    public const string ApiKey = "bench-secret-key";

    private readonly IAsyncDisposable? _server;
    private readonly ServiceProvider _services;
    private readonly HttpClient _raw;
    private readonly List<ServiceProvider> _variants = [];
    private readonly List<IDisposable> _disposables = [];
    private HttpMessageHandler? _sdkChain;

    private OrderRig(IAsyncDisposable? server, Uri baseUrl)
    {
        _server = server;
        BaseUrl = baseUrl;
        _services = Build(SdkHostVariant.Full);
        Router = _services.GetRequiredService<IExecutionRouter>();
        Connector = _services.GetRequiredService<IPropConnectorRegistry>().TryGet("FTMO", out BasePropConnector? c) ? c : throw new InvalidOperationException("FTMO is not registered.");
        Task = BenchmarkTasks.Parse("bench-overhead-1", ["FTMO"]);
        SizedTask = ExecutionJson.Parse(BenchmarkTasks.SizedJson("bench-sized-1", ["FTMO"]));
        Order = OrderPayloadBuilder.Build(Task, "FTMO").Order ?? throw new InvalidOperationException("The benchmark task is invalid.");
        byte[] body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Order, PropConnectors.Serialization.PropConnectorsJson.OrderRequest);
        // On the network the raw POST rides the SDK's own SocketsHttpHandler, and so its connection (SdkHost.SocketsHandlerOf;
        // "connections" in InterleavedLatency shows what a connection of its own moves).
        _raw = server is null
            ? RawOrderPost.CreateClient(new InMemoryFirmHandler())
            : RawOrderPost.CreateClient(SdkHost.SocketsHandlerOf(_services, "FTMO", out _sdkChain), disposeHandler: false);
        RawPost = new RawOrderPost(_raw, new Uri(baseUrl + "/orders"), body, ApiKey, Order.ClientOrderId);
    }

    public bool Network => _server is not null;

    /// <summary>
    /// A raw POST on a connection of its own (a <see cref="SocketsHttpHandler"/> configured as the SDK's), as the baseline
    /// was before it shared the SDK's: "connections" in <see cref="InterleavedLatency"/> shows what that alone moves.
    /// </summary>
    public Func<Task> RawOnItsOwnConnection()
    {
        HttpClient client = RawOrderPost.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(10) });
        _disposables.Add(client);
        var post = new RawOrderPost(client, new Uri(BaseUrl + "/orders"), RawPost.Body, ApiKey, Order.ClientOrderId);
        return async () => await post.SendAsync().ConfigureAwait(false);
    }

    public Uri BaseUrl { get; }

    public IExecutionRouter Router { get; }

    public BasePropConnector Connector { get; }

    public ExecutionTask Task { get; }

    /// <summary>The entry sized from the account: one account read, then the order (4 contracts from 1 % of 50,000 over 6.25 NQ points).</summary>
    public ExecutionTask SizedTask { get; }

    public OrderRequest Order { get; }

    public RawOrderPost RawPost { get; }

    /// <summary>Starts the rig: <paramref name="network"/> against Kestrel on loopback, otherwise the in-memory firm.</summary>
    public static async Task<OrderRig> StartAsync(bool network)
    {
        JsonReflectionGuard.Enforce();
        MinimalFirmServer? server = network ? await MinimalFirmServer.StartAsync().ConfigureAwait(false) : null;
        return new OrderRig(server, server?.BaseUrl ?? new Uri("http://127.0.0.1:9/v1"));
    }

    /// <summary>Starts the rig against the Kestrel firm in a process of its own (<see cref="FirmServerProcess"/>).</summary>
    public static async Task<OrderRig> StartWithServerProcessAsync(int? serverCpu)
    {
        JsonReflectionGuard.Enforce();
        FirmServerProcess server = await FirmServerProcess.StartAsync(serverCpu).ConfigureAwait(false);
        return new OrderRig(server, server.BaseUrl);
    }

    public async Task RawAsync() => await RawPost.SendAsync().ConfigureAwait(false);

    public Task ConnectorAsync() => PlaceAsync(Connector, Order);

    public Task RouterAsync() => RouteAsync(Router, Task);

    public Task RouterSizedAsync() => RouteAsync(Router, SizedTask);

    /// <summary>The account read alone (<see cref="BasePropConnector.GetAccountStateAsync"/>), for the breakdown of the sized entry.</summary>
    public async Task AccountReadAsync()
    {
        Accounts.ConnectorRead<Accounts.AccountState> read = await Connector.GetAccountStateAsync().ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            throw new InvalidOperationException($"{read.Status} {read.ErrorCode}: {read.ErrorMessage}");
        }
    }

    /// <summary>The router side in another host, one that leaves a layer out (<paramref name="variant"/>), against the same firm.</summary>
    public Func<Task> RouterOf(SdkHostVariant variant)
    {
        ServiceProvider host = Build(variant);
        _variants.Add(host);
        IExecutionRouter router = host.GetRequiredService<IExecutionRouter>();
        return () => RouteAsync(router, Task);
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        GC.KeepAlive(_sdkChain);
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        foreach (ServiceProvider host in _variants)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ServiceProvider Build(SdkHostVariant variant) =>
        SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", BaseUrl, ApiKey)], _server is null ? variant with { PrimaryHandler = static () => new InMemoryFirmHandler() } : variant);

    private static async Task PlaceAsync(BasePropConnector connector, OrderRequest order)
    {
        ConnectorResult r = await connector.PlaceOrderAsync(order).ConfigureAwait(false);
        if (r.Status != ConnectorStatus.Success)
        {
            throw new InvalidOperationException($"{r.Status} {r.ErrorCode}: {r.ErrorMessage}");
        }
    }

    private static async Task RouteAsync(IExecutionRouter router, ExecutionTask task)
    {
        ExecutionResult r = await router.ExecuteAsync(task).ConfigureAwait(false);
        if (!r.Routed)
        {
            throw new InvalidOperationException(r.Details);
        }
    }
}
