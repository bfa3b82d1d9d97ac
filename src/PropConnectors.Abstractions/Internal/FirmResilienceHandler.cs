using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace PropConnectors;

/// <summary>Each firm's circuit, as the latest build of its HTTP pipeline left it (a configuration reload builds a new one).</summary>
internal sealed class FirmCircuits
{
    private readonly ConcurrentDictionary<string, FirmCircuit> _circuits = new(StringComparer.Ordinal);

    /// <summary>The firm's circuit holder; the same object for the life of the container.</summary>
    public FirmCircuit For(string firmCode) => _circuits.GetOrAdd(firmCode, static _ => new FirmCircuit());
}

/// <summary>One firm's circuit state, replaced whenever its pipeline is built.</summary>
internal sealed class FirmCircuit
{
    private volatile CircuitBreakerStateProvider? _state;

    public void Set(CircuitBreakerStateProvider state) => _state = state;

    /// <summary>Whether the circuit is known to be closed (the usual case).</summary>
    public bool IsClosed => _state?.CircuitState == CircuitState.Closed;
}

/// <summary>
/// A firm's HTTP resilience: <c>GET</c> and <c>DELETE</c> run through the firm's pipeline (retry, circuit breaker,
/// per-try timeout; built from Microsoft.Extensions.Http.Resilience's options and registered with Polly's registry, so it
/// reloads and reports telemetry). A <c>POST</c> is never retried at this layer: <see cref="BasePropConnector"/> owns
/// placement, with its own attempt timeout and CONTRACT §4 retries. While the firm's circuit is closed a <c>POST</c>
/// therefore goes straight to the transport (a pipeline that could do nothing to it cost a state machine per layer on
/// every order); while it is open or half-open, it goes through the pipeline, whose breaker refuses it (nothing sent)
/// or lets it through as the probe. Also logs each request at Debug: method, URL, status and time, never a header, body
/// or exception message; and masks the API key in transport exceptions that quote it (<see cref="SecretScrubbing"/>):
/// inside the pipeline, before its telemetry sees them, and around a <c>POST</c> sent straight, except for the SDK's own
/// requests (<see cref="FirmRequestMessage"/>), whose exceptions <see cref="Rest.FirmHttp"/> reads and scrubs itself.
/// </summary>
internal sealed class FirmResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline, FirmCircuit circuit, FirmHttpLogger log, ILogger logger, Func<string?> secret) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && circuit.IsClosed)
        {
            return request is FirmRequestMessage ? SendInnerAsync(request, cancellationToken) : SendScrubbedAsync(request, cancellationToken);
        }

        return SendThroughPipelineAsync(request, cancellationToken);
    }

    private Exception Scrub(Exception exception) => SecretScrubbing.Scrub(exception, secret());

    private async Task<HttpResponseMessage> SendScrubbedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await SendInnerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SecretScrubbing.Quotes(ex, secret()))
        {
            throw Scrub(ex);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) ? SendLoggedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendThroughPipelineAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.SetRequestMessage(request);
        try
        {
            Outcome<HttpResponseMessage> outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendInnerAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // The pipeline decides on exceptions as outcomes (as Microsoft.Extensions.Http.Resilience's ResilienceHandler does); it is rethrown below.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<HttpResponseMessage>(state.Handler.Scrub(ex));
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            context.SetRequestMessage(null);
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        log.LogRequestStart(request);
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.LogRequestStop(request, response, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex)
        {
            log.LogRequestFailed(request, ex, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
