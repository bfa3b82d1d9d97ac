using System.Diagnostics;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;
using SandboxFirmApi = PropConnectors.SandboxFirm.SandboxFirm;


namespace PropConnectors.EndToEnd.Tests;

/// <summary>
/// Many tasks, two firms, random faults: CONTRACT §4's promise holds in bulk — no order is placed twice, none is lost
/// (held by a firm while the host was told FAILED or RETRY), and every SUCCESS names an order the firm holds.
/// </summary>
[TestFixture]
public sealed class SoakTests
{
    private const int TaskCount = 1000;
    private const int Concurrency = 32;

    [TestCase(0.3)]
    [TestCase(0.7)]
    public async Task ExecuteAsync_ThousandTasksWithRandomFaultsAtBothFirms_NoDuplicateAndNoLostOrder(double faultProbability)
    {
        await using SandboxEnvironment sandbox = await SandboxEnvironment.StartAsync();

        // Faults whose outcome rules are well defined: 429 (not taken: re-send), 503 (ambiguous: lookup first), a dropped
        // connection after the firm took the order (ambiguous: lookup finds it), a 2xx that is not JSON (nothing stored:
        // INVALID_RESPONSE), a short delay (answered normally), and lookups that fail with 503 (the GET is retried; if it
        // keeps failing the result is UNKNOWN). APEX also ignores Idempotency-Key: only the lookups protect it.
        SandboxFault[] kinds =
        [
            SandboxFault.Status(429),
            SandboxFault.Status(503),
            SandboxFault.AcceptThenDrop(),
            SandboxFault.MalformedBody(),
            SandboxFault.Delay(TimeSpan.FromMilliseconds(20)),
            SandboxFault.Status(503) with { Method = "GET" },
        ];
        sandbox.Ftmo.SetRandomFaults(seed: 20251122, probability: faultProbability, kinds);
        sandbox.Apex.SetRandomFaults(seed: 42, probability: faultProbability, kinds);
        sandbox.Apex.HonoursIdempotencyKey = false;

        using RouterHost host = sandbox.CreateHost(sandbox.LiveSettings(), captureLogs: false);
        string run = Guid.NewGuid().ToString("N")[..8];
        ExecutionTask[] tasks = [.. Enumerable.Range(0, TaskCount).Select(i => Tasks.Create($"soak-{run}-{i:D4}", ["FTMO", "APEX"]))];
        var results = new ExecutionResult?[TaskCount];

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, TaskCount),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, ct) => results[i] = await host.Router.ExecuteAsync(tasks[i], ct)).WaitAsync(TimeSpan.FromSeconds(75));
        clock.Stop();

        Assert.That(results, Has.All.Not.Null, "every task has an execution result");
        await TestContext.Out.WriteLineAsync($"{TaskCount} tasks x 2 firms in {clock.Elapsed.TotalSeconds:0.0} s (concurrency {Concurrency})");
        foreach (var (code, firm) in new[] { ("FTMO", sandbox.Ftmo), ("APEX", sandbox.Apex) })
        {
            List<ConnectorResult> firmResults = [.. results.Select(r => r!.For(code))];
            string outcomes = string.Join(", ", firmResults
                .GroupBy(r => r.Status + (r.ErrorCode is null ? string.Empty : "/" + r.ErrorCode))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} {g.Count()}"));
            string faults = string.Join(", ", firm.Requests.GroupBy(r => r.Method + " " + (r.Fault?.ToString() ?? "none")).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
            await TestContext.Out.WriteLineAsync($"{code}: {outcomes}; {firm.Orders.Count} orders; {firm.Requests.Count} requests ({faults})");
            AssertInvariants(code, firm, tasks, firmResults);
        }
    }

    private static void AssertInvariants(string code, SandboxFirmApi firm, ExecutionTask[] tasks, List<ConnectorResult> firmResults)
    {
        IReadOnlyList<SandboxOrder> orders = firm.Orders;
        var resultByClientOrderId = firmResults.ToDictionary(r => r.ClientOrderId!, StringComparer.Ordinal);
        var orderById = orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(firmResults.Select(r => r.ClientOrderId), Is.EqualTo(tasks.Select(t => ClientOrderIds.Create(t.Id, code))), $"{code}: one result per task, under its own client_order_id");
            Assert.That(orders.GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, $"{code}: a client_order_id held more than once is a duplicate order");
            Assert.That(orders.Select(o => o.IdempotencyKey == o.ClientOrderId), Has.All.True, $"{code}: every POST carried its client_order_id as Idempotency-Key");

            foreach (ConnectorResult r in firmResults.Where(r => r.Status == ConnectorStatus.Success))
            {
                Assert.That(r.ExternalOrderId is not null && orderById.TryGetValue(r.ExternalOrderId, out SandboxOrder? held) && held.ClientOrderId == r.ClientOrderId, Is.True, $"{code}: SUCCESS {r.ClientOrderId} names {r.ExternalOrderId}, which the firm does not hold under that id");
            }

            foreach (SandboxOrder order in orders)
            {
                Assert.That(order.ClientOrderId is not null && resultByClientOrderId.ContainsKey(order.ClientOrderId), Is.True, $"{code}: order {order.OrderId} belongs to no task");
                if (order.ClientOrderId is not null && resultByClientOrderId.TryGetValue(order.ClientOrderId, out ConnectorResult? result))
                {
                    Assert.That(result.Status, Is.AnyOf(ConnectorStatus.Success, ConnectorStatus.Unknown), $"{code}: order {order.OrderId} is held but its task was told {result.Status}/{result.ErrorCode}: a lost order");
                    if (result.Status == ConnectorStatus.Success)
                    {
                        Assert.That(result.ExternalOrderId, Is.EqualTo(order.OrderId), code);
                    }
                }
            }

            Assert.That(firmResults.Where(r => r.Status == ConnectorStatus.Failed).Select(r => r.ErrorCode), Has.All.EqualTo(ConnectorErrorCodes.InvalidResponse), $"{code}: the only failure these faults can cause is the malformed 2xx");
            Assert.That(firmResults.Where(r => r.Status != ConnectorStatus.Success).Select(r => r.ErrorCode), Has.All.Not.Null, $"{code}: every non-success result has an error code");
            Assert.That(firmResults.Select(r => r.Attempts), Has.All.InRange(1, 9), $"{code}: attempts are bounded by the ceiling");
        });
    }
}
