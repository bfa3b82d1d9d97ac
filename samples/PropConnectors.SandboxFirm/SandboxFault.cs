using Microsoft.AspNetCore.WebUtilities;

namespace PropConnectors.SandboxFirm;

/// <summary>
/// A failure the sandbox firm injects into a request, queued with <see cref="SandboxFirm.EnqueueFault"/> or drawn at
/// random with <see cref="SandboxFirm.SetRandomFaults"/>. Create one with a factory method and adjust which requests it
/// applies to with <c>with</c>: <c>SandboxFault.Status(503) with { Method = "GET", Times = 3 }</c>.
/// </summary>
/// <remarks>
/// Faults apply only to requests that carry the firm's valid API key (a bad key is always answered 401) and are applied
/// after the firm's <see cref="SandboxFirm.Latency"/>.
/// </remarks>
public sealed record SandboxFault
{
    private readonly string? _method = "POST";
    private readonly int _times = 1;

    private SandboxFault(SandboxFaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public SandboxFaultKind Kind { get; }

    /// <summary>The HTTP status answered by <see cref="SandboxFaultKind.Status"/> and <see cref="SandboxFaultKind.Reject"/> faults; 0 otherwise.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The <c>Retry-After</c> header sent with a <see cref="SandboxFaultKind.Status"/> fault (whole seconds, rounded up), or <see langword="null"/> for none.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The text of the <c>{"error": "..."}</c> body of a <see cref="SandboxFaultKind.Reject"/> fault.</summary>
    public string? Message { get; private init; }

    /// <summary>How long a <see cref="SandboxFaultKind.Delay"/> fault waits before the normal answer, or a <see cref="SandboxFaultKind.Trickle"/> fault between bytes.</summary>
    public TimeSpan DelayDuration { get; private init; }

    /// <summary>
    /// The HTTP method of the requests this fault applies to (case-insensitive; default <c>POST</c>).
    /// <see langword="null"/> or <c>*</c> means any method.
    /// </summary>
    public string? Method
    {
        get => _method;
        init => _method = value is null || value == "*" ? null : NormalizeMethod(value);
    }

    /// <summary>
    /// The calls this fault applies to, by the path after the firm's base URL: <c>/account</c>, <c>/positions</c>,
    /// <c>/orders</c> (the collection: placement, lookups, open orders) or <c>/orders/</c> (one order); matched as a prefix of
    /// the path, case-insensitive. <see langword="null"/> (the default) means every call.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>
    /// How many matching requests a queued fault applies to before it is used up (default 1). Ignored for random faults,
    /// where every draw stands alone.
    /// </summary>
    public int Times
    {
        get => _times;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _times = value;
        }
    }

    /// <summary>Answers with <paramref name="statusCode"/> and an <c>{"error": "..."}</c> body naming the status; nothing is stored.</summary>
    /// <param name="statusCode">An HTTP error status, 400 to 599 (for example 401, 429, 500, 503).</param>
    /// <param name="retryAfter">If set, a <c>Retry-After</c> header in whole seconds, rounded up (<see cref="TimeSpan.Zero"/> sends <c>0</c>).</param>
    /// <returns>The fault.</returns>
    public static SandboxFault Status(int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } ra)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ra, TimeSpan.Zero, nameof(retryAfter));
        }

        return new SandboxFault(SandboxFaultKind.Status) { StatusCode = statusCode, RetryAfter = retryAfter };
    }

    /// <summary>Answers with <paramref name="statusCode"/> and the body <c>{"error": "<paramref name="message"/>"}</c>; nothing is stored.</summary>
    /// <param name="statusCode">An HTTP error status, 400 to 599 (typically 400, 409 or 422).</param>
    /// <param name="message">The error text.</param>
    /// <returns>The fault.</returns>
    public static SandboxFault Reject(int statusCode, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(message);
        return new SandboxFault(SandboxFaultKind.Reject) { StatusCode = statusCode, Message = message };
    }

    /// <summary>Waits <paramref name="duration"/> (on the server's <see cref="TimeProvider"/>), then answers normally.</summary>
    /// <param name="duration">The extra delay; not negative.</param>
    /// <returns>The fault.</returns>
    public static SandboxFault Delay(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return new SandboxFault(SandboxFaultKind.Delay) { DelayDuration = duration };
    }

    /// <summary>Answers <c>200</c> with <c>Content-Type: application/json</c> and a body that is not JSON; the request is not carried out.</summary>
    /// <returns>The fault.</returns>
    public static SandboxFault MalformedBody() => new(SandboxFaultKind.MalformedBody);

    /// <summary>
    /// Carries the request out (a <c>POST</c> stores the order), then aborts the connection with no response
    /// (<c>HttpContext.Abort()</c>): the client sees a transport error and cannot tell whether the order was taken.
    /// </summary>
    /// <returns>The fault.</returns>
    public static SandboxFault AcceptThenDrop() => new(SandboxFaultKind.AcceptThenDrop);

    /// <summary>Answers <paramref name="statusCode"/> with exactly <paramref name="body"/> as <c>application/json</c>; nothing is carried out.</summary>
    /// <param name="statusCode">Any HTTP status, 200 to 599.</param>
    /// <param name="body">The bytes, for example invalid UTF-8 or an escaped echo.</param>
    /// <returns>The fault.</returns>
    public static SandboxFault RawBody(int statusCode, byte[] body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(body);
        return new SandboxFault(SandboxFaultKind.RawBody) { StatusCode = statusCode, Body = [.. body] };
    }

    /// <summary>
    /// Echoes the request's <c>Authorization</c> header, each character escaped as <c>\uXXXX</c>: with a 2xx the request is
    /// carried out and the echo is added to its answer; otherwise nothing is carried out and the echo is the error text.
    /// </summary>
    /// <param name="statusCode">The status of the answer, 200 to 599.</param>
    /// <returns>The fault.</returns>
    public static SandboxFault EchoKey(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new SandboxFault(SandboxFaultKind.EchoKey) { StatusCode = statusCode };
    }

    /// <summary>Carries the request out, announces the answer's full length, sends half of it and aborts the connection.</summary>
    /// <returns>The fault.</returns>
    public static SandboxFault Truncate() => new(SandboxFaultKind.Truncate);

    /// <summary>Carries the request out, then sends the answer one byte at a time, <paramref name="perByte"/> apart.</summary>
    /// <param name="perByte">The wait between bytes; not negative.</param>
    /// <returns>The fault.</returns>
    public static SandboxFault Trickle(TimeSpan perByte)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perByte, TimeSpan.Zero);
        return new SandboxFault(SandboxFaultKind.Trickle) { DelayDuration = perByte };
    }

    /// <summary>Aborts the connection before the request is carried out (nothing stored; the client sees a reset).</summary>
    /// <returns>The fault.</returns>
    public static SandboxFault Reset() => new(SandboxFaultKind.Reset);

    /// <summary>Answers a lookup (a <c>GET</c>, by default) with another client's order: <c>200</c> with a foreign <c>client_order_id</c>.</summary>
    /// <returns>The fault.</returns>
    public static SandboxFault ForeignOrder() => new(SandboxFaultKind.ForeignOrder) { Method = "GET" };

    /// <summary>The bytes answered by a <see cref="SandboxFaultKind.RawBody"/> fault; empty otherwise.</summary>
    public IReadOnlyList<byte> Body { get; private init; } = [];

    internal bool Matches(string method, string path) =>
        (_method is null || string.Equals(_method, method, StringComparison.OrdinalIgnoreCase))
        && (Path is null || (Path == "/orders" ? string.Equals(path, Path, StringComparison.OrdinalIgnoreCase) : path.StartsWith(Path, StringComparison.OrdinalIgnoreCase)));

    internal string? RetryAfterHeader =>
        RetryAfter is { } ra ? ((long)Math.Ceiling(ra.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    internal string ErrorText => Kind == SandboxFaultKind.Reject
        ? Message ?? string.Empty
        : StatusCode switch
        {
            401 => "invalid api key",
            429 => "rate limited",
            _ => $"sandbox fault: {StatusCode} {ReasonPhrase(StatusCode)}".TrimEnd(),
        };

    private static string ReasonPhrase(int status) => ReasonPhrases.GetReasonPhrase(status);

    private static string NormalizeMethod(string method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        return method.Trim().ToUpperInvariant();
    }
}
