using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>
/// The control endpoint under <c>/_sandbox</c>, so a standalone server can be scripted from outside (curl, a benchmark).
/// It needs no API key: the server binds 127.0.0.1 only, so only processes on this machine can reach it.
/// </summary>
internal sealed class ControlEndpoints(FirmRegistry registry)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_sandbox/firms", new RequestDelegate(ListFirmsAsync));
        endpoints.MapGet("/_sandbox/firms/{code}", new RequestDelegate(GetFirmAsync));
        endpoints.MapPost("/_sandbox/firms/{code}", new RequestDelegate(CreateFirmAsync));
        endpoints.MapPost("/_sandbox/firms/{code}/faults", new RequestDelegate(EnqueueFaultAsync));
        endpoints.MapDelete("/_sandbox/firms/{code}/faults", new RequestDelegate(ClearFaultsAsync));
        endpoints.MapPost("/_sandbox/firms/{code}/random-faults", new RequestDelegate(SetRandomFaultsAsync));
        endpoints.MapGet("/_sandbox/firms/{code}/orders", new RequestDelegate(GetOrdersAsync));
        endpoints.MapGet("/_sandbox/firms/{code}/requests", new RequestDelegate(GetRequestsAsync));
        endpoints.MapPut("/_sandbox/firms/{code}/latency", new RequestDelegate(SetLatencyAsync));
        endpoints.MapPut("/_sandbox/firms/{code}/idempotency", new RequestDelegate(SetIdempotencyAsync));
        endpoints.MapPost("/_sandbox/firms/{code}/reset", new RequestDelegate(ResetAsync));
        new TradingControlEndpoints(this).Map(endpoints);
    }

    private Task ListFirmsAsync(HttpContext context) =>
        Reply.Of(200, registry.All.Select(Info).ToArray(), SandboxJsonContext.Default.FirmInfoArray).WriteAsync(context.Response);

    private Task GetFirmAsync(HttpContext context) =>
        WithFirm(context, firm => Reply.Of(200, Info(firm), SandboxJsonContext.Default.FirmInfo));

    private async Task CreateFirmAsync(HttpContext context)
    {
        var code = (string)context.Request.RouteValues["code"]!;
        var (body, error) = await ReadAsync(context, SandboxJsonContext.Default.CreateFirmRequest).ConfigureAwait(false);
        Reply reply;
        if (error is not null)
        {
            reply = error.Value;
        }
        else if (FirmRegistry.ValidateCode(code) is { } codeError)
        {
            reply = Reply.Error(400, codeError);
        }
        else if (string.IsNullOrWhiteSpace(body?.ApiKey))
        {
            reply = Reply.Error(400, "api_key is required");
        }
        else if (registry.TryGet(code, out _))
        {
            reply = Reply.Error(409, "firm already exists");
        }
        else
        {
            try
            {
                reply = Reply.Of(201, Info(registry.Add(code, body.ApiKey)), SandboxJsonContext.Default.FirmInfo);
            }
            catch (InvalidOperationException)
            {
                reply = Reply.Error(409, "firm already exists");
            }
        }

        await reply.WriteAsync(context.Response).ConfigureAwait(false);
    }

    private async Task EnqueueFaultAsync(HttpContext context)
    {
        var (body, error) = await ReadAsync(context, SandboxJsonContext.Default.FaultRequest).ConfigureAwait(false);
        await WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (!TryCreateFault(body!, out var fault, out var faultError))
            {
                return Reply.Error(400, faultError);
            }

            firm.EnqueueFault(fault);
            return Reply.Empty(204);
        }).ConfigureAwait(false);
    }

    private Task ClearFaultsAsync(HttpContext context) =>
        WithFirm(context, firm =>
        {
            firm.ClearFaults();
            return Reply.Empty(204);
        });

    private async Task SetRandomFaultsAsync(HttpContext context)
    {
        var (body, error) = await ReadAsync(context, SandboxJsonContext.Default.RandomFaultsRequest).ConfigureAwait(false);
        await WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (body!.Seed is not { } seed || body.Probability is not (>= 0 and <= 1) || body.Kinds is not { Length: > 0 })
            {
                return Reply.Error(400, "seed, probability (0 to 1) and at least one fault in kinds are required");
            }

            var kinds = new SandboxFault[body.Kinds.Length];
            for (var i = 0; i < kinds.Length; i++)
            {
                if (body.Kinds[i] is null)
                {
                    return Reply.Error(400, $"kinds[{i}] is null");
                }

                if (!TryCreateFault(body.Kinds[i], out kinds[i], out var faultError))
                {
                    return Reply.Error(400, $"kinds[{i}]: {faultError}");
                }
            }

            firm.SetRandomFaults(seed, body.Probability.Value, kinds);
            return Reply.Empty(204);
        }).ConfigureAwait(false);
    }

    private Task GetOrdersAsync(HttpContext context) =>
        WithFirm(context, firm => Reply.Of(200, firm.Orders.ToArray(), ControlJson.Context.SandboxOrderArray));

    private Task GetRequestsAsync(HttpContext context) =>
        WithFirm(context, firm => Reply.Of(200, firm.Requests.ToArray(), ControlJson.Context.SandboxRequestArray));

    private async Task SetLatencyAsync(HttpContext context)
    {
        var (body, error) = await ReadAsync(context, SandboxJsonContext.Default.LatencyRequest).ConfigureAwait(false);
        await WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (body!.LatencyMs is not (>= 0 and <= 600_000) || double.IsNaN(body.LatencyMs.Value))
            {
                return Reply.Error(400, "latency_ms must be between 0 and 600000");
            }

            firm.Latency = TimeSpan.FromMilliseconds(body.LatencyMs.Value);
            return Reply.Empty(204);
        }).ConfigureAwait(false);
    }

    private async Task SetIdempotencyAsync(HttpContext context)
    {
        var (body, error) = await ReadAsync(context, SandboxJsonContext.Default.IdempotencyRequest).ConfigureAwait(false);
        await WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (body!.HonoursIdempotencyKey is not { } honours)
            {
                return Reply.Error(400, "honours_idempotency_key (true or false) is required");
            }

            firm.HonoursIdempotencyKey = honours;
            return Reply.Empty(204);
        }).ConfigureAwait(false);
    }

    private Task ResetAsync(HttpContext context) =>
        WithFirm(context, firm =>
        {
            firm.Reset();
            return Reply.Empty(204);
        });

    /// <summary>Turns a control-endpoint fault description into a <see cref="SandboxFault"/>.</summary>
    internal static bool TryCreateFault(FaultRequest request, out SandboxFault fault, out string error)
    {
        fault = null!;
        error = string.Empty;
        var kind = request.Kind?.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        try
        {
            SandboxFault created;
            switch (kind?.ToUpperInvariant())
            {
                case "STATUS":
                    if (request.Status is not { } status)
                    {
                        error = "a status fault needs status";
                        return false;
                    }

                    if (request.RetryAfterSeconds is { } seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > 86_400))
                    {
                        error = "retry_after_seconds must be between 0 and 86400";
                        return false;
                    }

                    created = SandboxFault.Status(status, request.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
                    break;
                case "REJECT":
                    created = SandboxFault.Reject(request.Status ?? 422, request.Message ?? "rejected by sandbox");
                    break;
                case "DELAY":
                    if (request.DelayMs is not (>= 0 and <= 600_000) || double.IsNaN(request.DelayMs.Value))
                    {
                        error = "a delay fault needs delay_ms between 0 and 600000";
                        return false;
                    }

                    created = SandboxFault.Delay(TimeSpan.FromMilliseconds(request.DelayMs.Value));
                    break;
                case "MALFORMEDBODY":
                    created = SandboxFault.MalformedBody();
                    break;
                case "ACCEPTTHENDROP":
                    created = SandboxFault.AcceptThenDrop();
                    break;
                case "ECHOKEY":
                    created = SandboxFault.EchoKey(request.Status ?? 200);
                    break;
                case "TRUNCATE":
                    created = SandboxFault.Truncate();
                    break;
                case "TRICKLE":
                    created = SandboxFault.Trickle(TimeSpan.FromMilliseconds(request.DelayMs is (>= 0 and <= 10_000) ? request.DelayMs.Value : 100));
                    break;
                case "RESET":
                    created = SandboxFault.Reset();
                    break;
                case "FOREIGNORDER":
                    created = SandboxFault.ForeignOrder();
                    break;
                default:
                    error = "kind must be status, reject, delay, malformed_body, accept_then_drop, echo_key, truncate, trickle, reset or foreign_order";
                    return false;
            }

            if (request.Path is { } path && !path.StartsWith('/'))
            {
                error = "path must start with /, for example /positions";
                return false;
            }

            var method = request.Method is null ? created.Method : string.Equals(request.Method, "ANY", StringComparison.OrdinalIgnoreCase) ? "*" : request.Method;
            fault = created with { Method = method, Times = request.Times ?? 1, Path = request.Path };
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"invalid fault: {e.ParamName} is out of range";
            return false;
        }
    }

    private static FirmInfo Info(SandboxFirm firm) =>
        new(firm.Code, firm.BaseUrl.ToString(), firm.HonoursIdempotencyKey, firm.Latency.TotalMilliseconds, firm.PendingFaultCount, firm.Orders.Count);

    internal Task WithFirm(HttpContext context, Func<SandboxFirm, Reply> action)
    {
        var code = (string)context.Request.RouteValues["code"]!;
        var reply = registry.TryGet(code, out var firm) ? action(firm) : Reply.Error(404, "unknown firm");
        return reply.WriteAsync(context.Response);
    }

    internal static async Task<(T? Body, Reply? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
            return body is null ? (null, Reply.Error(400, "a JSON object body is required")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Reply.Error(400, $"invalid JSON body: {e.Message}"));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Reply.Error(e.StatusCode, "request body could not be read"));
        }
    }
}
