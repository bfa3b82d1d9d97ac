using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Accounts;
using PropConnectors.Benchmarks.Infrastructure;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Routing.Rules;
using PropConnectors.Rules;

namespace PropConnectors.Benchmarks;

/// <summary>
/// The pre-trade rules' CPU for one entry (CONTRACT §13; target: at most 5 µs on top of the state reads): the kill
/// switch, automation, windows and stop loss, then the position limit, hedging, the loss floors and the headroom, on an
/// account of known size with two positions (one the entry's mini/micro twin) and a trading window, all passing.
/// </summary>
[Config(typeof(OneCoreConfig))]
public class RulesBenchmarks
{
    private ServiceProvider _services = null!;
    private BasePropConnector _connector = null!;
    private KillSwitch _killSwitch = null!;
    private OrderFields _order;
    private AccountState _account = null!;
    private IReadOnlyList<Position> _positions = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _services = SdkHost.Build(dryRun: false, [new FirmEndpoint("FTMO", new Uri("http://127.0.0.1:9/v1"), "bench-secret-key")], SdkHostVariant.Full with
        {
            Configure = o =>
            {
                o.AccountSize = 100_000m;
                o.TradingWindows = ["Mon-Fri 00:00-23:59 America/New_York"];
            },
        });
        _connector = _services.GetRequiredService<IPropConnectorRegistry>().Connectors.Single();
        _killSwitch = new KillSwitch();
        _order = new OrderFields { Symbol = SdkHost.Symbol, Side = OrderSide.Buy, Quantity = 1, OrderType = OrderType.Market, EntryPrice = 18_000m, StopLoss = 17_990m };
        _account = new AccountState { Balance = 100_000m, Equity = 100_500m, DayStartBalance = 100_000m, Currency = "USD" };
        _positions = [new Position { Symbol = "ES", Side = PositionSide.Long, Quantity = 1 }, new Position { Symbol = "MNQ", Side = PositionSide.Long, Quantity = 2 }];
        _now = new DateTimeOffset(2026, 3, 9, 15, 0, 0, TimeSpan.Zero);
        if (Check() != 1m)
        {
            throw new InvalidOperationException("The benchmark's entry must pass every rule.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "pre-trade rules, one passing entry (rules 1–9)")]
    public decimal Check()
    {
        if (PreTradeRules.BeforeReads(_connector, _killSwitch.For(_connector), _order, _now) is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        (RuleRefusal? refusal, decimal quantity) = PreTradeRules.WithState(_connector, _order, SdkHost.Symbol, 1m, sized: false, _account, _positions, highest: 100_000m);
        return refusal is null ? quantity : throw new InvalidOperationException(refusal.Value.Message);
    }
}
