using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Results;
using PropConnectors.Routing.Serialization;

namespace PropConnectors.Routing;

/// <summary>
/// What a host hands the router (CONTRACT §1): a trading signal with its identity and its order payload.
/// </summary>
/// <remarks>
/// <see cref="Id"/> is the root of every idempotency key: the same task id always gives the same
/// <c>client_order_id</c> at a firm, so a re-delivered or retried task can never place a second order.
/// Parse one from JSON with <see cref="ExecutionJson.Parse(string)"/>; on the wire <c>id</c> may be
/// a string or a number.
/// </remarks>
[JsonConverter(typeof(ExecutionTaskJsonConverter))]
public sealed record ExecutionTask
{
    private readonly string _id = string.Empty;

    /// <summary>Creates a task.</summary>
    /// <param name="id">The task's identity (not empty).</param>
    /// <param name="payload">The task payload (CONTRACT §1), a JSON object.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    [SetsRequiredMembers]
    public ExecutionTask(string id, JsonElement payload)
    {
        Id = id;
        Payload = payload;
    }

    /// <summary>Creates an empty task; set <see cref="Id"/> and <see cref="Payload"/> with an object initializer.</summary>
    public ExecutionTask()
    {
    }

    /// <summary>The task's identity (a JSON string or number on the wire); never empty.</summary>
    /// <exception cref="ArgumentException">Set to an empty or blank value.</exception>
    public required string Id
    {
        get => _id;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Id));
            _id = value;
        }
    }

    /// <summary>The trade the task belongs to (for example <c>T-2025-11-22-001</c>), passed through to the result.</summary>
    public string? TradeId { get; init; }

    /// <summary>The kind of event (for example <c>ENTRY</c>), passed through to the result.</summary>
    public string? EventType { get; init; }

    /// <summary>
    /// The order payload (CONTRACT §1): symbol, side, quantity, prices, and the routing fields
    /// <c>firm_codes</c> and <c>program_ids</c>. A payload that is missing or not an object makes every
    /// targeted firm answer <see cref="ConnectorErrorCodes.InvalidOrder"/>.
    /// </summary>
    public JsonElement Payload { get; init; }

    /// <summary>The task as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ExecutionJson.Serialize(this);

    /// <inheritdoc />
    public bool Equals(ExecutionTask? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(TradeId, other.TradeId, StringComparison.Ordinal)
        && string.Equals(EventType, other.EventType, StringComparison.Ordinal)
        && PayloadEquals(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, TradeId, EventType);

    private static bool PayloadEquals(JsonElement left, JsonElement right) =>
        left.ValueKind == JsonValueKind.Undefined || right.ValueKind == JsonValueKind.Undefined
            ? left.ValueKind == right.ValueKind
            : JsonElement.DeepEquals(left, right);
}
