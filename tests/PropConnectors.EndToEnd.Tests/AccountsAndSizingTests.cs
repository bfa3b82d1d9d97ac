using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §11 and §14 over real HTTP: named accounts, symbols as the firm trades them, and orders sized from risk per account.</summary>
[TestFixture]
public sealed class AccountsAndSizingTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    /// <summary>Three Apex accounts (50k, 100k, 150k) at the sandbox, named PA1..PA3, with account ids PA-1..PA-3.</summary>
    private RouterHost ThreeApexAccounts(Action<Dictionary<string, string?>>? change = null)
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        decimal[] balances = [50_000m, 100_000m, 150_000m];
        for (int i = 0; i < balances.Length; i++)
        {
            string name = $"PA{i + 1}";
            settings[$"PropConnectors:Firms:APEX:Accounts:{name}:AccountId"] = $"PA-{i + 1}";
            _sandbox.Apex.SetAccount(new SandboxAccountSettings { AccountId = $"PA-{i + 1}", Balance = balances[i] });
        }

        change?.Invoke(settings);
        return _sandbox.CreateHost(settings);
    }

    private static JsonElement Body(SandboxOrder order)
    {
        using JsonDocument document = JsonDocument.Parse(order.RawBody);
        return document.RootElement.Clone();
    }

    [Test]
    public async Task OneSignal_ThreeAccountsOfDifferentBalances_ThreeSizedQuantities()
    {
        using RouterHost host = ThreeApexAccounts();
        string id = Tasks.NewId("risk");

        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(id, ["APEX"], "NQ", 0.01m, entry: 18_000m, stop: 17_990m));

        var byAccount = _sandbox.Apex.Orders.ToDictionary(o => o.AccountId!);
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => (r.Account, r.Status)), Is.EquivalentTo(new[] { ("PA1", ConnectorStatus.Success), ("PA2", ConnectorStatus.Success), ("PA3", ConnectorStatus.Success) }));
            // 1 % of 50k/100k/150k over 10 points × 20 USD: 2.5, 5, 7.5 contracts, rounded down to whole contracts.
            Assert.That(byAccount["PA-1"].Quantity, Is.EqualTo(2m));
            Assert.That(byAccount["PA-2"].Quantity, Is.EqualTo(5m));
            Assert.That(byAccount["PA-3"].Quantity, Is.EqualTo(7m));
            Assert.That(Body(byAccount["PA-2"]).GetProperty("account_id").GetString(), Is.EqualTo("PA-2"));
            Assert.That(byAccount["PA-1"].ClientOrderId, Is.EqualTo(ClientOrderIds.Create(id, "APEX", "PA1")));
            Assert.That(byAccount.Values.Select(o => o.ClientOrderId).Distinct().Count(), Is.EqualTo(3));
            Assert.That(_sandbox.Apex.Requests.Where(r => r.Method == "GET").Select(r => r.PathAndQuery), Is.EquivalentTo(new[]
            {
                "/firms/APEX/v1/account?account_id=PA-1", "/firms/APEX/v1/account?account_id=PA-2", "/firms/APEX/v1/account?account_id=PA-3",
            }), "one account read per account, naming it");
            ConnectorResult pa1 = result.ConnectorResults.Single(r => r.Account == "PA1");
            Assert.That(pa1.Sizing!.RiskAmount, Is.EqualTo(500m));
            Assert.That(pa1.Sizing.StopDistance, Is.EqualTo(10m));
            Assert.That(pa1.Sizing.PointValue, Is.EqualTo(20m));
            Assert.That(pa1.Sizing.SizedQuantity, Is.EqualTo(2m));
            Assert.That(pa1.Sizing.Explanation, Does.Contain("1 % of balance 50,000.00 = 500.00 at risk; stop distance 10 × point value 20 = 200.00 per unit → 2"));
        });
    }

    [TestCase("MNQ", 25)]
    [TestCase("NQ", 2)]
    public async Task Sizing_Futures_FromTheInstrumentTable(string symbol, int expected)
    {
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { Balance = 50_000m });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["APEX_MAX_POSITION_SIZE"] = "30"; // above 25: this test is the arithmetic, the next one the cap
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("risk"), ["APEX"], symbol, 0.01m, entry: 18_000m, stop: 17_990m));

        Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), result.For("APEX").ErrorMessage);
        Assert.That(_sandbox.Apex.Orders.Single().Quantity, Is.EqualTo((decimal)expected));
    }

    [Test]
    public async Task Sizing_AboveThePositionLimit_IsCappedAndSaysSo()
    {
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { Balance = 50_000m });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("cap"), ["APEX"], "MNQ", 0.01m, entry: 18_000m, stop: 17_990m));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").Sizing!.SizedQuantity, Is.EqualTo(25m));
            Assert.That(result.For("APEX").Sizing!.Quantity, Is.EqualTo(20m));
            Assert.That(result.For("APEX").Sizing!.Explanation, Does.EndWith("→ 25; capped to 20 by the position limit of 20."));
            Assert.That(_sandbox.Apex.Orders.Single().Quantity, Is.EqualTo(20m));
        });
    }

    [Test]
    public async Task Sizing_FtmoEurusd_InHundredthsOfALot()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        // 0.5 % of 100,000 = 500; 0.0020 × 100,000 per lot = 200 per lot → 2.5 lots.
        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("fx"), ["FTMO"], "EURUSD", 0.005m, entry: 1.1000m, stop: 1.0980m));

        Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success), result.For("FTMO").ErrorMessage);
        Assert.That(Body(_sandbox.Ftmo.Orders.Single()).GetProperty("quantity").GetDecimal(), Is.EqualTo(2.50m));
    }

    [TestCase(1.0, 17_990.0, true, "risk_percent")]
    [TestCase(0.06, 17_990.0, true, "risk_percent")]
    [TestCase(0.01, 18_000.0, true, "stop")]
    [TestCase(0.01, 17_990.0, false, "entry_price")]
    public async Task Sizing_BadInputs_AreInvalidOrderWithNoRequest(double risk, double stop, bool withEntry, string named)
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Signals.RiskEntry(Tasks.NewId("bad"), ["APEX"], "NQ", (decimal)risk, 18_000m, (decimal)stop, p =>
        {
            if (!withEntry)
            {
                p.Remove("entry_price");
            }
        });

        ExecutionResult result = await host.RouteAsync(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.For("APEX").ErrorMessage, Does.Contain(named));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Sizing_AccountUnreadable_IsFailedAccountStateUnavailableAndNothingIsPosted()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        _sandbox.Apex.EnqueueFault(SandboxFault.Status(503) with { Method = "GET", Path = "/account", Times = 20 });

        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("risk"), ["APEX"], "NQ", 0.01m, 18_000m, 17_990m));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.AccountStateUnavailable));
            Assert.That(_sandbox.Apex.Requests.Where(r => r.Method == "POST"), Is.Empty);
        });
    }

    [Test]
    public async Task Sizing_BelowOneContract_IsRefusedRiskExceedsHeadroom()
    {
        _sandbox.Apex.SetAccount(new SandboxAccountSettings { Balance = 10_000m });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        // 1 % of 10,000 = 100 over 10 points × 20 = 200 per contract: 0.5 → 0.
        ExecutionResult result = await host.RouteAsync(Signals.RiskEntry(Tasks.NewId("tiny"), ["APEX"], "NQ", 0.01m, 18_000m, 17_990m));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.RiskExceedsHeadroom));
            Assert.That(result.For("APEX").Sizing!.SizedQuantity, Is.Zero);
            Assert.That(_sandbox.Apex.Requests.Where(r => r.Method == "POST"), Is.Empty);
        });
    }

    [Test]
    public async Task FirmCodes_FirmColonAccount_ReachesOnlyThatAccount()
    {
        using RouterHost host = ThreeApexAccounts();

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("one"), "apex:pa2", "NQ", "BUY", 1));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => (r.FirmCode, r.Account)), Is.EqualTo(new[] { ("APEX", "PA2") }));
            Assert.That(_sandbox.Apex.Orders.Select(o => o.AccountId), Is.EqualTo(new[] { "PA-2" }));
        });
    }

    [Test]
    public async Task Accounts_InheritTheFirmsSettings_AndOverrideTheirOwn()
    {
        using RouterHost host = ThreeApexAccounts(s =>
        {
            s["PropConnectors:Firms:APEX:SymbolMap:NQ"] = "MNQ";
            s["PropConnectors:Firms:APEX:Accounts:PA3:SymbolMap:NQ"] = "NQ";
            s["PropConnectors:Firms:APEX:Accounts:PA2:Enabled"] = "false";
        });

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("map"), "APEX", "NQ", "BUY", 1));

        var byAccount = _sandbox.Apex.Orders.ToDictionary(o => o.AccountId!);
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => r.Account), Is.EquivalentTo(new[] { "PA1", "PA3" }), "FIRM means every enabled account");
            Assert.That(byAccount["PA-1"].Symbol, Is.EqualTo("MNQ"), "the firm's map");
            Assert.That(byAccount["PA-3"].Symbol, Is.EqualTo("NQ"), "the account's own map wins");
            Assert.That(_sandbox.Apex.Requests.Select(r => r.AuthorizationValid), Is.All.True, "the accounts inherit the firm's key");
        });
    }

    [TestCase("CME_MINI:NQ1!", "NQ")]
    [TestCase("nq", "NQ")]
    [TestCase(" MNQ2! ", "MNQ")]
    public async Task Symbols_TradingViewTickersAndCase_ReachTheFirmAsItsSymbol(string sent, string expected)
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("sym"), "APEX", sent, "BUY", 1));

        Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), result.For("APEX").ErrorMessage);
        Assert.That(Body(_sandbox.Apex.Orders.Single()).GetProperty("symbol").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Quantity_OffTheInstrumentsStep_IsInvalidOrderWithNoRequest()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("half"), "APEX", "NQ", "BUY", 1.5m));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.For("APEX").ErrorMessage, Does.Contain("1.5"));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Instruments_ConfigurationOverridesThePackagesTable()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:APEX:Instruments:NQ:QuantityStep"] = "0.5";
        settings["PropConnectors:Firms:APEX:Instruments:NQ:MinQuantity"] = "0.5";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Signals.Entry(Tasks.NewId("step"), "APEX", "NQ", "BUY", 1.5m));

        Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), result.For("APEX").ErrorMessage);
        Assert.That(_sandbox.Apex.Orders.Single().Quantity, Is.EqualTo(1.5m));
    }

    [Test]
    public async Task AccountsOfOneFirm_AreRoutedConcurrently()
    {
        using RouterHost host = ThreeApexAccounts();
        _sandbox.Apex.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)) with { Times = 3 });
        using var cancel = new CancellationTokenSource();

        Task<ExecutionResult> routing = host.RouteAsync(Signals.Entry(Tasks.NewId("conc"), "APEX", "NQ", "BUY", 1), cancel.Token);
        // Each POST is held 20 s: one after the other, the second could not arrive within the bound.
        Task arrived = _sandbox.Apex.WaitForRequestsReceivedAsync(3).WaitAsync(TimeSpan.FromSeconds(10));
        Exception? failure = await Record(arrived);
        await cancel.CancelAsync();
        await Record(routing);

        Assert.That(failure, Is.Null, "all three accounts' orders were in flight at once");
    }

    private static async Task<Exception?> Record(Task task)
    {
        try
        {
            await task;
            return null;
        }
#pragma warning disable CA1031 // The test reports what happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    [Test]
    public async Task DefaultAccount_KeepsPartOnesClientOrderIdAndSendsNoAccountId()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        string id = Tasks.NewId("dflt");

        ExecutionResult result = await host.RouteAsync(Signals.Entry(id, "APEX", "NQ", "BUY", 1));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Account, Is.Null);
            Assert.That(_sandbox.Apex.Orders.Single().ClientOrderId, Is.EqualTo(ClientOrderIds.Create(id, "APEX")));
            Assert.That(Body(_sandbox.Apex.Orders.Single()).TryGetProperty("account_id", out _), Is.False);
            Assert.That(Body(_sandbox.Apex.Orders.Single()).TryGetProperty("reduce_only", out _), Is.False);
        });
    }
}
