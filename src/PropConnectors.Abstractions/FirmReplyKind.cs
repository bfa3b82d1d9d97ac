namespace PropConnectors;

/// <summary>What one request to a firm established; the vocabulary a connector's protocol code speaks to <see cref="BasePropConnector"/>.</summary>
public enum FirmReplyKind
{
    /// <summary>The firm answered with the order (placed, found, or its status).</summary>
    Accepted,

    /// <summary>The firm said the order does not exist (404): provably absent.</summary>
    NotFound,

    /// <summary>The firm refused the request (a 4xx other than 401, 403, 404 and 429).</summary>
    Rejected,

    /// <summary>The firm refused the credentials (401 or 403).</summary>
    AuthFailed,

    /// <summary>The firm answered 429: it did not take the request.</summary>
    RateLimited,

    /// <summary>The firm answered 5xx: it may or may not have taken the request.</summary>
    Unavailable,

    /// <summary>Nothing was sent (connection refused, DNS failure, open circuit): provably not taken.</summary>
    NotSent,

    /// <summary>The request may have been sent and no answer came in time.</summary>
    TimedOut,

    /// <summary>The request may have been sent and the connection was lost before the answer.</summary>
    ConnectionLost,

    /// <summary>A 2xx answer whose body is not what the protocol expects.</summary>
    InvalidResponse,
}
