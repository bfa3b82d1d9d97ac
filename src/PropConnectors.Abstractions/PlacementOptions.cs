
namespace PropConnectors;

/// <summary>
/// The bounds of one placement (<see cref="BasePropConnector.PlaceOrderAsync(Orders.OrderRequest, PlacementOptions, CancellationToken)"/>):
/// how many order requests it may send, how many re-attempt rounds follow a <see cref="Results.ConnectorStatus.Retry"/>,
/// and whether it only previews. The router sets them from its options; a direct call uses <see cref="Default"/>.
/// </summary>
public sealed record PlacementOptions
{
    /// <summary>One round of at most the firm's <see cref="Configuration.PropFirmOptions.MaxAttempts"/> order requests, sent for real (unless the global dry-run gate is on).</summary>
    public static PlacementOptions Default { get; } = new();

    /// <summary>
    /// The most order requests in one round (the first one included); <see langword="null"/>: the firm's
    /// <see cref="Configuration.PropFirmOptions.MaxAttempts"/>. Each round runs under the firm's <see cref="Configuration.PropFirmOptions.Timeout"/>.
    /// </summary>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// How many more rounds follow a round that ended <see cref="Results.ConnectorStatus.Retry"/> (the firm provably does not
    /// hold the order), after a backoff that honours <c>Retry-After</c>; a <c>Retry-After</c> longer than a minute ends them.
    /// 0 by default.
    /// </summary>
    public int ReAttempts { get; init; }

    /// <summary>The most order requests across every round; <see langword="null"/>: no bound beyond the rounds' own.</summary>
    public int? AttemptCeiling { get; init; }

    /// <summary>
    /// Nothing is sent: the result is the <see cref="Results.ConnectorStatus.Skipped"/> preview, whatever the gate says now. A
    /// router passes the gate as it read it once for the task, so a task reported as dry-run can never have sent an order.
    /// </summary>
    public bool Preview { get; init; }

    /// <summary>
    /// The caller reports the outcome itself (the router logs one Information line per task): a success or a preview is
    /// logged here at Debug; failures stay at Information.
    /// </summary>
    public bool ReportedByCaller { get; init; }
}
