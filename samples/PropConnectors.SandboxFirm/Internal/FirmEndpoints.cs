using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>CONTRACT §3 under <c>/firms/{code}/v1</c>: auth, latency, faults, then the order book.</summary>
internal sealed class FirmEndpoints(FirmRegistry registry, CancellationToken serverStopping)
{
    private const int MaxBodyBytes = 1024 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        RequestDelegate handler = HandleAsync;
        endpoints.Map("/firms/{code}/v1/orders", handler);
        endpoints.Map("/firms/{code}/v1/orders/{orderId}", handler);
        endpoints.Map("/firms/{code}/v1/account", handler);
        endpoints.Map("/firms/{code}/v1/positions", handler);
        endpoints.Map("/firms/{code}/{**rest}", handler);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var code = (string)request.RouteValues["code"]!;
        if (!registry.TryGet(code, out var firm))
        {
            await Reply.Error(404, "unknown firm").WriteAsync(context.Response).ConfigureAwait(false);
            return;
        }

        firm.Received();
        var headers = request.Headers;
        var authorization = headers.Authorization;
        var entry = new SandboxRequest
        {
            Timestamp = firm.Now,
            Method = request.Method,
            PathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString,
            AuthorizationPresent = authorization.Count > 0,
            AuthorizationValid = authorization.Count == 1 && firm.IsValidAuthorization(authorization[0]),
            IdempotencyKey = NullIfEmpty(headers["Idempotency-Key"]),
            UserAgent = NullIfEmpty(headers.UserAgent),
            Accept = NullIfEmpty(headers.Accept),
            ContentType = request.ContentType,
        };

        SandboxFault? fault = null;
        var logged = false;
        try
        {
            await DelayAsync(firm.Latency, firm, context).ConfigureAwait(false);

            Reply reply;
            if (!entry.AuthorizationValid)
            {
                reply = Reply.Unauthorized;
            }
            else
            {
                fault = firm.DrawFault(request.Method, FirmPath(request));
                if (fault?.Kind == SandboxFaultKind.Reset)
                {
                    firm.Log(entry with { Dropped = true, Fault = fault.Kind });
                    logged = true;
                    context.Abort();
                    return;
                }

                reply = await DecideAsync(context, firm, entry, fault).ConfigureAwait(false);
            }

            if (fault?.Kind == SandboxFaultKind.AcceptThenDrop)
            {
                firm.Log(entry with { Dropped = true, Fault = fault.Kind });
                logged = true;
                context.Abort();
                return;
            }

            // Logged before the answer goes out: a client that has its answer always finds the entry.
            firm.Log(entry with { StatusCode = reply.Status, Fault = fault?.Kind });
            logged = true;
            await WriteAsync(context, firm, reply, fault).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || serverStopping.IsCancellationRequested)
        {
            if (!logged)
            {
                firm.Log(entry with { ClientAborted = context.RequestAborted.IsCancellationRequested, Fault = fault?.Kind });
            }

            context.Abort();
        }
    }

    private async ValueTask<Reply> DecideAsync(HttpContext context, SandboxFirm firm, SandboxRequest entry, SandboxFault? fault)
    {
        switch (fault?.Kind)
        {
            case SandboxFaultKind.Status:
            case SandboxFaultKind.Reject:
                return Reply.Error(fault.StatusCode, fault.ErrorText) with { RetryAfter = fault.RetryAfterHeader };
            case SandboxFaultKind.MalformedBody:
                return Reply.Malformed;
            case SandboxFaultKind.RawBody:
                return new Reply(fault.StatusCode, [.. fault.Body], "application/json");
            case SandboxFaultKind.ForeignOrder:
                return HostileReplies.ForeignOrder(firm);
            case SandboxFaultKind.EchoKey when fault.StatusCode >= 300:
                return HostileReplies.EchoedError(fault.StatusCode, context.Request.Headers.Authorization.ToString());
            case SandboxFaultKind.EchoKey:
                Reply carried = await ExecuteAsync(context, firm, entry.IdempotencyKey).ConfigureAwait(false);
                return HostileReplies.WithEcho(carried, context.Request.Headers.Authorization.ToString()) with { Status = fault.StatusCode };
            case SandboxFaultKind.Delay:
                await DelayAsync(fault.DelayDuration, firm, context).ConfigureAwait(false);
                return await ExecuteAsync(context, firm, entry.IdempotencyKey).ConfigureAwait(false);
            default:
                return await ExecuteAsync(context, firm, entry.IdempotencyKey).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(HttpContext context, SandboxFirm firm, Reply reply, SandboxFault? fault)
    {
        switch (fault?.Kind)
        {
            case SandboxFaultKind.Truncate:
                await HostileReplies.WriteTruncatedAsync(context, reply).ConfigureAwait(false);
                break;
            case SandboxFaultKind.Trickle:
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping))
                {
                    await HostileReplies.WriteTrickledAsync(context, reply, fault.DelayDuration, firm.Time, cts.Token).ConfigureAwait(false);
                }

                break;
            default:
                await reply.WriteAsync(context.Response).ConfigureAwait(false);
                break;
        }
    }

    private async Task DelayAsync(TimeSpan delay, SandboxFirm firm, HttpContext context)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        await Task.Delay(delay, firm.Time, cts.Token).ConfigureAwait(false);
    }

    private static async ValueTask<Reply> ExecuteAsync(HttpContext context, SandboxFirm firm, string? idempotencyKey)
    {
        var request = context.Request;
        var method = request.Method;
        var routeValues = request.RouteValues;

        if (routeValues.TryGetValue("orderId", out var orderIdValue) && orderIdValue is string orderId)
        {
            if (HttpMethods.IsGet(method))
            {
                return firm.FindById(orderId) is { } order ? OrderFound(order) : Reply.NotFoundOrder;
            }

            if (HttpMethods.IsDelete(method))
            {
                return firm.Cancel(orderId) switch
                {
                    null => Reply.NotFoundOrder,
                    { Status: "FILLED" } => Reply.Error(409, "order already filled"),
                    var cancelled => Reply.Of(200, new CancelReply(cancelled.OrderId, cancelled.Status), SandboxJsonContext.Default.CancelReply),
                };
            }

            return Reply.Error(405, "method not allowed") with { Allow = "GET, DELETE" };
        }

        if (StateRead(request) is { } readName)
        {
            return HttpMethods.IsGet(method) ? StateReplies.Read(firm, readName, request.Query["account_id"]) : Reply.Error(405, "method not allowed") with { Allow = "GET" };
        }

        if (routeValues.ContainsKey("rest"))
        {
            return Reply.Error(404, "not found");
        }

        if (HttpMethods.IsPost(method))
        {
            return await PlaceAsync(request, firm, idempotencyKey).ConfigureAwait(false);
        }

        if (HttpMethods.IsGet(method))
        {
            if (request.Query["status"] is { Count: > 0 } status)
            {
                return status.ToString() == "open"
                    ? StateReplies.OpenOrders(firm, request.Query["account_id"])
                    : Reply.Error(400, "status must be open");
            }

            var clientOrderId = request.Query["client_order_id"];
            if (clientOrderId.Count != 1 || string.IsNullOrEmpty(clientOrderId[0]))
            {
                return Reply.Error(400, "client_order_id query parameter is required");
            }

            return firm.FindByClientOrderId(clientOrderId[0]!) is { } order ? OrderFound(order) : Reply.NotFoundOrder;
        }

        return Reply.Error(405, "method not allowed") with { Allow = "GET, POST" };
    }

    private static async ValueTask<Reply> PlaceAsync(HttpRequest request, SandboxFirm firm, string? idempotencyKey)
    {
        // A key already seen answers with the first order whatever the body, as a firm that honours the header does.
        if (firm.FindReplay(idempotencyKey) is { } replay)
        {
            return Placed(200, replay);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            return Reply.Error(e.StatusCode, "request body could not be read");
        }

        var valid = OrderBody.Validate(body, out var errorStatus, out var error);
        if (valid is null)
        {
            return Reply.Error(errorStatus, error!);
        }

        var (order, replayed, refused) = firm.PlaceOrder(valid, idempotencyKey, Encoding.UTF8.GetString(body));
        return refused ?? Placed(replayed ? 200 : 201, order!);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var token = request.HttpContext.RequestAborted;
        if (request.ContentLength is long length and >= 0 and <= MaxBodyBytes)
        {
            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, token).ConfigureAwait(false);
            return buffer;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, token).ConfigureAwait(false);
        return copy.ToArray();
    }

    private static Reply Placed(int status, SandboxOrder order) =>
        Reply.Of(status, new PlaceOrderReply(order.OrderId, order.Status, order.ClientOrderId, order.Symbol), SandboxJsonContext.Default.PlaceOrderReply);

    private static Reply OrderFound(SandboxOrder order) =>
        Reply.Of(
            200,
            new OrderReply(order.OrderId, order.Status, order.ClientOrderId, order.Symbol, order.Side, order.Quantity, order.OrderType),
            SandboxJsonContext.Default.OrderReply);

    private static string? StateRead(HttpRequest request) =>
        request.Path.Value is { } path && !request.RouteValues.ContainsKey("rest")
            ? path.EndsWith("/v1/account", StringComparison.OrdinalIgnoreCase) ? "account" : path.EndsWith("/v1/positions", StringComparison.OrdinalIgnoreCase) ? "positions" : null
            : null;

    // The path after /firms/{code}/v1, which a fault's Path filter matches.
    private static string FirmPath(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var v1 = path.IndexOf("/v1/", StringComparison.Ordinal);
        return v1 < 0 ? path : path[(v1 + 3)..];
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values.ToString();
}
