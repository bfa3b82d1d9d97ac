using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using PropConnectors.Orders;
using PropConnectors.Placement;
using PropConnectors.Preflight;
using PropConnectors.Results;

namespace PropConnectors.Operations;

/// <summary>
/// The connector calls other than placement: authenticate, order status, cancel and find by client order id. Each is one
/// protocol call under the firm's time budget (the firm's HTTP pipeline retries reads within it), with the same gates as
/// a placement: the id is checked, the dry-run gate sends nothing, an unconfigured firm answers
/// <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/>.
/// </summary>
internal static class ConnectorCalls
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ConnectorResult> AuthenticateAsync(BasePropConnector connector, CancellationToken cancellationToken)
    {
        FirmSettings settings = connector.Settings;
        if (settings.Problem is { } problem)
        {
            return ConnectorResult.Failed(connector.FirmCode, ConnectorErrorCodes.ConnectorNotConfigured, problem);
        }

        if (connector.GlobalDryRun)
        {
            return ConnectorResult.Skipped(connector.FirmCode, $"Dry-run is on: {connector.DisplayName} configuration is valid; no request was sent.");
        }

        Attempt attempt = await Attempt.RunAsync(static (c, ct) => c.AuthenticateCallAsync(ct), connector, settings.Policy.Timeout, connector.ContextTimeProvider, cancellationToken).ConfigureAwait(false);
        if (attempt.Fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault); // the template turns it into CONNECTOR_ERROR
        }

        FirmReply reply = attempt.Reply!;
        return reply.Kind == FirmReplyKind.Accepted
            ? ConnectorResult.Success(connector.FirmCode, externalOrderId: null, rawResponse: reply.RawResponse, attempts: 0)
            : ResultWording.Reply(connector, ConnectorOperation.Authenticate, reply, clientOrderId: null, attempts: 1, ambiguousIsUnknown: false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ConnectorResult> OrderCallAsync(BasePropConnector connector, ConnectorOperation operation, string? id, CancellationToken cancellationToken)
    {
        bool byClientId = operation == ConnectorOperation.FindOrder;
        string? invalid = byClientId
            ? (ClientOrderIds.IsValid(id) ? null : "client_order_id must be 1 to 40 characters of [A-Za-z0-9_-].")
            : OrderIds.Check(id);
        if (invalid is not null)
        {
            return ConnectorResult.Failed(connector.FirmCode, ConnectorErrorCodes.InvalidOrder, invalid);
        }

        string? clientOrderId = byClientId ? id : null;
        if (connector.GlobalDryRun)
        {
            return ConnectorResult.Skipped(connector.FirmCode, $"Dry-run is on: no request was sent to {connector.DisplayName}.", clientOrderId);
        }

        FirmSettings settings = connector.Settings;
        if (settings.Problem is { } problem)
        {
            return ConnectorResult.Failed(connector.FirmCode, ConnectorErrorCodes.ConnectorNotConfigured, problem, clientOrderId);
        }

        Attempt attempt = await Attempt.RunAsync(
            static (state, ct) => state.Operation switch
            {
                ConnectorOperation.GetOrderStatus => state.Connector.StatusCallAsync(state.Id, ct),
                ConnectorOperation.CancelOrder => state.Connector.CancelCallAsync(state.Id, ct),
                _ => state.Connector.FindOrderCallAsync(state.Id, ct),
            },
            (Connector: connector, Operation: operation, Id: id!),
            settings.Policy.Timeout,
            connector.ContextTimeProvider,
            cancellationToken).ConfigureAwait(false);
        if (attempt.Fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault); // the template turns it into CONNECTOR_ERROR
        }

        FirmReply reply = attempt.Reply!;
        if (reply.Kind == FirmReplyKind.Accepted && byClientId && !Evidence.Holds(reply, id!))
        {
            reply = reply with { Kind = FirmReplyKind.InvalidResponse, Message = Evidence.Why(reply, id!) };
        }

        if (reply.Kind == FirmReplyKind.Accepted)
        {
            return ConnectorResult.Success(connector.FirmCode, reply.OrderId ?? (byClientId ? null : id), clientOrderId, reply.OrderStatus, reply.Request, reply.RawResponse, attempts: 1);
        }

        // A cancel that may have reached the firm is not known to have failed.
        return ResultWording.Reply(connector, operation, reply, clientOrderId, attempts: 1, ambiguousIsUnknown: operation == ConnectorOperation.CancelOrder);
    }
}
