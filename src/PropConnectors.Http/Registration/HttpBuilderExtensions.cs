using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Http;
using PropConnectors.Registration;
using PropConnectors.Rest;
using PropConnectors.Security;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registrations for connectors that talk to their firm over HTTP, on <see cref="IPropConnectorsBuilder"/>.</summary>
public static class HttpBuilderExtensions
{
    /// <summary>
    /// Registers a connector for a firm that speaks the generic REST contract (CONTRACT §3), with its named
    /// <see cref="HttpClient"/> and resilience pipeline (see <see cref="AddFirmHttpClient"/>).
    /// </summary>
    /// <typeparam name="TConnector">The connector type, usually a small subclass of <see cref="RestPropConnector"/>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="profile">The firm's code, name and defaults.</param>
    /// <param name="configure">Optional settings in code, applied after configuration.</param>
    /// <returns>The builder.</returns>
    public static IPropConnectorsBuilder AddRestConnector<TConnector>(this IPropConnectorsBuilder builder, PropFirmProfile profile, Action<PropFirmOptions>? configure = null)
        where TConnector : RestPropConnector =>
        builder.AddHttpConnector<TConnector>(profile, configure);

    /// <summary>
    /// Registers a connector that talks to its firm over HTTP, whatever the firm's API looks like: the connector (as
    /// <see cref="PropConnectorsBuilderExtensions.AddConnector"/>) and, once, the firm's named <see cref="HttpClient"/>
    /// with its resilience pipeline (as <see cref="AddFirmHttpClient"/>). Inside the connector, send with <see cref="FirmHttp.SendAsync"/>.
    /// </summary>
    /// <typeparam name="TConnector">The connector type; its constructor may take an <see cref="IHttpClientFactory"/>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="profile">The firm's code, name and defaults.</param>
    /// <param name="configure">Optional settings in code, applied after configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ConnectorConfigError">Another connector type is already registered under the firm code.</exception>
    public static IPropConnectorsBuilder AddHttpConnector<TConnector>(this IPropConnectorsBuilder builder, PropFirmProfile profile, Action<PropFirmOptions>? configure = null)
        where TConnector : BasePropConnector
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(profile);
        builder.AddConnector<TConnector>(profile, configure);
        if (FirmHttpClients.In(builder.Services).Add(profile.Code))
        {
            builder.AddFirmHttpClient(profile.Code);
        }

        return builder;
    }

    /// <summary>
    /// Registers a firm's named <see cref="HttpClient"/> (<see cref="PropConnectorsHttp.ClientName"/>) with its resilience
    /// pipeline, built with Microsoft.Extensions.Http.Resilience's options from the firm's options, registered with Polly's
    /// registry and rebuilt when they reload: retries with exponential backoff and jitter honouring <c>Retry-After</c> and a
    /// per-try timeout for <c>GET</c> and <c>DELETE</c> (a <c>POST</c> is never re-sent by this layer: placement decides,
    /// CONTRACT §4), and a circuit breaker that every request, <c>POST</c> included, is held to. Redirects are not followed. The factory's default HTTP
    /// loggers are replaced by one that logs method, URL, status and time only, and transport exceptions that quote a
    /// secret are masked before the pipeline's telemetry sees them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The HTTP client builder, to customise further (a proxy, a primary handler in tests).</returns>
    public static IHttpClientBuilder AddFirmHttpClient(this IPropConnectorsBuilder builder, string firmCode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string code = FirmCodes.Normalize(firmCode);
        IHttpClientBuilder http = builder.Services
            .AddHttpClient(PropConnectorsHttp.ClientName(code), static client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline and BasePropConnector own every timeout
                client.DefaultRequestHeaders.UserAgent.ParseAdd(PropConnectorsHttp.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });

        string pipelineKey = PropConnectorsHttp.ClientName(code) + ".http";
        builder.Services.TryAddSingleton<FirmCircuits>();
        builder.Services.AddResiliencePipeline<string, HttpResponseMessage>(pipelineKey, (pipeline, context) =>
        {
            PropFirmOptions options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<PropFirmOptions>>().Get(code);
            context.EnableReloads<PropFirmOptions>(code);
            pipeline.TimeProvider = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            pipeline.AddRetry(RetryOptions(options));

            var circuit = new CircuitBreakerStateProvider();
            context.ServiceProvider.GetRequiredService<FirmCircuits>().For(code).Set(circuit);
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                StateProvider = circuit,
            });

            // A tenth beyond the connector's own attempt timeout, so that the connector's guard decides first.
            pipeline.AddTimeout(TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, options.AttemptTimeout.Ticks + (options.AttemptTimeout.Ticks / 10))));
        });

        http.AddHttpMessageHandler(sp =>
        {
            ILogger logger = (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Http." + code);
            IOptionsMonitor<PropFirmOptions> firmOptions = sp.GetRequiredService<IOptionsMonitor<PropFirmOptions>>();
            return new FirmHttpHandler(
                sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(pipelineKey),
                sp.GetRequiredService<FirmCircuits>().For(code),
                code,
                logger,
                () => new SecretSet(firmOptions.Get(code).GetSecrets()));
        });
        http.RemoveAllLoggers();
        return http;
    }

    private static HttpRetryStrategyOptions RetryOptions(PropFirmOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Clamp(options.MaxAttempts - 1, 1, 19),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = TimeSpan.FromSeconds(10),
            ShouldRetryAfterHeader = true,
        };
#pragma warning disable EXTEXP0001 // DisableFor is the library's switch for exactly this: re-sending an order belongs to the placement engine.
        retry.DisableFor(HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch);
#pragma warning restore EXTEXP0001
        return retry;
    }
}
