using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary><c>{"error": "..."}</c></summary>
internal sealed record ErrorReply(string Error);

/// <summary>The answer to <c>POST /orders</c> (201 new, 200 idempotent replay).</summary>
internal sealed record PlaceOrderReply(string OrderId, string Status, string? ClientOrderId, string Symbol);

/// <summary>The answer to <c>GET /orders/{id}</c> and <c>GET /orders?client_order_id=</c>.</summary>
internal sealed record OrderReply(
    string OrderId,
    string Status,
    string? ClientOrderId,
    string Symbol,
    string Side,
    decimal Quantity,
    string OrderType);

/// <summary>The answer to <c>GET /account</c> (CONTRACT §12).</summary>
internal sealed record AccountReply(
    string? AccountId,
    decimal Balance,
    decimal Equity,
    decimal DayStartBalance,
    string Currency,
    decimal HighWaterBalance,
    decimal? DrawdownFloor);

/// <summary>One entry of <c>GET /positions</c>.</summary>
internal sealed record PositionReply(string Symbol, string Side, decimal Quantity, decimal AveragePrice, decimal UnrealizedPnl);

/// <summary>The answer to <c>GET /positions</c>.</summary>
internal sealed record PositionsReply(PositionReply[] Positions);

/// <summary>The answer to <c>GET /orders?status=open</c>.</summary>
internal sealed record OpenOrdersReply(OrderReply[] Orders);

/// <summary>Control: <c>PUT /_sandbox/firms/{code}/prices/{symbol}</c>.</summary>
internal sealed record PriceRequest(decimal? Price, decimal? PointValue);

/// <summary>Control: <c>PUT /_sandbox/firms/{code}/accounts</c>.</summary>
internal sealed record AccountRequest(string? AccountId, decimal? Balance, decimal? DayStartBalance, decimal? HighWaterBalance, decimal? DrawdownFloor, string? Currency);

/// <summary>The answer to <c>DELETE /orders/{id}</c>.</summary>
internal sealed record CancelReply(string OrderId, string Status);

/// <summary>Control: <c>POST /_sandbox/firms/{code}</c>.</summary>
internal sealed record CreateFirmRequest(string? ApiKey);

/// <summary>Control: a firm as listed.</summary>
internal sealed record FirmInfo(string Code, string BaseUrl, bool HonoursIdempotencyKey, double LatencyMs, int PendingFaults, int Orders);

/// <summary>Control: <c>POST /_sandbox/firms/{code}/faults</c> and the items of random faults.</summary>
internal sealed record FaultRequest(
    string? Kind,
    int? Status,
    double? RetryAfterSeconds,
    string? Message,
    double? DelayMs,
    string? Method,
    int? Times,
    string? Path = null);

/// <summary>Control: <c>POST /_sandbox/firms/{code}/random-faults</c>.</summary>
internal sealed record RandomFaultsRequest(int? Seed, double? Probability, FaultRequest[]? Kinds);

/// <summary>Control: <c>PUT /_sandbox/firms/{code}/latency</c>.</summary>
internal sealed record LatencyRequest(double? LatencyMs);

/// <summary>Control: <c>PUT /_sandbox/firms/{code}/idempotency</c>.</summary>
internal sealed record IdempotencyRequest(bool? HonoursIdempotencyKey);

/// <summary>Writes <see cref="SandboxFaultKind"/> as <c>accept_then_drop</c>, the vocabulary of the control endpoint.</summary>
internal sealed class FaultKindJsonConverter() : JsonStringEnumConverter<SandboxFaultKind>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);

/// <summary>Source-generated, reflection-free JSON for everything the sandbox reads and writes (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(FaultKindJsonConverter)])]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(PlaceOrderReply))]
[JsonSerializable(typeof(OrderReply))]
[JsonSerializable(typeof(CancelReply))]
[JsonSerializable(typeof(AccountReply))]
[JsonSerializable(typeof(PositionsReply))]
[JsonSerializable(typeof(OpenOrdersReply))]
[JsonSerializable(typeof(PriceRequest))]
[JsonSerializable(typeof(AccountRequest))]
[JsonSerializable(typeof(SandboxAccount))]
[JsonSerializable(typeof(SandboxAccount[]))]
[JsonSerializable(typeof(CreateFirmRequest))]
[JsonSerializable(typeof(FirmInfo))]
[JsonSerializable(typeof(FirmInfo[]))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(RandomFaultsRequest))]
[JsonSerializable(typeof(LatencyRequest))]
[JsonSerializable(typeof(IdempotencyRequest))]
[JsonSerializable(typeof(SandboxOrder[]))]
[JsonSerializable(typeof(SandboxRequest[]))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;

/// <summary>The control endpoint's JSON: as <see cref="SandboxJsonContext.Default"/>, but leaves quotes in <c>raw_body</c> readable.</summary>
internal static class ControlJson
{
    public static SandboxJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new FaultKindJsonConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
