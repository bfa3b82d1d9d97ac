using System.Text.Json;
using PropConnectors.Results;

namespace PropConnectors.Http;

/// <summary>How to report and read one HTTP exchange with a firm (see <see cref="FirmHttp.SendAsync"/>).</summary>
public sealed record FirmHttpExchange
{
    /// <summary>What is reported as sent (method, URL, body); never a secret.</summary>
    public required RawRequest RawRequest { get; init; }

    /// <summary>The largest answer read; a larger one is <see cref="FirmReplyKind.InvalidResponse"/>. 1 MiB by default.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Reads the order from a 2xx JSON answer; <see langword="null"/>: the generic contract's <see cref="FirmHttp.ReadGenericOrder"/>.</summary>
    public Func<JsonElement, FirmOrderInfo?>? ReadOrder { get; init; }

    /// <summary>Reads the error text from a non-2xx JSON answer; <see langword="null"/>: <see cref="FirmHttp.ReadGenericError"/>.</summary>
    public Func<JsonElement, string?>? ReadError { get; init; }

    /// <summary>When set, a 2xx without an order (for example a cancel answered 204) is accepted as this order id.</summary>
    public string? OrderIdWhenNoOrder { get; init; }
}
