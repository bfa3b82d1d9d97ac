using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Routing;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// <c>-- --alloc-report [network|memory] [calls]</c>: where the bytes of one order go. Runs the raw POST, the connector
/// and the router (as in <see cref="OrderOverheadBenchmarks"/>) many times each and prints bytes per call (the whole
/// process's, exact) and, from the runtime's allocation-tick events (one sample per ~100 KB allocated, weighted by the
/// bytes it stands for), the types that allocate them. A profiling aid, not a published figure.
/// </summary>
internal static class AllocationReport
{
    private const string ApiKey = "bench-secret-key";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        bool memory = args.Contains("memory");
        int calls = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0).FirstOrDefault(n => n > 0, 200_000);
        JsonReflectionGuard.Enforce();

        await using MinimalFirmServer? server = memory ? null : await MinimalFirmServer.StartAsync().ConfigureAwait(false);
        Uri baseUrl = server?.BaseUrl ?? new Uri("http://127.0.0.1:9/v1");
        SdkHostVariant variant = memory ? new SdkHostVariant { PrimaryHandler = static () => new InMemoryFirmHandler() } : SdkHostVariant.Full;
        await using ServiceProvider services = SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", baseUrl, ApiKey)], variant);
        IExecutionRouter router = services.GetRequiredService<IExecutionRouter>();
        BasePropConnector connector = services.GetRequiredService<IPropConnectorRegistry>().TryGet("FTMO", out BasePropConnector? c) ? c : throw new InvalidOperationException("FTMO is not registered.");
        ExecutionTask task = BenchmarkTasks.Parse("bench-overhead-1", ["FTMO"]);
        OrderRequest order = OrderPayloadBuilder.Build(task, "FTMO").Order ?? throw new InvalidOperationException("The benchmark task is invalid.");
        byte[] body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(order, PropConnectors.Serialization.PropConnectorsJsonContext.Default.OrderRequest);
        using var raw = memory ? new HttpClient(new InMemoryFirmHandler()) : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        raw.DefaultRequestHeaders.UserAgent.ParseAdd(PropConnectors.Rest.PropConnectorsHttp.UserAgent);
        raw.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var rawPost = new RawOrderPost(raw, new Uri(baseUrl + "/orders"), body, ApiKey, order.ClientOrderId);

        Console.WriteLine($"Allocation report, {(memory ? "in-memory firm" : "Kestrel on loopback")}, {calls} calls each; bytes per call are the whole process's.");
        double rawBytes = await MeasureAsync("raw HttpClient POST", calls, async () => await rawPost.SendAsync().ConfigureAwait(false)).ConfigureAwait(false);
        double connectorBytes = await MeasureAsync("SDK connector.PlaceOrderAsync", calls, async () =>
        {
            ConnectorResult r = await connector.PlaceOrderAsync(order).ConfigureAwait(false);
            if (r.Status != ConnectorStatus.Success)
            {
                throw new InvalidOperationException($"{r.Status} {r.ErrorCode}: {r.ErrorMessage}");
            }
        }).ConfigureAwait(false);
        double routerBytes = await MeasureAsync("SDK router.ExecuteAsync (1 firm)", calls, async () =>
        {
            ExecutionResult r = await router.ExecuteAsync(task).ConfigureAwait(false);
            if (!r.Routed)
            {
                throw new InvalidOperationException(r.Details);
            }
        }).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Over raw: connector +{connectorBytes - rawBytes:F0} B, router +{routerBytes - rawBytes:F0} B per order."));
        return 0;
    }

    private static async Task<double> MeasureAsync(string name, int calls, Func<Task> call)
    {
        for (int i = 0; i < Math.Min(calls, 20_000); i++)
        {
            await call().ConfigureAwait(false);
        }

        using var listener = new AllocationListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        listener.Recording = true;
        for (int i = 0; i < calls; i++)
        {
            await call().ConfigureAwait(false);
        }

        listener.Recording = false;
        long total = GC.GetTotalAllocatedBytes(precise: true) - before;
        double perCall = (double)total / calls;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {name}: {perCall:F0} B per call"));
        long sampled = listener.ByType.Values.Sum();
        foreach ((string type, long bytes) in listener.ByType.OrderByDescending(p => p.Value).Take(45))
        {
            double share = sampled == 0 ? 0 : (double)bytes / sampled;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{share * perCall,7:F0} B  {share,6:P1}  {type}"));
        }

        return perCall;
    }

    private sealed class AllocationListener : EventListener
    {
        private readonly object _gate = new();

        public Dictionary<string, long> ByType { get; } = new(StringComparer.Ordinal);

        public volatile bool Recording;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (!Recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
            {
                return;
            }

            int typeIndex = eventData.PayloadNames!.IndexOf("TypeName");
            int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
            string type = typeIndex >= 0 ? eventData.Payload[typeIndex] as string ?? "?" : "?";
            long amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
            lock (_gate)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + amount;
            }
        }
    }
}
