using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <summary>
/// How a <see cref="IConformanceFirm"/> answers order requests, set with <see cref="IConformanceFirm.Arrange"/>.
/// Each scenario is one row of CONTRACT §5 seen from the firm's side; the firm speaks its own protocol,
/// the kit checks what the connector makes of it.
/// </summary>
public enum ConformanceScenario
{
    /// <summary>
    /// The firm takes the order and answers with its order id. It honours the idempotency key: an order request
    /// whose key it already holds answers with that order and creates none.
    /// </summary>
    Accept,

    /// <summary>
    /// The firm refuses the order as a business rejection (HTTP 400, 409 or 422, or the protocol's equivalent) with
    /// <see cref="ConformanceSettings.RejectMessage"/> as its error text, and takes nothing.
    /// </summary>
    Reject,

    /// <summary>The firm refuses the credentials (HTTP 401 or 403, or the protocol's equivalent) and takes nothing.</summary>
    Unauthorized,

    /// <summary>
    /// The firm rate limits the request (HTTP 429) with <c>Retry-After</c> set to <see cref="ConformanceSettings.RetryAfter"/>
    /// (one second), and takes nothing.
    /// </summary>
    RateLimited,

    /// <summary>The firm is unavailable (HTTP 503) and takes nothing.</summary>
    Unavailable,

    /// <summary>
    /// The firm holds its answer for <see cref="ConformanceSettings.SlowAnswerDelay"/>, well beyond the attempt timeout
    /// the kit sets. It may take the order at once or only when it answers (a request the client abandoned may then be
    /// dropped); the kit accepts either, as long as the connector never places a second order and never says
    /// <see cref="ConnectorStatus.Failed"/> while the firm holds one.
    /// </summary>
    SlowBeyondTimeout,

    /// <summary>
    /// The firm takes the order, then closes the connection without answering: the connector cannot tell from the
    /// request alone whether the order exists.
    /// </summary>
    AcceptThenDropConnection,

    /// <summary>
    /// The firm answers HTTP 200 (or the protocol's success) with a body that is not the expected JSON, for example
    /// <c>&lt;html&gt;</c> text.
    /// </summary>
    MalformedBody,
}
