
namespace PropConnectors.Placement;

/// <summary>What one round of a placement established about the order.</summary>
internal enum PlacementStepKind
{
    /// <summary>The firm settled it: it holds the order (<see cref="FirmReplyKind.Accepted"/>) or refused it.</summary>
    Settled,

    /// <summary>The firm provably does not hold the order (429, nothing sent, or a lookup said so): it may be sent again.</summary>
    Absent,

    /// <summary>The firm may hold the order and could not say whether it does.</summary>
    Unknown,

    /// <summary>The connector's protocol code threw and the firm provably does not hold the order.</summary>
    Faulted,
}

/// <summary>The outcome of a round: its kind, the reply it rests on, and the exception when the protocol code threw.</summary>
internal readonly record struct PlacementStep(PlacementStepKind Kind, FirmReply Reply, Exception? Fault = null)
{
    public static PlacementStep Settled(FirmReply reply) => new(PlacementStepKind.Settled, reply);

    public static PlacementStep Absent(FirmReply reply) => new(PlacementStepKind.Absent, reply);

    public static PlacementStep Unknown(FirmReply reply) => new(PlacementStepKind.Unknown, reply);
}
