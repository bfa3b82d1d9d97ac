using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Results;
using PropConnectors.Routing;

namespace PropConnectors.Benchmarks;

/// <summary>
/// Issue target 3: tasks per second through the router with the dry-run gate on, for a two-firm task, on ONE core
/// (a single-threaded synchronous loop, <see cref="OneCoreConfig"/>; also run in the runtime's one-processor mode): parse the task JSON, read the payload, build each firm's
/// order, apply the routing rules and the gate, make the results (with each firm's raw_request preview), log, count,
/// and write the result JSON. tasks/s = 1e9 / mean ns of <see cref="ParseRouteSerialize"/>. The other rows split it.
/// </summary>
[Config(typeof(OneCoreAndOneProcessorConfig))]
public class DryRunThroughputBenchmarks
{
    private ServiceProvider _services = null!;
    private IExecutionRouter _router = null!;
    private byte[] _taskJson = null!;
    private ExecutionTask _task = null!;
    private ExecutionResult _result = null!;

    [GlobalSetup]
    public void Setup()
    {
        JsonReflectionGuard.Enforce();
        var unreachable = new Uri("http://127.0.0.1:9/v1"); // the gate is on: nothing is ever sent
        _services = SdkHost.Build(dryRun: true, [new FirmEndpoint("FTMO", unreachable, "key-ftmo"), new FirmEndpoint("APEX", unreachable, "key-apex")]);
        _router = _services.GetRequiredService<IExecutionRouter>();
        _taskJson = BenchmarkTasks.Utf8("task-42", ["FTMO", "APEX"]);
        _task = ExecutionJson.Parse(_taskJson);
        _result = Route(_task);
        ParseRouteSerialize();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>The whole dry-run task: JSON in, JSON out.</summary>
    [Benchmark(Baseline = true, Description = "dry-run task: parse + route + serialize (2 firms)")]
    public byte[] ParseRouteSerialize() => ExecutionJson.SerializeToUtf8Bytes(Route(ExecutionJson.Parse(_taskJson)));

    [Benchmark(Description = "  part: ExecutionJson.Parse")]
    public ExecutionTask Parse() => ExecutionJson.Parse(_taskJson);

    [Benchmark(Description = "  part: router.ExecuteAsync (dry run)")]
    public ExecutionResult RouteOnly() => Route(_task);

    [Benchmark(Description = "  part: ExecutionJson.SerializeToUtf8Bytes")]
    public byte[] Serialize() => ExecutionJson.SerializeToUtf8Bytes(_result);

    private ExecutionResult Route(ExecutionTask task)
    {
        Task<ExecutionResult> pending = _router.ExecuteAsync(task);
        if (!pending.IsCompleted)
        {
            throw new InvalidOperationException("A dry-run task did not complete synchronously: something on the path waited.");
        }

        ExecutionResult result = pending.Result;
        if (!result.DryRun)
        {
            throw new InvalidOperationException("The dry-run gate is off.");
        }

        BenchmarkTasks.Expect(result, 2, ConnectorStatus.Skipped);
        return result;
    }
}
