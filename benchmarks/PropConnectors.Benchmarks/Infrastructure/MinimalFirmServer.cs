using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// The smallest firm that answers CONTRACT §3's place-order call: Kestrel on 127.0.0.1, every request's body read to
/// the end, then <c>201 {"order_id":"BENCH-1","status":"FILLED"}</c> (a <c>GET /account</c> gets the account). No routing, no order book, no logging, so that the
/// round trip is as close to the network's cost as Kestrel allows and the SDK and a raw <see cref="HttpClient"/> meet
/// exactly the same server work. It answers every POST the same, whatever its idempotency key: re-sending one order is
/// not a shortcut for either side.
/// </summary>
internal sealed class MinimalFirmServer : IAsyncDisposable
{
    /// <summary>The answer to every request.</summary>
    public static readonly byte[] Answer = """{"order_id":"BENCH-1","status":"FILLED"}"""u8.ToArray();

    /// <summary>The answer to <c>GET /account</c> (CONTRACT §12), for an entry sized from the account's balance.</summary>
    public static readonly byte[] AccountAnswer = """{"balance":50000.00,"equity":50000.00,"day_start_balance":50000.00,"currency":"USD"}"""u8.ToArray();

    /// <summary>The answer to a request: the account for a GET of <c>/account</c>, the order for everything else.</summary>
    public static byte[] AnswerTo(string method, string? path) =>
        method == "GET" && path is not null && path.EndsWith("/account", StringComparison.Ordinal) ? AccountAnswer : Answer;

    private readonly WebApplication _app;
    private volatile bool _capture;
    private byte[]? _captured;

    private MinimalFirmServer(WebApplication app) => _app = app;

    /// <summary>The base URL of the one firm, for example <c>http://127.0.0.1:5000/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    public static async Task<MinimalFirmServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        WebApplication app = builder.Build();
        var server = new MinimalFirmServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/v1");
        return server;
    }

    /// <summary>Keeps the body of the next request, to prove both sides send the same bytes.</summary>
    public void CaptureNext()
    {
        _captured = null;
        _capture = true;
    }

    /// <summary>The body captured after <see cref="CaptureNext"/>.</summary>
    public byte[]? Captured => _captured;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        PipeReader reader = context.Request.BodyReader;
        while (true)
        {
            ReadResult read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (_capture && read.IsCompleted)
            {
                _captured = System.Buffers.BuffersExtensions.ToArray(read.Buffer);
                _capture = false;
            }

            if (read.IsCompleted)
            {
                reader.AdvanceTo(read.Buffer.End);
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        Interlocked.Increment(ref _requests);
        HttpResponse response = context.Response;
        byte[] answer = AnswerTo(context.Request.Method, context.Request.Path.Value);
        response.StatusCode = answer == Answer ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }
}
