using System.Text.Json.Serialization;

namespace PropConnectors.Results;

/// <summary>The outcome of one connector call (CONTRACT §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectorStatus>))]
public enum ConnectorStatus
{
    /// <summary>The firm holds the order (or answered the call) as asked.</summary>
    [JsonStringEnumMemberName("SUCCESS")]
    Success,

    /// <summary>The call did not happen or the firm refused it; the firm does not hold the order.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>The firm is rate limiting or unavailable and provably does not hold the order: try again later with the same client order id.</summary>
    [JsonStringEnumMemberName("RETRY")]
    Retry,

    /// <summary>Nothing was sent on purpose (the global dry-run gate is on).</summary>
    [JsonStringEnumMemberName("SKIPPED")]
    Skipped,

    /// <summary>
    /// The request may have reached the firm and it could not be established whether it holds the order.
    /// Query the firm by client order id before acting; never re-place the order under a new id.
    /// </summary>
    [JsonStringEnumMemberName("UNKNOWN")]
    Unknown,
}
