using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropConnectors.Testing;

namespace PropConnectors.Samples.AcmeConnector.Tests;

/// <summary>
/// An in-process Acme Prop (Kestrel on <c>127.0.0.1:0</c>) that speaks Acme's API and plays the conformance kit's
/// scenarios. It takes an order when the request arrives (even a slow one), and dedupes trades by <c>ref</c>.
/// </summary>
public sealed partial class FakeAcmeFirm : IConformanceFirm
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Trade> _trades = [];
    private readonly List<string?> _refsReceived = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private ConformanceScenario _scenario = ConformanceScenario.Accept;
    private int _remaining;

    private FakeAcmeFirm(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
        BaseUrl = new Uri("http://127.0.0.1/");
    }

    public Uri BaseUrl { get; private set; }

    public string ApiKey { get; }

    public int OrderRequestsReceived
    {
        get
        {
            lock (_gate)
            {
                return _refsReceived.Count;
            }
        }
    }

    public IReadOnlyList<string?> IdempotencyKeysReceived
    {
        get
        {
            lock (_gate)
            {
                return [.. _refsReceived];
            }
        }
    }

    public static async Task<FakeAcmeFirm> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();

        var firm = new FakeAcmeFirm(app, "acme-key-" + Guid.NewGuid().ToString("N"));
        app.MapPost("/api/v2/trades", (RequestDelegate)firm.PlaceAsync);
        app.MapGet("/api/v2/trades/by-ref/{ref}", (RequestDelegate)firm.FindByRefAsync);
        app.MapGet("/api/v2/trades/{id}", (RequestDelegate)firm.GetAsync);
        app.MapDelete("/api/v2/trades/{id}", (RequestDelegate)firm.CancelAsync);
        firm.MapAccount(app);

        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        firm.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port.ToString(CultureInfo.InvariantCulture)}/");
        return firm;
    }

    public void Arrange(ConformanceScenario scenario, int times)
    {
        lock (_gate)
        {
            _scenario = scenario;
            _remaining = times;
        }
    }

    public IReadOnlyList<string> OrdersHeld(string clientOrderId)
    {
        lock (_gate)
        {
            return [.. _trades.Where(t => t.Ref == clientOrderId).Select(t => t.Id)];
        }
    }

    public Task WaitForOrderRequestsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_refsReceived.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task PlaceAsync(HttpContext context)
    {
        string? reference = null;
        bool counted = false;
        void Count()
        {
            counted = true;
            CountOrderRequest(reference);
        }

        try
        {
            JsonObject? body = await ReadBodyAsync(context);
            reference = body?["ref"]?.GetValue<string>();
            if (!Authorized(context))
            {
                Count();
                await ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
                return;
            }

            if (body is null || string.IsNullOrEmpty(reference) || body["instrument"] is null || body["direction"]?.GetValue<string>() is not ("long" or "short"))
            {
                Count();
                await ErrorAsync(context, 400, "BAD_TRADE", "ref, instrument and direction (long or short) are required");
                return;
            }

            if (body["reduceOnly"]?.GetValue<bool>() == true && !HoldsPosition(body["instrument"]!.GetValue<string>()))
            {
                Count();
                await ErrorAsync(context, 422, "NOTHING_TO_REDUCE", "no position to reduce");
                return;
            }

            switch (NextScenario())
            {
                case ConformanceScenario.Reject:
                    Count();
                    await ErrorAsync(context, 422, "REJECTED", ConformanceSettings.RejectMessage);
                    return;
                case ConformanceScenario.Unauthorized:
                    Count();
                    await ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
                    return;
                case ConformanceScenario.RateLimited:
                    Count();
                    context.Response.Headers.RetryAfter = ((int)ConformanceSettings.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    await ErrorAsync(context, 429, "RATE_LIMITED", "slow down");
                    return;
                case ConformanceScenario.Unavailable:
                    Count();
                    await ErrorAsync(context, 503, "UNAVAILABLE", "maintenance");
                    return;
                case ConformanceScenario.MalformedBody:
                    Count();
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("<html>acme: not json</html>");
                    return;
                case ConformanceScenario.AcceptThenDropConnection:
                    Store(reference, body);
                    Count();
                    context.Abort();
                    return;
                case ConformanceScenario.SlowBeyondTimeout:
                    (Trade slow, bool slowReplay) = Store(reference, body);
                    await Task.Delay(ConformanceSettings.SlowAnswerDelay, context.RequestAborted);
                    Count();
                    await TradeAsync(context, slowReplay ? 200 : 201, slow);
                    return;
                default:
                    (Trade trade, bool replay) = Store(reference, body);
                    Count();
                    await TradeAsync(context, replay ? 200 : 201, trade);
                    return;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a timeout or the host's cancellation): the request is settled all the same.
            if (!counted)
            {
                Count();
            }
        }
    }

    private async Task FindByRefAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
            return;
        }

        string reference = (string)context.Request.RouteValues["ref"]!;
        Trade? trade;
        lock (_gate)
        {
            trade = _trades.FirstOrDefault(t => t.Ref == reference);
        }

        await (trade is null ? ErrorAsync(context, 404, "NOT_FOUND", "no trade with this ref") : TradeAsync(context, 200, trade));
    }

    private async Task GetAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
            return;
        }

        Trade? trade = FindById((string)context.Request.RouteValues["id"]!);
        await (trade is null ? ErrorAsync(context, 404, "NOT_FOUND", "no such trade") : TradeAsync(context, 200, trade));
    }

    private async Task CancelAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "invalid api key");
            return;
        }

        Trade? trade = FindById((string)context.Request.RouteValues["id"]!);
        if (trade is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "no such trade");
        }
        else if (trade.State == "filled")
        {
            await ErrorAsync(context, 409, "ALREADY_FILLED", "a filled trade cannot be cancelled");
        }
        else
        {
            trade.State = "cancelled";
            await TradeAsync(context, 200, trade);
        }
    }

    private bool Authorized(HttpContext context) =>
        context.Request.Headers.TryGetValue("X-Api-Key", out var key) && key.Count == 1 && key[0] == ApiKey;

    private ConformanceScenario NextScenario()
    {
        lock (_gate)
        {
            if (_scenario == ConformanceScenario.Accept || _remaining <= 0)
            {
                return ConformanceScenario.Accept;
            }

            _remaining--;
            return _scenario;
        }
    }

    private (Trade Trade, bool Replay) Store(string reference, JsonObject body)
    {
        lock (_gate)
        {
            if (_trades.FirstOrDefault(t => t.Ref == reference) is { } existing)
            {
                return (existing, true);
            }

            string kind = body["kind"]?.GetValue<string>() ?? "market";
            var trade = new Trade($"ACME-{_trades.Count + 1:D6}", reference, kind == "market" ? "filled" : "working")
            {
                Instrument = body["instrument"]?.GetValue<string>(),
                Direction = body["direction"]?.GetValue<string>(),
                Size = body["size"]?.GetValue<decimal>(),
                Kind = kind,
                ReduceOnly = body["reduceOnly"]?.GetValue<bool>() == true,
            };
            _trades.Add(trade);
            return (trade, false);
        }
    }

    private Trade? FindById(string id)
    {
        lock (_gate)
        {
            return _trades.FirstOrDefault(t => t.Id == id);
        }
    }

    private void CountOrderRequest(string? reference)
    {
        List<TaskCompletionSource> release = [];
        lock (_gate)
        {
            _refsReceived.Add(reference);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _refsReceived.Count)
                {
                    release.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (TaskCompletionSource signal in release)
        {
            signal.TrySetResult();
        }
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task TradeAsync(HttpContext context, int status, Trade trade) =>
        JsonAsync(context, status, new JsonObject { ["trade"] = new JsonObject { ["id"] = trade.Id, ["ref"] = trade.Ref, ["state"] = trade.State } });

    private static Task ErrorAsync(HttpContext context, int status, string code, string detail) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["detail"] = detail } });

    private static Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed class Trade(string id, string reference, string state)
    {
        public string Id { get; } = id;

        public string Ref { get; } = reference;

        public string State { get; set; } = state;

        public string? Instrument { get; init; }

        public string? Direction { get; init; }

        public decimal? Size { get; init; }

        public string? Kind { get; init; }

        public bool ReduceOnly { get; init; }
    }
}
