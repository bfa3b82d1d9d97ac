using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using PropConnectors;
using PropConnectors.Rest;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one registration entry of PropConnectors: <c>services.AddPropConnectors()</c>.</summary>
public static class PropConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PropConnectors core (options, the dry-run gate, the connector registry) and returns
    /// the builder that firm packages hang off: <c>services.AddPropConnectors().AddFtmo().AddApex()</c>.
    /// Calling it again is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IPropConnectorsBuilder AddPropConnectors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions();
        services.AddHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ConnectorContext(
            sp.GetRequiredService<IOptionsMonitor<PropFirmOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<PropConnectorsOptions>>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHttpClientFactory>()));
        services.TryAddSingleton<IPropConnectorRegistry>(static sp => new PropConnectorRegistry(sp, sp.GetServices<ConnectorRegistration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PropConnectorsOptions>, DryRunBinder>(
            static sp => new DryRunBinder(ConfigurationFor(sp), LoggerFor(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<PropConnectorsOptions>, ConfigurationReloadTokenSource<PropConnectorsOptions>>(
            static sp => new ConfigurationReloadTokenSource<PropConnectorsOptions>(Microsoft.Extensions.Options.Options.DefaultName, ConfigurationFor(sp))));

        return new PropConnectorsBuilder(services);
    }

    /// <summary>Registers the PropConnectors core and configures its global options in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets global options, for example <c>o => o.DryRun = false</c>. A <c>PropConnectors:DryRun</c> or <c>EXECUTION_DRY_RUN</c> value in configuration still decides when present.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IPropConnectorsBuilder AddPropConnectors(this IServiceCollection services, Action<PropConnectorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        IPropConnectorsBuilder builder = services.AddPropConnectors();
        services.Configure(configure);
        return builder;
    }

    internal static IConfiguration ConfigurationFor(IServiceProvider services) =>
        services.GetService<IConfiguration>() ?? new ConfigurationBuilder().AddEnvironmentVariables().Build();

    internal static ILogger LoggerFor(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Configuration");
}

/// <summary>Registrations that firm packages and third-party connectors make on <see cref="IPropConnectorsBuilder"/>.</summary>
public static class PropConnectorsBuilderExtensions
{
    /// <summary>
    /// Registers a connector for a firm: its named options (bound from <c>PropConnectors:Firms:{CODE}</c>,
    /// then the flat <c>{CODE}_*</c> variables, then <paramref name="configure"/>), its defaults, and its
    /// place in the registry. Registering the same connector twice is harmless; a different connector
    /// under a code already taken throws <see cref="ConnectorConfigError"/> at once.
    /// </summary>
    /// <typeparam name="TConnector">The connector type; its constructor may take <see cref="ConnectorContext"/>, a <see cref="PropFirmProfile"/> and any registered service.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="profile">The firm's code, name and defaults.</param>
    /// <param name="configure">Optional settings in code, applied after configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ConnectorConfigError">Another connector type is already registered under the firm code.</exception>
    public static IPropConnectorsBuilder AddConnector<TConnector>(this IPropConnectorsBuilder builder, PropFirmProfile profile, Action<PropFirmOptions>? configure = null)
        where TConnector : BasePropConnector
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(profile);

        string code = profile.Code;
        IServiceCollection services = builder.Services;
        ConnectorRegistration? existing = FindRegistration(services, code);

        if (existing is not null && existing.ConnectorType != typeof(TConnector))
        {
            throw new ConnectorConfigError(
                $"Firm code '{code}' is already registered by {existing.ConnectorType.FullName}; {typeof(TConnector).FullName} cannot take it too. Register one connector per firm code.");
        }

        if (existing is null)
        {
            services.AddSingleton(new ConnectorRegistration(code, typeof(TConnector), profile));
            services.AddSingleton<IConfigureOptions<PropFirmOptions>>(sp => new FirmOptionsBinder(
                code,
                PropConnectorsServiceCollectionExtensions.ConfigurationFor(sp),
                PropConnectorsServiceCollectionExtensions.LoggerFor(sp)));
            services.AddSingleton<IPostConfigureOptions<PropFirmOptions>>(new FirmOptionsDefaults(profile));
            services.AddSingleton<IOptionsChangeTokenSource<PropFirmOptions>>(sp => new ConfigurationReloadTokenSource<PropFirmOptions>(
                code,
                PropConnectorsServiceCollectionExtensions.ConfigurationFor(sp)));
            services.TryAddSingleton(sp =>
                sp.GetRequiredService<IPropConnectorRegistry>().TryGet(code, out BasePropConnector? connector) && connector is TConnector typed
                    ? typed
                    : throw new ConnectorConfigError($"No {typeof(TConnector).FullName} is registered for firm code '{code}'."));
        }

        if (configure is not null)
        {
            services.Configure(code, configure);
        }

        return builder;
    }

    /// <summary>
    /// Registers a connector for a firm that speaks the generic REST contract (CONTRACT §3), with its
    /// named <see cref="HttpClient"/> and resilience pipeline (see <see cref="AddFirmHttpClient"/>).
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
    /// Registers a connector that talks to its firm over HTTP, whatever the firm's API looks like: the connector
    /// (as <see cref="AddConnector"/>) and, once, the firm's named <see cref="HttpClient"/> with its resilience
    /// pipeline (as <see cref="AddFirmHttpClient"/>). Inside the connector, send with <see cref="FirmHttp.SendAsync"/>.
    /// </summary>
    /// <typeparam name="TConnector">The connector type.</typeparam>
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
        bool registered = FindRegistration(builder.Services, profile.Code) is not null;
        builder.AddConnector<TConnector>(profile, configure);
        if (!registered)
        {
            builder.AddFirmHttpClient(profile.Code);
        }

        return builder;
    }

    // A tenth beyond the connector's attempt timeout, and never below Polly's 10 ms minimum.
    private static TimeSpan PerTryTimeout(TimeSpan attemptTimeout) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, attemptTimeout.Ticks + (attemptTimeout.Ticks / 10)));

    // Keyed descriptors throw on ImplementationInstance, and hosts (Polly, Http.Resilience) register keyed services.
    private static ConnectorRegistration? FindRegistration(IServiceCollection services, string code)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (!descriptor.IsKeyedService && descriptor.ServiceType == typeof(ConnectorRegistration)
                && descriptor.ImplementationInstance is ConnectorRegistration registration
                && string.Equals(registration.FirmCode, code, StringComparison.Ordinal))
            {
                return registration;
            }
        }

        return null;
    }

    /// <summary>
    /// Registers a firm's named <see cref="HttpClient"/> (<see cref="PropConnectorsHttp.ClientName"/>) with its own
    /// resilience pipeline, so that one firm's open circuit or rate limit never slows another:
    /// retries with exponential backoff and jitter honouring <c>Retry-After</c> for <c>GET</c> and
    /// <c>DELETE</c> only (a <c>POST</c> is never retried here: <see cref="BasePropConnector"/> decides under
    /// CONTRACT §4), a circuit breaker, and a per-try timeout (the firm's <see cref="PropFirmOptions.AttemptTimeout"/>
    /// plus a tenth, so that the connector's own attempt timeout always decides first). The pipeline is registered
    /// with Polly's registry under <c>{client name}.http</c> (it reloads with the firm's options and reports Polly's
    /// telemetry). While the circuit is closed a <c>POST</c> goes straight to the transport, since the pipeline could do
    /// nothing to it; while it is open or half-open the <c>POST</c> goes through the breaker. Redirects are not followed.
    /// The factory's default HTTP loggers are replaced by one that logs method, URL, status and time only (never a
    /// header, a body or an exception message), and transport exceptions that quote the API key are masked.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The HTTP client builder, to customise further (a proxy, a primary handler in tests).</returns>
    public static IHttpClientBuilder AddFirmHttpClient(this IPropConnectorsBuilder builder, string firmCode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string code = FirmCodes.Normalize(firmCode);
        string name = PropConnectorsHttp.ClientName(code);

        IHttpClientBuilder http = builder.Services
            .AddHttpClient(name, static client =>
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

        string pipelineKey = name + ".http";
        builder.Services.TryAddSingleton<FirmCircuits>();
        builder.Services.AddResiliencePipeline<string, HttpResponseMessage>(pipelineKey, (pipeline, context) =>
        {
            PropFirmOptions options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<PropFirmOptions>>().Get(code);
            context.EnableReloads<PropFirmOptions>(code);
            pipeline.TimeProvider = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Clamp(options.MaxAttempts - 1, 1, 19),
                BackoffType = Polly.DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldRetryAfterHeader = true,
            };
#pragma warning disable EXTEXP0001 // DisableFor is the library's switch for exactly this: POST retries belong to BasePropConnector.
            retry.DisableFor(HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch);
#pragma warning restore EXTEXP0001
            pipeline.AddRetry(retry);

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
            // Per-try timeout, a little beyond the connector's own attempt timeout: for a lookup the connector's guard
            // must decide first, or a timer race would let this pipeline retry a GET the connector has already given up
            // on. For status and cancel calls it is the per-try bound of the GET/DELETE retries.
            pipeline.AddTimeout(PerTryTimeout(options.AttemptTimeout));
        });

        http.AddHttpMessageHandler(sp =>
        {
            ILogger httpLogger = (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Http." + code);
            IOptionsMonitor<PropFirmOptions> firmOptions = sp.GetRequiredService<IOptionsMonitor<PropFirmOptions>>();
            return new FirmResilienceHandler(
                sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(pipelineKey),
                sp.GetRequiredService<FirmCircuits>().For(code),
                new FirmHttpLogger(code, httpLogger),
                httpLogger,
                () => firmOptions.Get(code).ApiKey);
        });
        http.RemoveAllLoggers();

        return http;
    }
}
