using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Routing.Payload;

namespace PropConnectors.Routing;

/// <summary>
/// Turns a task payload (CONTRACT §1) into the order a connector sends (CONTRACT §2). Never throws on a
/// bad payload and never sends anything: an invalid payload becomes an <see cref="OrderPayloadResult"/>
/// whose <see cref="OrderPayloadResult.ErrorMessage"/> names every offending field.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>side</c> accepts <c>BUY</c>, <c>SELL</c>, <c>LONG</c> and <c>SHORT</c> in any case, also under the key
/// <c>direction</c> (when both are given they must agree). With neither, <c>bias</c> <c>Bullish</c> means BUY and
/// <c>Bearish</c> means SELL.</item>
/// <item>Numbers (<c>quantity</c>, <c>entry_price</c>, <c>stop_loss</c>, <c>risk_percent</c>, <c>program_ids</c>) may be
/// JSON numbers or numeric strings in invariant culture (<c>"1.5"</c>, not <c>"1,5"</c>).</item>
/// <item><c>order_type</c> defaults to <c>MARKET</c>; <c>LIMIT</c> and <c>STOP</c> need <c>entry_price</c>.</item>
/// <item>Absent, <see langword="null"/> or blank optional fields stay absent; strings are trimmed; unknown fields are ignored.</item>
/// <item><c>client_order_id</c> is <see cref="ClientOrderIds.Create(string, string, string?)"/>(task id, firm code): the same in every process.</item>
/// </list>
/// </remarks>
public static class OrderPayloadBuilder
{
    /// <summary>Builds the order a task sends to one firm.</summary>
    /// <param name="task">The task; its <see cref="ExecutionTask.Id"/> and the firm code give the client order id.</param>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The order, or why the payload is invalid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="firmCode"/> is empty.</exception>
    public static OrderPayloadResult Build(ExecutionTask task, string firmCode)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(firmCode);
        return Build(task.Payload, ClientOrderIds.Create(task.Id, firmCode));
    }

    /// <summary>Builds an order from a task payload under a given client order id.</summary>
    /// <param name="payload">The task payload (a JSON object).</param>
    /// <param name="clientOrderId">The client order id (the idempotency key), at most 40 characters of <c>[A-Za-z0-9_-]</c>.</param>
    /// <returns>The order, or why the payload is invalid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientOrderId"/> is <see langword="null"/>.</exception>
    public static OrderPayloadResult Build(JsonElement payload, string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        TaskPayload read = PayloadReader.Read(payload);
        return Build(read, clientOrderId);
    }

    internal static OrderPayloadResult Build(TaskPayload payload, string clientOrderId)
    {
        if (payload.OrderError is { } error)
        {
            return OrderPayloadResult.Invalid(error);
        }

        // The payload's fields passed OrderRules when it was read; the id is the one rule left to check.
        return ClientOrderIds.IsValid(clientOrderId)
            ? OrderPayloadResult.Valid(payload.CreateOrder(clientOrderId))
            : OrderPayloadResult.Invalid("client_order_id must be 1 to 40 characters of [A-Za-z0-9_-].");
    }
}
