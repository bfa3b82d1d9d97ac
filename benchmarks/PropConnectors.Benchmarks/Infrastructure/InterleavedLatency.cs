using System.Diagnostics;
using System.Globalization;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// <c>-- --interleaved [rounds]</c>: target 1's latency ratio measured A/B in one process. BenchmarkDotNet runs the raw
/// call and the SDK in separate processes one after the other, so on a shared VM a noisy minute lands on one side only
/// (the raw baseline's own median moved from 37.7 to 51.6 µs between runs). Here the raw POST, the connector and the
/// router take turns in blocks of <c>block</c> orders, in a rotating order, against the same Kestrel firm as
/// <see cref="OrderOverheadBenchmarks"/>: by default in a process of its own (<see cref="FirmServerProcess"/>), with this
/// host pinned to one core and the firm to another, as two machines would be. Every order is timed alone, awaited as a
/// host awaits it. Drift hits all three alike, and the ratio of medians (and the median of the per-round ratios) is what
/// is reported, with bytes per order (this process's), thread-pool work items and process CPU per order. Options:
/// <c>block=N</c>, <c>breakdown</c>, <c>blocking</c>, <c>paced</c> (1 ms idle before every order), <c>percentiles</c>,
/// <c>calibrate</c> (the raw POST with 1, 2 and 3 µs of extra CPU per order), <c>connections</c>, and the layout:
/// <c>nopin</c> (neither process pinned) or <c>server=in-process</c> (Kestrel in this process, unpinned, sharing its
/// thread pool: the layout of the sixth round and before).
/// </summary>
internal static class InterleavedLatency
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        int rounds = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0).FirstOrDefault(n => n > 0, 30);
        // block=N: orders per side per round (1,000 by default). Smaller blocks with more rounds spread a noisy moment of a
        // shared machine over all three sides more evenly.
        int ordersPerBlock = Arguments.Number(args, "block=") is > 0 and int block ? block : 1_000;
        // "blocking": every order is started by one dedicated thread that blocks on it (BlockingStyle).
        bool blocking = args.Contains("blocking");
        // "paced": the host sleeps 1 ms before every order (not timed), so that each order starts as a signal that arrives
        // now and then does: threads asleep, caches as the rest of the machine left them.
        bool paced = args.Contains("paced");
        // The firm runs in a process of its own, and the host and the firm each on a core of their own, as two machines
        // would: "server=in-process" puts Kestrel in this process (sharing its thread pool; unpinned, as before the seventh
        // round), "nopin" leaves both processes unpinned.
        bool inProcess = args.Contains("server=in-process");
        (int Host, int Firm)? cpus = inProcess || args.Contains("nopin") ? null : Cpus.HostAndFirm();
        if (cpus is { } pinned)
        {
            Cpus.Pin(pinned.Host);
        }

        string layout = (inProcess ? "Kestrel in this process" : "Kestrel in a process of its own")
            + (cpus is { } c ? string.Create(CultureInfo.InvariantCulture, $", host pinned to CPU {c.Host}, firm to CPU {c.Firm}") : ", unpinned");
        await using OrderRig rig = inProcess
            ? await OrderRig.StartAsync(network: true).ConfigureAwait(false)
            : await OrderRig.StartWithServerProcessAsync(cpus?.Firm).ConfigureAwait(false);
        var sides = new List<Side>
        {
            new("raw HttpClient POST", rig.RawAsync),
            new("SDK connector.PlaceOrderAsync", rig.ConnectorAsync),
            new("SDK router.ExecuteAsync (1 firm)", rig.RouterAsync),
            new("SDK router, sized from the account", rig.RouterSizedAsync),
        };

        // "calibrate": the raw POST again with 1, 2 and 3 µs of busy CPU before each order, to read the SDK's latency over
        // raw as the extra CPU per order that costs a raw POST as much on this machine.
        if (args.Contains("calibrate"))
        {
            foreach (int nanoseconds in (int[])[1_000, 2_000, 3_000])
            {
                sides.Add(new Side(string.Create(CultureInfo.InvariantCulture, $"raw + {nanoseconds / 1000} µs CPU"), () => Burn(nanoseconds, rig.RawAsync)));
            }
        }

        // "breakdown": the router again in hosts that leave one layer out, to see what each costs on the network.
        if (args.Contains("breakdown"))
        {
            sides.Add(new Side("connector.GetAccountStateAsync", rig.AccountReadAsync));
            sides.Add(new Side("router, no firm handlers", rig.RouterOf(new SdkHostVariant { FirmHandlers = false })));
            sides.Add(new Side("router, no logs", rig.RouterOf(new SdkHostVariant { MinimumLevel = Microsoft.Extensions.Logging.LogLevel.None })));
        }

        // "connections": the raw POST again on a connection of its own, as the baseline was before it shared the SDK's.
        if (args.Contains("connections"))
        {
            sides.Add(new Side("raw, its own connection", rig.RawOnItsOwnConnection()));
        }

        if (blocking)
        {
            sides = [.. sides.Select(s => new Side(s.Name, BlockingStyle.Of(s.Call)))];
            await BlockingStyle.RunOnDedicatedThread(() => Measure(sides, rounds, ordersPerBlock, paced)).ConfigureAwait(false);
        }
        else
        {
            await Measure(sides, rounds, ordersPerBlock, paced).ConfigureAwait(false);
        }

        Report(sides, rounds, ordersPerBlock, blocking, paced, layout);
        if (args.Contains("percentiles"))
        {
            ReportPercentiles(sides);
        }

        return 0;
    }

    private static Task Burn(int nanoseconds, Func<Task> call)
    {
        long until = Stopwatch.GetTimestamp() + (nanoseconds * Stopwatch.Frequency / 1_000_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(1);
        }

        return call();
    }

    private static async Task Measure(List<Side> sides, int rounds, int ordersPerBlock, bool paced)
    {
        foreach (Side side in sides)
        {
            for (int i = 0; i < 20_000; i++)
            {
                await side.Call().ConfigureAwait(false);
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < sides.Count; k++)
            {
                Side side = sides[(round + k) % sides.Count];
                var times = new double[ordersPerBlock];
                long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                long workItemsBefore = ThreadPool.CompletedWorkItemCount;
                TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
                for (int i = 0; i < ordersPerBlock; i++)
                {
                    if (paced)
                    {
                        Thread.Sleep(1);
                    }

                    long started = Stopwatch.GetTimestamp();
                    await side.Call().ConfigureAwait(false);
                    // Stopwatch ticks, not Stopwatch.GetElapsedTime: a TimeSpan would round every time to 0.1 µs.
                    times[i] = (Stopwatch.GetTimestamp() - started) * 1e6 / Stopwatch.Frequency;
                }

                side.Bytes += GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                side.WorkItems += ThreadPool.CompletedWorkItemCount - workItemsBefore;
                side.Cpu += Environment.CpuUsage.TotalTime - cpuBefore;
                side.Times.AddRange(times);
                side.RoundMedians.Add(Median(times));
                side.RoundMeans.Add(times.Average());
            }
        }

    }

    private static void Report(List<Side> sides, int rounds, int ordersPerBlock, bool blocking, bool paced, string layout)
    {
        Side baseline = sides[0];
        double baseMedian = Median(baseline.Times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Interleaved latency: {rounds} rounds x {ordersPerBlock} orders per side, one order at a time, {(blocking ? "each started by a thread that blocks on it" : "awaited")}{(paced ? ", 1 ms idle before each" : string.Empty)}; loopback, {layout}; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        // Thread-pool work items and process CPU per order show how the threads hand an order over: each work item is a
        // continuation that another thread picked up (and, when none was spinning, one that had to be woken).
        Console.WriteLine("| | median µs | p90 µs | ratio of medians | median of per-round ratios | median of per-round mean ratios | bytes per order | over raw | pool work items per order | process CPU µs per order |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        long orders = (long)rounds * ordersPerBlock;
        foreach (Side side in sides)
        {
            double median = Median(side.Times);
            double[] perRound = [.. side.RoundMedians.Select((m, i) => m / baseline.RoundMedians[i])];
            double[] perRoundMean = [.. side.RoundMeans.Select((m, i) => m / baseline.RoundMeans[i])];
            double bytes = (double)side.Bytes / orders;
            double baseBytes = (double)baseline.Bytes / orders;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {side.Name} | {median:F2} | {Percentile(side.Times, 0.9):F2} | {median / baseMedian:F3} | {Median(perRound):F3} | {Median(perRoundMean):F3} | {bytes:F0} | {(side == baseline ? "—" : $"+{bytes - baseBytes:F0} B")} | {(double)side.WorkItems / orders:F2} | {side.Cpu.TotalMicroseconds / orders:F1} |"));
        }
    }

    // "percentiles": where each side's orders fall. On this VM the latencies form clusters some 10 µs apart (an order
    // whose continuations found a spinning thread, or had to wake one or two), and a median that lies between two of them
    // moves by several µs when a side's share of a cluster changes.
    private static void ReportPercentiles(List<Side> sides)
    {
        Console.WriteLine();
        Console.WriteLine("| µs | " + string.Join(" | ", Percentiles.Select(p => string.Create(CultureInfo.InvariantCulture, $"p{p * 100:F0}"))) + " |");
        Console.WriteLine("|---|" + string.Concat(Percentiles.Select(_ => "---:|")));
        foreach (Side side in sides)
        {
            Console.WriteLine($"| {side.Name} | " + string.Join(" | ", Percentiles.Select(p => Percentile(side.Times, p).ToString("F1", CultureInfo.InvariantCulture))) + " |");
        }
    }

    private static readonly double[] Percentiles = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

    private static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
    }

    private sealed class Side(string name, Func<Task> call)
    {
        public string Name { get; } = name;

        public Func<Task> Call { get; } = call;

        public List<double> Times { get; } = [];

        public List<double> RoundMedians { get; } = [];

        public List<double> RoundMeans { get; } = [];

        public long Bytes { get; set; }

        public long WorkItems { get; set; }

        public TimeSpan Cpu { get; set; }
    }
}
