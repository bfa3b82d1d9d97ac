using System.Diagnostics.CodeAnalysis;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Routing;

/// <summary>The outcome of <see cref="OrderPayloadBuilder"/>: the order, or why the payload cannot become one.</summary>
public sealed class OrderPayloadResult
{
    private OrderPayloadResult(OrderRequest? order, string? errorMessage)
    {
        Order = order;
        ErrorMessage = errorMessage;
    }

    /// <summary>The order (CONTRACT §2) when the payload is valid.</summary>
    public OrderRequest? Order { get; }

    /// <summary>Why the payload is invalid, naming each offending field (for example <c>quantity must be greater than zero (got 0).</c>).</summary>
    public string? ErrorMessage { get; }

    /// <summary><see cref="ConnectorErrorCodes.InvalidOrder"/> when the payload is invalid, else <see langword="null"/>.</summary>
    public string? ErrorCode => Order is null ? ConnectorErrorCodes.InvalidOrder : null;

    /// <summary>Whether the payload made a valid order.</summary>
    [MemberNotNullWhen(true, nameof(Order))]
    [MemberNotNullWhen(false, nameof(ErrorMessage))]
    public bool IsValid => Order is not null;

    /// <summary>The result a firm gives for this payload when it is invalid: <see cref="ConnectorStatus.Failed"/> with <see cref="ConnectorErrorCodes.InvalidOrder"/>, no request sent.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="clientOrderId">The client order id the order would have had.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The payload is valid.</exception>
    public ConnectorResult ToInvalidOrderResult(string firmCode, string? clientOrderId = null) =>
        IsValid
            ? throw new InvalidOperationException("The payload is valid; there is no INVALID_ORDER result.")
            : ConnectorResult.Failed(firmCode, ConnectorErrorCodes.InvalidOrder, InvalidOrderMessage(ErrorMessage), clientOrderId);

    /// <inheritdoc />
    public override string ToString() => IsValid ? Order.ToString() : "INVALID_ORDER: " + ErrorMessage;

    internal static string InvalidOrderMessage(string error) => "Invalid order payload: " + error;

    internal static OrderPayloadResult Valid(OrderRequest order) => new(order, null);

    internal static OrderPayloadResult Invalid(string error) => new(null, error);
}
