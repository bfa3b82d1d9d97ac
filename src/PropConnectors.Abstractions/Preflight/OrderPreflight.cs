using System.Globalization;
using PropConnectors.Accounts;
using PropConnectors.Instruments;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Preflight;

/// <summary>
/// Everything a placement checks before it may send (CONTRACT §5): the order's own rules, the firm's configuration, the
/// symbol and the position limit, then the dry-run gate, which turns any of them into a preview of what live mode would
/// answer.
/// </summary>
internal static class OrderPreflight
{
    /// <summary>The result when a check settles the placement (nothing is sent), or <see langword="null"/> to send it.</summary>
    public static ConnectorResult? Check(BasePropConnector connector, OrderRequest? order, FirmSettings settings, bool preview)
    {
        string firm = connector.FirmCode;
        if (order is null)
        {
            return ConnectorResult.Failed(firm, ConnectorErrorCodes.InvalidOrder, "order is missing.");
        }

        if (order.Validate() is { } invalid)
        {
            // The result names the order's id only when it is one the firm could have been sent.
            string? clientOrderId = ClientOrderIds.IsValid(order.ClientOrderId) ? order.ClientOrderId : null;
            return ConnectorResult.Failed(firm, ConnectorErrorCodes.InvalidOrder, invalid, clientOrderId);
        }

        (string Code, string Message)? refusal = Refusal(connector, order, settings);
        bool describable = refusal is not { Code: ConnectorErrorCodes.ConnectorNotConfigured };
        RawRequest? Describe() => describable ? connector.TryDescribe(order) : null;

        if (preview)
        {
            string message = refusal is { } r
                ? $"Dry-run is on: nothing was sent to {connector.DisplayName}. In live mode this order would fail with {r.Code}: {r.Message}"
                : $"Dry-run is on: nothing was sent to {connector.DisplayName}. In live mode raw_request would be sent.";
            return ConnectorResult.Skipped(firm, message, order.ClientOrderId, Describe());
        }

        return refusal is { } refused
            ? ConnectorResult.Failed(firm, refused.Code, refused.Message, order.ClientOrderId, Describe())
            : null;
    }

    private static (string Code, string Message)? Refusal(BasePropConnector connector, OrderRequest order, FirmSettings settings)
    {
        if (settings.Problem is { } problem)
        {
            return (ConnectorErrorCodes.ConnectorNotConfigured, problem);
        }

        if (!settings.Symbols.Contains(order.Symbol.Trim()))
        {
            return (ConnectorErrorCodes.UnsupportedSymbol, $"{connector.DisplayName} does not trade {order.Symbol} (set {connector.FirmCode}_SUPPORTED_SYMBOLS to change the list).");
        }

        if (settings.Instruments.TryGetValue(order.Symbol, out Instrument? instrument) && !instrument.Accepts(order.Quantity))
        {
            return (ConnectorErrorCodes.InvalidOrder, $"quantity {order.Quantity.ToString(CultureInfo.InvariantCulture)} is not a whole number of {order.Symbol}'s step of {instrument.QuantityStep.ToString(CultureInfo.InvariantCulture)} (at least {instrument.MinQuantity.ToString(CultureInfo.InvariantCulture)}) at {connector.DisplayName}.");
        }

        if (order.ReduceOnly && !connector.Capabilities.HasFlag(ConnectorCapabilities.ReduceOnlyOrders))
        {
            // Sent as a plain order, a close that lost a race with another would open the opposite position.
            return (ConnectorErrorCodes.NotSupported, $"{connector.DisplayName}'s connector cannot send reduce-only orders, so it does not send closes; close the position at the firm.");
        }

        // Reducing risk is always allowed (CONTRACT §13): the limit is for what an order adds.
        if (settings.Options.MaxPositionSize is { } max && order.Quantity > max && !order.ReduceOnly)
        {
            return (ConnectorErrorCodes.PositionLimitExceeded, $"quantity {order.Quantity.ToString(CultureInfo.InvariantCulture)} is above {connector.DisplayName}'s maximum position size of {max.ToString(CultureInfo.InvariantCulture)}.");
        }

        return null;
    }
}
