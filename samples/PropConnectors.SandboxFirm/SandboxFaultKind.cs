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
}
