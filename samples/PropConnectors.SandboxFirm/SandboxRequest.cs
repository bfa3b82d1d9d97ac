
namespace PropConnectors.SandboxFirm;

/// <summary>
/// One request a sandbox firm received, as logged before its answer was sent (so a client that has its answer always
/// finds the entry). The API key itself is never stored, only whether it was present and valid.
/// </summary>
public sealed record SandboxRequest
{
    /// <summary>When the request arrived, on the server's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The HTTP method, for example <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (path and query, still escaped), for example <c>/firms/FTMO/v1/orders?client_order_id=pc-1</c>.</summary>
    public required string PathAndQuery { get; init; }

    /// <summary>Whether an <c>Authorization</c> header was sent.</summary>
    public bool AuthorizationPresent { get; init; }

    /// <summary>Whether the <c>Authorization</c> header was <c>Bearer {the firm's key}</c>.</summary>
    public bool AuthorizationValid { get; init; }

    /// <summary>The <c>Idempotency-Key</c> header, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The <c>User-Agent</c> header, if any.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The <c>Accept</c> header, if any.</summary>
    public string? Accept { get; init; }

    /// <summary>The <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>The status the sandbox answered with, or <see langword="null"/> when no answer was sent (see <see cref="Dropped"/> and <see cref="ClientAborted"/>).</summary>
    public int? StatusCode { get; init; }

    /// <summary>The sandbox aborted the connection on purpose (<see cref="SandboxFaultKind.AcceptThenDrop"/>).</summary>
    public bool Dropped { get; init; }

    /// <summary>The client went away before the sandbox answered (for example it timed out during a delay).</summary>
    public bool ClientAborted { get; init; }

    /// <summary>The fault applied to this request, if any.</summary>
    public SandboxFaultKind? Fault { get; init; }
}
