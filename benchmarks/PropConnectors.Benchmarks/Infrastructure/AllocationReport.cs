using System.Diagnostics.Tracing;
using System.Globalization;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// <c>-- --alloc-report [network|memory] [calls] [blocking]</c>: where the bytes of one order go. Runs the raw POST, the connector
/// and the router (as in <see cref="OrderOverheadBenchmarks"/>) many times each and prints bytes per call (the whole
/// process's, exact) and, from the runtime's allocation-tick events (one sample per ~100 KB allocated, weighted by the
/// bytes it stands for), the types that allocate them. A profiling aid, not a published figure.
/// </summary>
internal static class AllocationReport
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        bool memory = args.Contains("memory");
        // "blocking": every order is started by one dedicated thread that blocks on it (BlockingStyle).
        bool blocking = args.Contains("blocking");
        int calls = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0).FirstOrDefault(n => n > 0, 200_000);
        await using OrderRig rig = await OrderRig.StartAsync(network: !memory).ConfigureAwait(false);

        Console.WriteLine($"Allocation report, {(memory ? "in-memory firm" : "Kestrel on loopback")}, {calls} calls each, {(blocking ? "each started by a thread that blocks on it" : "awaited")}; bytes per call are the whole process's.");
        double rawBytes = 0, connectorBytes = 0, routerBytes = 0;
        async Task MeasureAll()
        {
            rawBytes = await MeasureAsync("raw HttpClient POST", calls, Style(rig.RawAsync)).ConfigureAwait(false);
            connectorBytes = await MeasureAsync("SDK connector.PlaceOrderAsync", calls, Style(rig.ConnectorAsync)).ConfigureAwait(false);
            routerBytes = await MeasureAsync("SDK router.ExecuteAsync (1 firm)", calls, Style(rig.RouterAsync)).ConfigureAwait(false);
        }

        Func<Task> Style(Func<Task> call) => blocking ? BlockingStyle.Of(call) : call;
        await (blocking ? BlockingStyle.RunOnDedicatedThread(MeasureAll) : MeasureAll()).ConfigureAwait(false);
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
