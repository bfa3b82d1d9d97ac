using System.Text.Json.Serialization;
using PropConnectors.Orders;

namespace PropConnectors.Samples.AcmeConnector.Internal;

/// <summary>The body of <c>POST /api/v2/trades</c>: Acme's own camelCase shape, not the SDK's snake_case order.</summary>
internal sealed record AcmeTradeRequest
{
    /// <summary>The client's reference: Acme's idempotency key (a repeated ref answers with the first trade).</summary>
    public required string Ref { get; init; }

    public required string Instrument { get; init; }

    /// <summary><c>long</c> or <c>short</c>.</summary>
    public required string Direction { get; init; }

    public required decimal Size { get; init; }

    /// <summary><c>market</c>, <c>limit</c> or <c>stop</c>.</summary>
    public required string Kind { get; init; }

    public decimal? Price { get; init; }

    public decimal? StopLoss { get; init; }

    /// <summary>Only reduces a position (a close, CONTRACT §10); left out when false.</summary>
    public bool? ReduceOnly { get; init; }

    public static AcmeTradeRequest From(OrderRequest order) => new()
    {
        Ref = order.ClientOrderId,
        Instrument = order.Symbol.Trim(),
        Direction = order.Side == OrderSide.Sell ? "short" : "long",
        Size = order.Quantity,
        Kind = order.OrderType switch
        {
            OrderType.Limit => "limit",
            OrderType.Stop => "stop",
            _ => "market",
        },
        Price = order.EntryPrice,
        StopLoss = order.StopLoss,
        ReduceOnly = order.ReduceOnly ? true : null,
    };
}

/// <summary>Acme's answer for one trade: <c>{"trade": {"id": "...", "ref": "...", "state": "..."}}</c>.</summary>
internal sealed record AcmeTradeEnvelope(AcmeTrade? Trade);

/// <summary>One trade as Acme describes it.</summary>
internal sealed record AcmeTrade(string? Id, string? Ref, string? State);

/// <summary><c>GET /api/v2/account</c>: <c>{"account": {"balance", "equity", "dayStartBalance", "currency"}}</c>, amounts as strings.</summary>
internal sealed record AcmeAccountEnvelope(AcmeAccount? Account);

/// <summary>Acme's account balances (decimal strings, so that no amount passes through a binary float).</summary>
internal sealed record AcmeAccount(string? Balance, string? Equity, string? DayStartBalance, string? Currency);

/// <summary><c>GET /api/v2/positions</c>: <c>{"positions": [{"instrument", "direction", "size"}]}</c>.</summary>
internal sealed record AcmePositionsEnvelope(AcmePosition[]? Positions);

/// <summary>One open position.</summary>
internal sealed record AcmePosition(string? Instrument, string? Direction, decimal? Size);

/// <summary><c>GET /api/v2/trades?state=working</c>: <c>{"trades": [...]}</c>.</summary>
internal sealed record AcmeWorkingTradesEnvelope(AcmeWorkingTrade[]? Trades);

/// <summary>One working trade.</summary>
internal sealed record AcmeWorkingTrade(string? Id, string? Ref, string? Instrument, string? Direction, decimal? Size, string? Kind, string? State);

/// <summary>Acme's error body: <c>{"error": {"code": "...", "detail": "..."}}</c>.</summary>
internal sealed record AcmeErrorEnvelope(AcmeError? Error);

/// <summary>One error as Acme describes it.</summary>
internal sealed record AcmeError(string? Code, string? Detail);

/// <summary>Source-generated JSON for Acme's wire types: camelCase, absent values left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcmeTradeRequest))]
[JsonSerializable(typeof(AcmeTradeEnvelope))]
[JsonSerializable(typeof(AcmeErrorEnvelope))]
[JsonSerializable(typeof(AcmeAccountEnvelope))]
[JsonSerializable(typeof(AcmePositionsEnvelope))]
[JsonSerializable(typeof(AcmeWorkingTradesEnvelope))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
