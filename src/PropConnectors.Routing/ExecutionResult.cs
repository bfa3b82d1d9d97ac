using System.Text.Json.Serialization;
using PropConnectors.Results;

namespace PropConnectors.Routing;

/// <summary>
/// What the router returns for one task (CONTRACT §7): one <see cref="ConnectorResult"/> per firm the
/// task went to, whether the dry-run gate was on, and whether any firm took the order.
/// </summary>
public sealed record ExecutionResult
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The task's trade id, if it had one.</summary>
    public string? TradeId { get; init; }

    /// <summary>The task's event type, if it had one.</summary>
    public string? EventType { get; init; }

    /// <summary>Whether the global dry-run gate was on for this task: no external order was sent.</summary>
    public required bool DryRun { get; init; }

    /// <summary>Whether at least one connector result is <see cref="ConnectorStatus.Success"/>.</summary>
    public required bool Routed { get; init; }

    /// <summary>
    /// A one-line human summary: <c>dry-run: no external order sent</c>, or for example
    /// <c>routed to 1 of 2 firms: FTMO SUCCESS, APEX FAILED (UNSUPPORTED_SYMBOL)</c>.
    /// </summary>
    public required string Details { get; init; }

    /// <summary>
    /// Why the task went to no firm at all, as a machine-readable code (<see cref="ConnectorErrorCodes.InvalidOrder"/> for a
    /// <c>firm_codes</c> that cannot be used, <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/> when no firm is enabled);
    /// <see langword="null"/> when the task was routed to its firms, whatever they answered.
    /// </summary>
    public string? ErrorCode { get; init; }

    /// <summary>One result per firm, in the order the task named them (or by firm code when it named none).</summary>
    public required IReadOnlyList<ConnectorResult> ConnectorResults { get; init; }

    /// <summary>How long routing the task took. Not serialized.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get; init; }

    /// <summary>The result as CONTRACT §7 JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ExecutionJson.Serialize(this);
}
