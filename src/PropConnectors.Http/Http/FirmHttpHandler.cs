using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using PropConnectors.Security;

namespace PropConnectors.Http;

/// <summary>
/// A firm's HTTP resilience, the one handler of its named client. A <c>GET</c> or <c>DELETE</c> runs through the firm's
/// pipeline (retry, circuit breaker, per-try timeout), built from Microsoft.Extensions.Http.Resilience's options and
/// registered with Polly's registry, so it reloads with the options and reports Polly's telemetry. A <c>POST</c> is never
/// re-sent at this layer (the placement engine decides, CONTRACT §4): while the circuit is closed it goes straight to the
/// transport, since a pipeline that can do nothing to it cost ~2.5 KB and a state machine per layer on every order
/// (docs/benchmarks.md); while the circuit is open or half-open it goes through the pipeline, whose breaker refuses it
/// (nothing sent) or lets it through as the probe.
/// </summary>
/// <remarks>
/// Each try is logged at Debug (method, URL up to the path, status, time and exception type; never a header, a query,
/// a body or an exception message), and a transport exception whose text quotes a secret (a proxy quoting the request)
/// is replaced by one of the same kind with the secret masked, before Polly's telemetry or a connector sees it.
/// </remarks>
internal sealed class FirmHttpHandler(ResiliencePipeline<HttpResponseMessage> pipeline, FirmCircuit circuit, string firmCode, ILogger logger, Func<SecretSet> secrets) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Method == HttpMethod.Post && circuit.IsClosed ? SendOnceAsync(request, cancellationToken) : SendThroughPipelineAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendThroughPipelineAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.SetRequestMessage(request); // the retry's DisableFor reads the method from here
        try
        {
            Outcome<HttpResponseMessage> outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // The pipeline decides on exceptions as outcomes, as Microsoft.Extensions.Http.Resilience's handler does; rethrown below.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
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

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string? url = logger.IsEnabled(LogLevel.Debug) ? request.RequestUri?.GetLeftPart(UriPartial.Path) : null;
        if (url is not null)
        {
            Log.HttpRequestStart(logger, firmCode, request.Method.Method, url);
        }

        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (url is not null)
            {
                int status = (int)response.StatusCode;
                double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.HttpRequestStop(logger, firmCode, request.Method.Method, url, status, elapsed);
            }

            return response;
        }
        catch (Exception ex)
        {
            if (url is not null)
            {
                string type = ex.GetType().Name;
                double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.HttpRequestFailed(logger, firmCode, request.Method.Method, url, type, elapsed);
            }

            Exception? masked = Masked(ex, secrets());
            if (masked is null)
            {
                throw;
            }

            throw masked;
        }
    }

    // The exception to throw instead, or null to rethrow as it is.
    private static Exception? Masked(Exception exception, SecretSet secrets)
    {
        if (!secrets.IsIn(exception.ToString()))
        {
            return null;
        }

        string message = secrets.MaskText(exception.Message) ?? string.Empty;
        return exception switch
        {
            OperationCanceledException canceled => new OperationCanceledException(message, null, canceled.CancellationToken),
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, null, http.StatusCode),
            IOException => new IOException(message),
            _ => new InvalidOperationException($"{exception.GetType().Name}: {message}"),
        };
    }
}
