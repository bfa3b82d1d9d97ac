namespace PropConnectors.SandboxFirm;

/// <summary>What a <see cref="SandboxFault"/> does to the request it is applied to.</summary>
public enum SandboxFaultKind
{
    /// <summary>Answer with an HTTP error status (for example 429 or 503) and an <c>{"error": "..."}</c> body; nothing is stored.</summary>
    Status,

    /// <summary>Answer with an HTTP error status and a caller-chosen <c>{"error": "..."}</c> message; nothing is stored.</summary>
    Reject,

    /// <summary>Wait for a fixed time, then answer normally.</summary>
    Delay,

    /// <summary>Answer <c>200</c> with a body that is not JSON; the request is not carried out (no order is stored or cancelled).</summary>
    MalformedBody,

    /// <summary>Carry the request out (store the order, cancel it, ...), then abort the connection without any response.</summary>
    AcceptThenDrop,

    /// <summary>Answer with a status and exactly the bytes given (invalid UTF-8, encoding tricks); nothing is carried out.</summary>
    RawBody,

    /// <summary>Echo the request's <c>Authorization</c> header, every character <c>\uXXXX</c>-escaped: in the answer of a request carried out (2xx), or in an error text (4xx/5xx, nothing carried out).</summary>
    EchoKey,

    /// <summary>Carry the request out, announce the whole answer's length, send half of it, then abort the connection.</summary>
    Truncate,

    /// <summary>Carry the request out, then send the answer one byte at a time, waiting between bytes.</summary>
    Trickle,

    /// <summary>Abort the connection before the request is carried out: nothing is stored, and the client cannot tell.</summary>
    Reset,

    /// <summary>Answer a lookup with another client's order (another <c>client_order_id</c>): a firm that lies.</summary>
    ForeignOrder,
}
