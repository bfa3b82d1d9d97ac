using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>
/// Exits and flattens in bulk under random faults, each task delivered twice: at most one close per (task, firm, account,
/// symbol), no close the host was told FAILED, no position reversed, and once the faults stop a flatten leaves every account flat.
/// </summary>
[TestFixture]
public sealed class CloseSoakTests
{
    private const int Accounts = 10;
    private static readonly string[] Symbols = ["NQ", "ES", "MNQ", "MES", "CL"];

    [TestCase(0.15)]
    [TestCase(0.3)]
    public async Task ExitsAndFlattens_RedeliveredUnderRandomFaults_AtMostOneClosePerTaskAccountAndSymbol(double faultProbability)
    {
        await using SandboxEnvironment sandbox = await SandboxEnvironment.StartAsync();
        Dictionary<string, string?> settings = sandbox.LiveSettings();
        for (int a = 0; a < Accounts; a++)
        {
            settings[$"PropConnectors:Firms:APEX:Accounts:A{a}:AccountId"] = $"ACC-{a}";
            sandbox.Apex.SetAccount(new SandboxAccountSettings { AccountId = $"ACC-{a}" });
        }

        using RouterHost host = sandbox.CreateHost(settings, captureLogs: false);
        string run = Guid.NewGuid().ToString("N")[..8];
        foreach (string symbol in Symbols)
        {
            ExecutionResult opened = await host.RouteAsync(Signals.Entry($"open-{run}-{symbol}", "APEX", symbol, "BUY", 3));
            Assert.That(opened.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Success));
        }

        sandbox.Apex.SetRandomFaults(
            seed: 7,
            probability: faultProbability,
            SandboxFault.Status(429),
            SandboxFault.Status(503),
            SandboxFault.AcceptThenDrop(),
            SandboxFault.Delay(TimeSpan.FromMilliseconds(10)),
            SandboxFault.Status(503) with { Method = "GET" },
            SandboxFault.Status(503) with { Method = "DELETE" });

        // Per account: an exit of 1 in each symbol and a flatten, every task delivered twice, all at once.
        var tasks = new List<(ExecutionTask Task, string Account)>();
        for (int a = 0; a < Accounts; a++)
        {
            tasks.AddRange(Symbols.Select(s => (Signals.Event($"exit-{run}-{a}-{s}", "EXIT", Signals.Payload([$"APEX:A{a}"], s, 1)), $"A{a}")));
            tasks.Add((Signals.Event($"flat-{run}-{a}", "FLATTEN", Signals.Payload([$"APEX:A{a}"], symbol: null)), $"A{a}"));
        }

        var deliveries = tasks.Concat(tasks).ToArray();
        var results = new ExecutionResult[deliveries.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, deliveries.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => results[i] = await host.Router.ExecuteAsync(deliveries[i].Task, ct)).WaitAsync(TimeSpan.FromSeconds(60));

        var expectedCloseIds = tasks
            .SelectMany(t => Symbols.Select(s => ClientOrderIds.ForClose(t.Task.Id, "APEX", t.Account, s)))
            .ToHashSet(StringComparer.Ordinal);
        var closes = sandbox.Apex.Orders.Where(o => o.ReduceOnly).ToList();
        var actions = results.SelectMany(r => r.ConnectorResults).SelectMany(r => r.Actions ?? []).Where(a => a.Kind == ConnectorActionKind.Close).ToList();
        await TestContext.Out.WriteLineAsync($"{deliveries.Length} deliveries; {closes.Count} closes held; outcomes: "
            + string.Join(", ", results.SelectMany(r => r.ConnectorResults).GroupBy(r => r.Status + "/" + r.ErrorCode).Select(g => $"{g.Key} {g.Count()}")));

        Assert.Multiple(() =>
        {
            Assert.That(closes.GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "a close held twice");
            Assert.That(closes.Select(o => o.ClientOrderId), Is.All.Matches<string?>(id => id is not null && expectedCloseIds.Contains(id)), "every close derives from (task, firm, account, symbol)");
            // A close can lose the race to a concurrent one (the firm refuses it: nothing to reduce); when the fresh read that
            // would tell so fails too, the refusal stands. That is the only FAILED these faults allow.
            Assert.That(actions.Where(a => a.Status == ConnectorStatus.Failed).Select(a => a.ErrorCode), Has.All.EqualTo(ConnectorErrorCodes.OrderRejected));
            foreach (SandboxOrder close in closes)
            {
                Assert.That(actions.Where(a => a.ClientOrderId == close.ClientOrderId).Select(a => a.Status), Has.None.EqualTo(ConnectorStatus.Failed), $"close {close.OrderId} is held but a delivery was told FAILED");
            }

            Assert.That(sandbox.Apex.Accounts.SelectMany(a => a.Positions).Select(p => p.Side), Has.All.EqualTo("LONG"), "a close never reverses a position");
            Assert.That(sandbox.Apex.Accounts.SelectMany(a => a.Positions).Select(p => p.Quantity), Has.All.LessThanOrEqualTo(3m));
        });

        // A new host, as after a restart: this one's circuit to the firm may still be open from the faults.
        sandbox.Apex.ClearFaults();
        using RouterHost restarted = sandbox.CreateHost(settings, captureLogs: false);
        ExecutionResult final = await restarted.RouteAsync(Signals.Event($"flat-{run}-final", "FLATTEN", Signals.Payload(["APEX"], symbol: null)));
        Assert.That(final.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Success));
        Assert.That(sandbox.Apex.Accounts.SelectMany(a => a.Positions), Is.Empty, "once the faults stop, a flatten leaves every account flat");
    }
}
