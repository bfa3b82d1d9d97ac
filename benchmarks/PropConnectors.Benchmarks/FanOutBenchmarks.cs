using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.Benchmarks;

/// <summary>
/// Issue target 2: does routing one signal to many accounts cost one round trip or many? One task to 1, 2, 4 and 8
/// firms of the sandbox (<see cref="SandboxFirmServer"/> on loopback), each firm answering after 50 ms, live mode.
/// Every invocation uses a fresh task id, so each firm stores a new order (no idempotency replay).
/// </summary>
[Config(typeof(FanOutConfig))]
public class FanOutBenchmarks
{
    /// <summary>The firm's answer time.</summary>
    public static readonly TimeSpan FirmLatency = TimeSpan.FromMilliseconds(50);

    private static readonly string[] Codes = ["FTMO", "APEX", "FIRM3", "FIRM4", "FIRM5", "FIRM6", "FIRM7", "FIRM8"];

    private readonly Dictionary<int, ExecutionTask> _tasks = [];
    private SandboxFirmServer _sandbox = null!;
    private ServiceProvider _services = null!;
    private IExecutionRouter _router = null!;
    private long _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "1 firm")]
    public Task<ExecutionResult> OneFirm() => RouteAsync(1);

    [Benchmark(Description = "2 firms")]
    public Task<ExecutionResult> TwoFirms() => RouteAsync(2);

    [Benchmark(Description = "4 firms")]
    public Task<ExecutionResult> FourFirms() => RouteAsync(4);

    [Benchmark(Description = "8 firms")]
    public Task<ExecutionResult> EightFirms() => RouteAsync(8);

    private async Task<ExecutionResult> RouteAsync(int firms)
    {
        ExecutionTask task = _tasks[firms] with { Id = "fan-" + (++_next).ToString(CultureInfo.InvariantCulture) };
        ExecutionResult result = await _router.ExecuteAsync(task).ConfigureAwait(false);
        BenchmarkTasks.Expect(result, firms, ConnectorStatus.Success);
        return result;
    }

    private async Task SetupAsync()
    {
        JsonReflectionGuard.Enforce();
        _sandbox = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = 0 }).ConfigureAwait(false);
        var endpoints = new List<FirmEndpoint>();
        foreach (string code in Codes)
        {
            string key = "key-" + code;
            SandboxFirm.SandboxFirm firm = _sandbox.AddFirm(code, key);
            firm.Latency = FirmLatency;
            endpoints.Add(new FirmEndpoint(code, firm.BaseUrl, key));
        }

        _services = SdkHost.Build(dryRun: false, endpoints);
        _router = _services.GetRequiredService<IExecutionRouter>();
        foreach (int n in (int[])[1, 2, 4, 8])
        {
            _tasks[n] = BenchmarkTasks.Parse("fan-0", Codes.Take(n));
        }

        // Every firm answers, and every connection is open, before anything is timed.
        await EightFirms().ConfigureAwait(false);
        foreach (SandboxFirm.SandboxFirm firm in _sandbox.Firms)
        {
            if (firm.Orders.Count != 1)
            {
                throw new InvalidOperationException($"{firm.Code} holds {firm.Orders.Count} orders after one task.");
            }
        }
    }
}
