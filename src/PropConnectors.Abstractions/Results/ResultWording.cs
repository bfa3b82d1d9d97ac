using System.Globalization;
using PropConnectors.Operations;
using PropConnectors.Orders;
using PropConnectors.Placement;
using PropConnectors.Security;

namespace PropConnectors.Results;

/// <summary>
/// Every result a connector call ends in, and its wording, in one place: a placement's step, a reply to another call,
/// or the protocol code throwing. Messages name the firm, the HTTP status and the firm's own text, and after anything
/// ambiguous the client order id to look the order up by.
/// </summary>
internal static class ResultWording
{
    /// <summary>The result of a placement round.</summary>
    public static ConnectorResult Placement(BasePropConnector connector, OrderRequest order, PlacementStep step, int attempts, FirmReply? lastReply, string? budgetNote)
    {
        FirmReply reply = step.Reply;
        RawRequest? request = reply.Request ?? lastReply?.Request ?? connector.TryDescribe(order);
        string firm = connector.FirmCode;
        string name = connector.DisplayName;
        string clientOrderId = order.ClientOrderId;

        switch (step.Kind)
        {
            case PlacementStepKind.Settled when reply.Kind == FirmReplyKind.Accepted:
                return SuccessOf(connector, reply, reply.OrderId, clientOrderId, request, attempts);
            case PlacementStepKind.Faulted:
                return ConnectorResult.Of(ConnectorStatus.Failed, firm, ConnectorErrorCodes.ConnectorError, $"{name} connector failed while sending the order ({reply.Message}); {name} says it does not hold the order.", clientOrderId, request, ReadOnlyMemory<byte>.Empty, attempts);
            case PlacementStepKind.Unknown:
                return ConnectorResult.Of(ConnectorStatus.Unknown, 
                    firm,
                    AmbiguousCode(reply),
                    $"{name} {Describe(reply)} and it could not be established whether it holds the order. " +
                    $"Look it up by client_order_id {clientOrderId} before acting; never re-place it under a new id.",
                    clientOrderId,
                    request,
                    reply.RawResponseUtf8,
                    attempts);
            case PlacementStepKind.Absent:
                string budget = budgetNote ?? $"after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}";
                return reply.Kind switch
                {
                    FirmReplyKind.RateLimited => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.RateLimited, $"{name} is rate limiting ({budget}); it does not hold the order. Retry later with the same client_order_id.", clientOrderId, request, reply.RawResponseUtf8, attempts) with { RetryAfter = reply.RetryAfter },
                    FirmReplyKind.Unavailable => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.FirmUnavailable, $"{name} is unavailable ({Describe(reply)}, {budget}); it does not hold the order. Retry later with the same client_order_id.", clientOrderId, request, reply.RawResponseUtf8, attempts) with { RetryAfter = reply.RetryAfter },
                    FirmReplyKind.NotSent when reply.ErrorCode == ConnectorErrorCodes.FirmUnavailable => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.FirmUnavailable, $"{name} is unavailable ({Describe(reply)}, {budget}); nothing was placed.", clientOrderId, request, reply.RawResponseUtf8, attempts) with { RetryAfter = reply.RetryAfter },
                    FirmReplyKind.TimedOut => ConnectorResult.Of(ConnectorStatus.Failed, firm, ConnectorErrorCodes.Timeout, $"{name} {Describe(reply)} ({budget}); it does not hold the order.", clientOrderId, request, reply.RawResponseUtf8, attempts),
                    _ => ConnectorResult.Of(ConnectorStatus.Failed, firm, ConnectorErrorCodes.NetworkError, $"{name} could not be reached: {reply.Message ?? "network error"} ({budget}); it does not hold the order.", clientOrderId, request, reply.RawResponseUtf8, attempts),
                };
            default:
                return Reply(connector, ConnectorOperation.PlaceOrder, reply, clientOrderId, attempts, ambiguousIsUnknown: true) with { RawRequest = request };
        }
    }

    /// <summary>A success built from the firm's reply, its answer kept as bytes.</summary>
    public static ConnectorResult SuccessOf(BasePropConnector connector, FirmReply reply, string? orderId, string? clientOrderId, RawRequest? request, int attempts) =>
        ConnectorResult.Of(ConnectorStatus.Success, connector.FirmCode, null, null, clientOrderId, request, reply.RawResponseUtf8, attempts) with { ExternalOrderId = orderId, OrderStatus = reply.OrderStatus };

    /// <summary>The result of a reply that did not succeed.</summary>
    public static ConnectorResult Reply(BasePropConnector connector, ConnectorOperation operation, FirmReply reply, string? clientOrderId, int attempts, bool ambiguousIsUnknown)
    {
        string firm = connector.FirmCode;
        string name = connector.DisplayName;
        string firmText = reply.Message is { Length: > 0 } m ? $": {m}" : string.Empty;
        string? retryHint = reply.RetryAfter is { } ra ? $" (Retry-After {Attempt.Seconds(ra)})" : null;
        string status = reply.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        bool placing = operation == ConnectorOperation.PlaceOrder;
        return reply.Kind switch
        {
            FirmReplyKind.AuthFailed => Failed(ConnectorErrorCodes.AuthFailed, $"{name} refused the API key (HTTP {Or(status, "401")}){firmText}. Check {firm}_API_KEY."),
            FirmReplyKind.NotFound when placing => Failed(ConnectorErrorCodes.OrderRejected, $"{name} rejected the order (HTTP 404{BaseUrlHint(reply)}){firmText}."),
            FirmReplyKind.NotFound => Failed(ConnectorErrorCodes.OrderNotFound, $"{name} has no such order{firmText}."),
            FirmReplyKind.Rejected => Failed(ConnectorErrorCodes.OrderRejected, $"{name} rejected the {(placing ? "order" : "request")} (HTTP {Or(status, "4xx")}){firmText}."),
            FirmReplyKind.InvalidResponse when placing => Failed(ConnectorErrorCodes.InvalidResponse, $"{name} answered HTTP {Or(status, "2xx")} with a body that is not the expected order JSON{firmText}. The firm may hold the order: look it up by client_order_id {clientOrderId} before placing it again."),
            FirmReplyKind.InvalidResponse => Failed(ConnectorErrorCodes.InvalidResponse, $"{name} answered with a body that is not the expected JSON{firmText}."),
            FirmReplyKind.RateLimited => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.RateLimited, $"{name} is rate limiting{retryHint}.", clientOrderId, reply.Request, reply.RawResponseUtf8, attempts) with { RetryAfter = reply.RetryAfter },
            FirmReplyKind.Unavailable when ambiguousIsUnknown => Unknown(ConnectorErrorCodes.FirmUnavailable),
            FirmReplyKind.Unavailable => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.FirmUnavailable, $"{name} {Describe(reply)}{retryHint}.", clientOrderId, reply.Request, reply.RawResponseUtf8, attempts) with { RetryAfter = reply.RetryAfter },
            FirmReplyKind.NotSent when reply.ErrorCode == ConnectorErrorCodes.FirmUnavailable => ConnectorResult.Of(ConnectorStatus.Retry, firm, ConnectorErrorCodes.FirmUnavailable, $"{name} {Describe(reply)}.", clientOrderId, reply.Request, reply.RawResponseUtf8, attempts),
            FirmReplyKind.NotSent => Failed(ConnectorErrorCodes.NetworkError, $"{name} could not be reached: {reply.Message ?? "network error"}."),
            FirmReplyKind.TimedOut when ambiguousIsUnknown => Unknown(ConnectorErrorCodes.Timeout),
            FirmReplyKind.TimedOut => Failed(ConnectorErrorCodes.Timeout, $"{name} {Describe(reply)}."),
            FirmReplyKind.ConnectionLost when ambiguousIsUnknown => Unknown(ConnectorErrorCodes.NetworkError),
            FirmReplyKind.ConnectionLost => Failed(ConnectorErrorCodes.NetworkError, $"{name} {Describe(reply)}."),
            _ => Failed(ConnectorErrorCodes.ConnectorError, $"{name} connector returned an unexpected reply ({reply.Kind})."),
        };

        ConnectorResult Failed(string code, string message) =>
            ConnectorResult.Of(ConnectorStatus.Failed, firm, code, message, clientOrderId, reply.Request, reply.RawResponseUtf8, attempts);

        ConnectorResult Unknown(string code) =>
            ConnectorResult.Of(ConnectorStatus.Unknown, firm, code, $"{name} {Describe(reply)}; the request may have taken effect.", clientOrderId, reply.Request, reply.RawResponseUtf8, attempts);
    }

    /// <summary>A connector whose code threw outside a placement's requests (a bug): <see cref="ConnectorErrorCodes.ConnectorError"/>.</summary>
    public static ConnectorResult Threw(BasePropConnector connector, ConnectorOperation operation, Exception exception, string? clientOrderId)
    {
        string message = connector.Settings.Secrets.MaskText(exception.Message) ?? string.Empty;
        Telemetry.Log.ConnectorThrew(connector.ConnectorLogger, ConnectorOperations.Name(operation), connector.FirmCode, exception.GetType().FullName ?? exception.GetType().Name, message);
        return ConnectorResult.Failed(
            connector.FirmCode,
            ConnectorErrorCodes.ConnectorError,
            $"{connector.DisplayName} connector failed unexpectedly ({exception.GetType().Name}): {message}",
            ClientOrderIds.IsValid(clientOrderId) ? clientOrderId : null);
    }

    /// <summary>What an unsettled reply says, as a clause: <c>answered HTTP 503 (maintenance)</c>.</summary>
    public static string Describe(FirmReply reply) => reply.ErrorCode == ConnectorErrorCodes.ConnectorError
        ? $"connector failed while sending the order ({reply.Message})"
        : reply.Kind switch
        {
            FirmReplyKind.Unavailable => $"answered HTTP {reply.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "5xx"}{(reply.Message is { Length: > 0 } m ? $" ({m})" : string.Empty)}",
            FirmReplyKind.TimedOut => $"did not answer in time ({reply.Message ?? "timeout"})",
            FirmReplyKind.ConnectionLost => $"dropped the connection before answering ({reply.Message ?? "connection lost"})",
            FirmReplyKind.NotSent => reply.Message ?? "could not be reached",
            _ => $"answered {reply.Kind}",
        };

    private static string AmbiguousCode(FirmReply reply) => reply.ErrorCode ?? reply.Kind switch
    {
        FirmReplyKind.TimedOut => ConnectorErrorCodes.Timeout,
        FirmReplyKind.ConnectionLost => ConnectorErrorCodes.NetworkError,
        _ => ConnectorErrorCodes.FirmUnavailable,
    };

    // A 404 on the order path itself means the base URL does not lead to the firm's API.
    private static string BaseUrlHint(FirmReply reply) =>
        reply.Request is { Method: "POST" } ? "; check the base URL: the order path was not found" : string.Empty;

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
