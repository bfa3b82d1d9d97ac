using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Orders;
using PropConnectors.Routing;
using PropConnectors.Serialization;

namespace PropConnectors.Benchmarks;

/// <summary>
/// Issue target 4: building one order from a task payload (CONTRACT §1 → §2, with its client order id) and writing it
/// as the JSON body a connector POSTs, alone.
/// </summary>
[Config(typeof(OneCoreConfig))]
public class PayloadBenchmarks
{
    private ExecutionTask _task = null!;
    private OrderRequest _order = null!;

    [GlobalSetup]
    public void Setup()
    {
        JsonReflectionGuard.Enforce();
        _task = BenchmarkTasks.Parse("task-42", ["FTMO"]);
        _order = BuildAndCheck();
    }

    [Benchmark(Baseline = true, Description = "build + serialize one order")]
    public byte[] BuildAndSerialize() => JsonSerializer.SerializeToUtf8Bytes(BuildAndCheck(), PropConnectorsJson.OrderRequest);

    [Benchmark(Description = "  part: OrderPayloadBuilder.Build (client order id included)")]
    public OrderRequest Build() => BuildAndCheck();

    [Benchmark(Description = "  part: serialize OrderRequest (UTF-8)")]
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(_order, PropConnectorsJson.OrderRequest);

    [Benchmark(Description = "  part: ClientOrderIds.Create")]
    public string ClientOrderId() => ClientOrderIds.Create("task-42", "FTMO");

    private OrderRequest BuildAndCheck()
    {
        OrderPayloadResult built = OrderPayloadBuilder.Build(_task, "FTMO");
        return built.Order ?? throw new InvalidOperationException(built.ErrorMessage);
    }
}
