using System.Diagnostics;
using System.Globalization;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// <c>-- --spin [raw|connector|router|payload|serialize|dryrun] [seconds] [network|memory] [paced]</c>: runs one side of target 1 (or
/// target 3's dry-run task: parse, route with the gate on, serialize) in a loop for a
/// profiler to sample (<c>perf record -g</c> with <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0</c>), against
/// the in-memory firm by default or the Kestrel firm with <c>network</c>. It prints orders per second and bytes per
/// order; a profiling aid, not a published figure.
/// </summary>
internal static class ProfileSpin
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string side = args.Count > 0 ? args[0] : "router";
        double seconds = args.Count > 1 && double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : 10;
        await using OrderRig rig = await OrderRig.StartAsync(network: args.Contains("network")).ConfigureAwait(false);
        await using Microsoft.Extensions.DependencyInjection.ServiceProvider dryRunHost = SdkHost.Build(
            dryRun: true,
            [new FirmEndpoint("FTMO", new Uri("http://127.0.0.1:9/v1"), "key-ftmo"), new FirmEndpoint("APEX", new Uri("http://127.0.0.1:9/v1"), "key-apex")]);
        PropConnectors.Routing.IExecutionRouter dryRunRouter = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PropConnectors.Routing.IExecutionRouter>(dryRunHost);
        byte[] dryRunTask = BenchmarkTasks.Utf8("task-42", ["FTMO", "APEX"]);
        Func<Task> call = side switch
        {
            "dryrun" => () =>
            {
                Task<PropConnectors.Routing.ExecutionResult> routed = dryRunRouter.ExecuteAsync(PropConnectors.Routing.ExecutionJson.Parse(dryRunTask));
                _ = PropConnectors.Routing.ExecutionJson.SerializeToUtf8Bytes(routed.Result);
                return System.Threading.Tasks.Task.CompletedTask;
            },
            "raw" => rig.RawAsync,
            "connector" => rig.ConnectorAsync,
            "serialize" => () =>
            {
                _ = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rig.Order, PropConnectors.Serialization.PropConnectorsJson.OrderRequest);
                return System.Threading.Tasks.Task.CompletedTask;
            },
            "payload" => () =>
            {
                _ = PropConnectors.Routing.RoutingRules.Parse(rig.Task.Payload);
                return System.Threading.Tasks.Task.CompletedTask;
            },
            _ => rig.RouterAsync,
        };

        // "paced": the host sleeps 1 ms before every order and each order is timed alone, so every order starts with the
        // caches as a host that has been idle leaves them (a signal arriving now and then, not back to back).
        bool paced = args.Contains("paced");
        var pacedTimes = new List<double>();
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        long orders = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            for (int i = 0; i < 1000; i++)
            {
                if (paced)
                {
                    Thread.Sleep(1);
                    long callStarted = Stopwatch.GetTimestamp();
                    await call().ConfigureAwait(false);
                    pacedTimes.Add((Stopwatch.GetTimestamp() - callStarted) * 1e6 / Stopwatch.Frequency);
                }
                else
                {
                    await call().ConfigureAwait(false);
                }
            }

            orders += 1000;
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        if (paced)
        {
            pacedTimes.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{side} ({(rig.Network ? "network" : "memory")}, paced): median {pacedTimes[pacedTimes.Count / 2]:F2} µs, p10 {pacedTimes[pacedTimes.Count / 10]:F2} µs, p90 {pacedTimes[pacedTimes.Count * 9 / 10]:F2} µs per order after 1 ms idle; {allocated / orders} B per order"));
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{side} ({(rig.Network ? "network" : "memory")}): {orders / elapsed:F0} orders/s, {1e6 * elapsed / orders:F2} µs and {allocated / orders} B per order"));
        return 0;
    }
}
