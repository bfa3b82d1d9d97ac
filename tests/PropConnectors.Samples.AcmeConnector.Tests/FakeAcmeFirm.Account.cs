using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Testing;

namespace PropConnectors.Samples.AcmeConnector.Tests;

/// <content>Acme's account reads: balances, positions and working trades, held as the kit arranges them.</content>
public sealed partial class FakeAcmeFirm : IConformanceAccountFirm
{
    private readonly Dictionary<string, (string Direction, decimal Size)> _positions = new(StringComparer.OrdinalIgnoreCase);
    private decimal _balance = 100_000m;
    private decimal _dayStartBalance = 100_000m;
    private bool _failReads;
    private int _reads;

    public int ReadRequestsReceived => Volatile.Read(ref _reads);

    public void HoldAccount(decimal balance, decimal dayStartBalance)
    {
        lock (_gate)
        {
            (_balance, _dayStartBalance) = (balance, dayStartBalance);
        }
    }

    public void HoldPosition(string symbol, PositionSide side, decimal quantity)
    {
        lock (_gate)
        {
            _positions[symbol] = (side == PositionSide.Long ? "long" : "short", quantity);
        }
    }

    public string HoldWorkingOrder(string symbol, OrderSide side, decimal quantity)
    {
        lock (_gate)
        {
            var trade = new Trade($"ACME-{_trades.Count + 1:D6}", "working-" + Guid.NewGuid().ToString("N")[..8], "working")
            {
                Instrument = symbol,
                Direction = side == OrderSide.Buy ? "long" : "short",
                Size = quantity,
                Kind = "limit",
            };
            _trades.Add(trade);
            return trade.Id;
        }
    }

    public bool IsReduceOnly(string clientOrderId)
    {
        lock (_gate)
        {
            return _trades.Any(t => t.Ref == clientOrderId && t.ReduceOnly);
        }
    }

    public bool IsWorking(string orderId) => FindById(orderId)?.State == "working";

    public void FailReads() => _failReads = true;

    private bool HoldsPosition(string symbol)
    {
        lock (_gate)
        {
            return _positions.ContainsKey(symbol);
        }
    }

    private void MapAccount(WebApplication app)
    {
        app.MapGet("/api/v2/account", context => ReadAsync(context, () => new JsonObject
        {
            ["account"] = new JsonObject
            {
                ["balance"] = _balance.ToString(CultureInfo.InvariantCulture),
                ["equity"] = _balance.ToString(CultureInfo.InvariantCulture),
                ["dayStartBalance"] = _dayStartBalance.ToString(CultureInfo.InvariantCulture),
                ["currency"] = "USD",
            },
        }));
        app.MapGet("/api/v2/positions", context => ReadAsync(context, () => new JsonObject
        {
            ["positions"] = new JsonArray([.. _positions.Select(p => (JsonNode)new JsonObject { ["instrument"] = p.Key, ["direction"] = p.Value.Direction, ["size"] = p.Value.Size })]),
        }));
        app.MapGet("/api/v2/trades", context => ReadAsync(context, () => new JsonObject
        {
            ["trades"] = new JsonArray([.. _trades.Where(t => t.State == "working").Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id, ["ref"] = t.Ref, ["instrument"] = t.Instrument, ["direction"] = t.Direction, ["size"] = t.Size, ["kind"] = t.Kind, ["state"] = t.State,
            })]),
        }));
    }

    private Task ReadAsync(HttpContext context, Func<JsonObject> answer)
    {
        Interlocked.Increment(ref _reads);
        if (!Authorized(context))
        {
            return ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
        }

        if (_failReads)
        {
            return ErrorAsync(context, 503, "UNAVAILABLE", "maintenance");
        }

        JsonObject body;
        lock (_gate)
        {
            body = answer();
        }

        return JsonAsync(context, 200, body);
    }
}
