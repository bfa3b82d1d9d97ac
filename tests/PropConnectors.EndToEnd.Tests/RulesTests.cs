using Microsoft.Extensions.DependencyInjection;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.Routing.Rules;
using PropConnectors.Rules;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §13 over real HTTP: each rule at its boundary, with the account state set in the sandbox; a refusal sends no order.</summary>
[TestFixture]
public sealed class RulesTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    /// <summary>FTMO's default account with a known size of 100,000: daily floor day start − 5,000, static floor 90,000.</summary>
    private RouterHost Ftmo(decimal balance, decimal dayStart)
    {
        _sandbox.Ftmo.SetAccount(new SandboxAccountSettings { Balance = balance, DayStartBalance = dayStart });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AccountSize"] = "100000";
        return _sandbox.CreateHost(settings);
    }

    /// <summary>Apex's default account with a known size of 50,000: trailing 2,500, stopping at 50,100.</summary>
    private RouterHost Apex(decimal balance, decimal highest, decimal? reportedFloor = null, Action<Dictionary<string, string?>>? change = null)
    {
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { Balance = balance, HighWaterBalance = highest, DrawdownFloor = reportedFloor });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:APEX:AccountSize"] = "50000";
        change?.Invoke(settings);
        return _sandbox.CreateHost(settings);
    }

    private static int Posts(SandboxFirm.SandboxFirm firm) => firm.Requests.Count(r => r.Method == "POST");

    [TestCase("95000.00", ConnectorStatus.Failed)]
    [TestCase("94999.99", ConnectorStatus.Failed)]
    [TestCase("95000.01", ConnectorStatus.Success)]
    public async Task DailyLoss_AtTheFloorAndACentEitherSide(string equity, ConnectorStatus expected)
    {
        using RouterHost host = Ftmo(decimal.Parse(equity, System.Globalization.CultureInfo.InvariantCulture), dayStart: 100_000m);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("dll"), "FTMO", "EURUSD", "BUY", 1));

        ConnectorResult ftmo = result.For("FTMO");
        Assert.That(ftmo.Status, Is.EqualTo(expected), ftmo.ErrorMessage);
        if (expected == ConnectorStatus.Failed)
        {
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.DailyLossLimit));
            Assert.That(ftmo.ErrorMessage, Does.StartWith($"equity {decimal.Parse(equity, System.Globalization.CultureInfo.InvariantCulture):N2} ≤ daily floor 95,000.00 = day start 100,000.00 − 5,000.00"));
            Assert.That(Posts(_sandbox.Ftmo), Is.Zero);
        }
        else
        {
            Assert.That(Posts(_sandbox.Ftmo), Is.EqualTo(1));
        }
    }

    [TestCase("90000.00", ConnectorStatus.Failed)]
    [TestCase("90000.01", ConnectorStatus.Success)]
    public async Task MaxLoss_FtmoStaticFloor(string equity, ConnectorStatus expected)
    {
        using RouterHost host = Ftmo(decimal.Parse(equity, System.Globalization.CultureInfo.InvariantCulture), dayStart: 92_000m);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("mll"), "FTMO", "EURUSD", "BUY", 1));

        Assert.That(result.For("FTMO").Status, Is.EqualTo(expected), result.For("FTMO").ErrorMessage);
        if (expected == ConnectorStatus.Failed)
        {
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.MaxLossLimit));
            Assert.That(result.For("FTMO").ErrorMessage, Does.Contain("maximum-loss floor 90,000.00 = account size 100,000.00 − 10,000.00"));
            Assert.That(Posts(_sandbox.Ftmo), Is.Zero);
        }
    }

    [Test]
    public async Task MaxLoss_ApexTrailsTheHighestBalance_AndAFirmReportedFloorWins()
    {
        using (RouterHost host = Apex(balance: 48_500m, highest: 51_000m))
        {
            ExecutionResult refused = await host.RouteAsync(Signals.Entry(Tasks.NewId("trail"), "APEX", "NQ", "BUY", 1));
            Assert.That(refused.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.MaxLossLimit));
            Assert.That(refused.For("APEX").ErrorMessage, Does.Contain("trailing floor 48,500.00 = min(highest balance 51,000.00 − 2,500.00, 50,100.00)"));
        }

        using (RouterHost host = Apex(balance: 48_500m, highest: 51_000m, reportedFloor: 48_000m))
        {
            ExecutionResult allowed = await host.RouteAsync(Signals.Entry(Tasks.NewId("floor"), "APEX", "NQ", "BUY", 1));
            Assert.That(allowed.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), allowed.For("APEX").ErrorMessage);
        }

        Assert.That(Posts(_sandbox.Apex), Is.EqualTo(1));
    }

    [Test]
    public async Task MaxLoss_TrailingFloorStopsAboveTheAccountSize()
    {
        // Highest 60,000: the floor would be 57,500 but stops at 50,000 + 100.
        using RouterHost host = Apex(balance: 50_100m, highest: 60_000m);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("stop"), "APEX", "NQ", "BUY", 1));

        Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.MaxLossLimit));
        Assert.That(result.For("APEX").ErrorMessage, Does.Contain("min(highest balance 60,000.00 − 2,500.00, 50,100.00)"));
    }

    [Test]
    public async Task Hedging_LongNqRefusesAShortMnq_AndAnExitOfTheNqPasses()
    {
        using RouterHost host = Apex(balance: 50_000m, highest: 50_000m);
        _sandbox.Apex.Fill("NQ", "BUY", 1, 18_000m);

        ExecutionResult hedge = await host.RouteAsync(Signals.Entry(Tasks.NewId("hedge"), "APEX", "MNQ", "SELL", 1));
        ExecutionResult exit = await host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(hedge.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.HedgingNotAllowed));
            Assert.That(hedge.For("APEX").ErrorMessage, Does.Contain("holds a LONG NQ position"));
            Assert.That(exit.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(1), "only the exit was sent");
        });
    }

    [Test]
    public async Task Headroom_ASizedOrderShrinksToFit_AGivenQuantityIsRefused()
    {
        // Floor 47,500 (50,000 − 2,500); equity 49,000: 1,500 of headroom; 10 NQ points × 20 = 200 per contract.
        using RouterHost host = Apex(balance: 49_000m, highest: 50_000m);

        ExecutionResult fixedSize = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("fixed"), ["APEX"], "NQ", 0.05m, 18_000m, 17_990m, p => p["quantity"] = 8));
        ExecutionResult sized = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("room"), ["APEX"], "NQ", 0.05m, 18_000m, 17_990m));

        Assert.Multiple(() =>
        {
            Assert.That(sized.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), sized.For("APEX").ErrorMessage);
            Assert.That(sized.For("APEX").Sizing!.SizedQuantity, Is.EqualTo(12m), "5 % of 49,000 = 2,450 over 200");
            Assert.That(sized.For("APEX").Sizing!.Quantity, Is.EqualTo(7m), "7 × 200 = 1,400 < 1,500");
            Assert.That(sized.For("APEX").Sizing!.Explanation, Does.EndWith("lowered to 7 by the firm's rules."));
            Assert.That(_sandbox.Apex.Orders.Single().Quantity, Is.EqualTo(7m));
            Assert.That(fixedSize.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.RiskExceedsHeadroom));
            Assert.That(fixedSize.For("APEX").ErrorMessage, Does.Contain("a loss at the stop of 1,600.00 (8 × 200.00)"));
        });
    }

    [TestCase(51_000, 5, ConnectorStatus.Success, TestName = "Scaling: 5 of 10 contracts below the threshold")]
    [TestCase(51_000, 6, ConnectorStatus.Failed, TestName = "Scaling: 6 of 10 refused below the threshold (52,600)")]
    [TestCase(52_600, 6, ConnectorStatus.Failed, TestName = "Scaling: at the threshold is not past it")]
    [TestCase(52_700, 10, ConnectorStatus.Success, TestName = "Scaling: 10 once the balance passes 52,600")]
    public async Task ApexScaling_HalfTheContractsUntilTheThreshold(int balance, int contracts, ConnectorStatus expected)
    {
        using RouterHost host = Apex(balance: balance, highest: balance, change: s => s["APEX_MAX_POSITION_SIZE"] = "10");

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("scale"), "APEX", "NQ", "BUY", contracts));

        Assert.That(result.For("APEX").Status, Is.EqualTo(expected), result.For("APEX").ErrorMessage);
        if (expected == ConnectorStatus.Failed)
        {
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(result.For("APEX").ErrorMessage, Does.Contain("limit of 5 (half of 10 until the balance passes the scaling threshold)"));
            Assert.That(Posts(_sandbox.Apex), Is.Zero);
        }
    }

    [Test]
    public async Task FtmoOneStepPlan_ThreePercentDailyAndATrailingMaximum()
    {
        _sandbox.Ftmo.SetAccount(new SandboxAccountSettings { Balance = 97_000m, DayStartBalance = 100_000m, HighWaterBalance = 104_000m });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AccountSize"] = "100000";
        settings["PropConnectors:Firms:FTMO:Plan"] = "1-step";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("1step"), "FTMO", "EURUSD", "BUY", 1));

        // Daily floor 97,000 = 100,000 − 3 %: equity 97,000 is at it (the 2-step plan's 95,000 would have let it through).
        Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.DailyLossLimit));
        Assert.That(result.For("FTMO").ErrorMessage, Does.Contain("daily floor 97,000.00 = day start 100,000.00 − 3,000.00"));

        _sandbox.Ftmo.SetAccount(new SandboxAccountSettings { Balance = 94_000m, DayStartBalance = 94_000m, HighWaterBalance = 104_000m });
        ExecutionResult trailing = await host.RouteAsync(Signals.Entry(Tasks.NewId("1step-max"), "FTMO", "EURUSD", "BUY", 1));
        Assert.That(trailing.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.MaxLossLimit));
        Assert.That(trailing.For("FTMO").ErrorMessage, Does.Contain("trailing floor 94,000.00 = highest balance 104,000.00 − 10,000.00"));
    }

    [Test]
    public async Task StopLoss_RequiredAtApex()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("nostop"), ["APEX"], p => p.Remove("stop_loss")));

        Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.StopLossRequired));
        Assert.That(_sandbox.Apex.Requests, Is.Empty);
    }

    [Test]
    public async Task Automation_ApexWithoutTheAcknowledgement_RefusesEntriesNotExits()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings.Remove("PropConnectors:Firms:APEX:AcknowledgeAutomationPolicy");
        using RouterHost host = _sandbox.CreateHost(settings);
        _sandbox.Apex.Fill("NQ", "BUY", 1, 18_000m);

        ExecutionResult entry = await host.RouteAsync(Signals.Entry(Tasks.NewId("auto"), "APEX", "NQ", "BUY", 1));
        ExecutionResult exit = await host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(entry.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.AutomationNotAcknowledged));
            Assert.That(entry.For("APEX").ErrorMessage, Does.Contain("AcknowledgeAutomationPolicy=true"));
            Assert.That(exit.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void StartupLine_SaysWhichRulesApply_AndThatTheLossRulesAreOffWithoutASize()
    {
        using RouterHost host = Apex(balance: 50_000m, highest: 50_000m);

        Assert.That(host.LogLines, Has.Some.StartsWith("Rules for APEX account (default): automation prohibited, stop loss required, account size 50,000: position, hedging, loss floors and headroom checked"));
        Assert.That(host.LogLines, Has.Some.StartsWith("Rules for FTMO account (default): automation allowed, no AccountSize: position after the order, hedging, loss floors and headroom not checked"));
    }

    [Test]
    public async Task DryRun_ThePreviewSaysWhichRuleWouldRefuse()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["EXECUTION_DRY_RUN"] = "true";
        settings.Remove("PropConnectors:Firms:APEX:AcknowledgeAutomationPolicy");
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("dry"), "APEX", "NQ", "BUY", 1));

        Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Skipped));
        Assert.That(result.For("APEX").ErrorMessage, Does.Contain("In live mode this task would be refused: AUTOMATION_NOT_ACKNOWLEDGED"));
        Assert.That(_sandbox.Apex.Requests, Is.Empty);
    }

    [TestCase("reduce_only", ConnectorStatus.Success)]
    [TestCase("halted", ConnectorStatus.Failed)]
    [TestCase("pause", ConnectorStatus.Success)] // unreadable: reduce_only
    public async Task KillSwitch_FromExecutionHalt(string halt, ConnectorStatus exitStatus)
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["EXECUTION_HALT"] = halt;
        using RouterHost host = _sandbox.CreateHost(settings);
        _sandbox.Apex.Fill("NQ", "BUY", 2, 18_000m);

        ExecutionResult entry = await host.RouteAsync(Signals.Entry(Tasks.NewId("ks"), "APEX", "NQ", "BUY", 1));
        ExecutionResult exit = await host.RouteAsync(Signals.Event(Tasks.NewId("ks-exit"), "EXIT", Signals.Payload(["APEX"], "NQ", 1)));
        ExecutionResult flatten = await host.RouteAsync(Signals.Event(Tasks.NewId("ks-flat"), "FLATTEN", Signals.Payload(["APEX"], symbol: null)));

        Assert.Multiple(() =>
        {
            Assert.That(entry.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.KillSwitch));
            Assert.That(exit.For("APEX").Status, Is.EqualTo(exitStatus));
            Assert.That(flatten.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), "a flatten always passes");
            Assert.That(_sandbox.Apex.GetAccount()!.Positions, Is.Empty);
        });
    }

    [Test]
    public async Task KillSwitch_StrictestOfGlobalFirmAndAccountWins_AndRunTimeChangesApply()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:APEX:Accounts:A:AccountId"] = "A-1";
        settings["PropConnectors:Firms:APEX:Accounts:B:AccountId"] = "B-1";
        settings["PropConnectors:Firms:APEX:Accounts:B:Halt"] = "reduce_only";
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { AccountId = "A-1" });
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { AccountId = "B-1" });
        using RouterHost host = _sandbox.CreateHost(settings);
        KillSwitch killSwitch = host.Services.GetRequiredService<KillSwitch>();

        ExecutionResult first = await host.RouteAsync(Signals.Entry(Tasks.NewId("ks1"), "APEX", "NQ", "BUY", 1));
        killSwitch.Set(KillSwitchState.Halted, "APEX");
        ExecutionResult second = await host.RouteAsync(Signals.Entry(Tasks.NewId("ks2"), "APEX", "NQ", "BUY", 1));
        killSwitch.Set(KillSwitchState.Active, "APEX");
        killSwitch.Set(KillSwitchState.Active, "APEX", "B");
        ExecutionResult third = await host.RouteAsync(Signals.Entry(Tasks.NewId("ks3"), "APEX", "NQ", "BUY", 1));

        Assert.Multiple(() =>
        {
            Assert.That(first.ConnectorResults.Select(r => (r.Account, r.ErrorCode)), Is.EquivalentTo(new[] { ("A", (string?)null), ("B", ConnectorErrorCodes.KillSwitch) }));
            Assert.That(second.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.KillSwitch));
            Assert.That(third.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Success), "a run-time setting wins over configuration at its scope");
            Assert.That(host.LogLines, Has.Some.Contains("Kill switch for APEX (all accounts): active -> halted"));
        });
    }
}
