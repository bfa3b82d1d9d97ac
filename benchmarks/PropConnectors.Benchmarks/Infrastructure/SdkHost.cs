using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropConnectors.Configuration;
using PropConnectors.Http;
using PropConnectors.Instruments;
using PropConnectors.Registration;
using PropConnectors.Rest;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>What to leave out of <see cref="SdkHost"/>, only for the breakdown benchmarks that find where the cost is.</summary>
internal sealed record SdkHostVariant
{
    /// <summary>The whole SDK, every layer on.</summary>
    public static readonly SdkHostVariant Full = new();

    /// <summary>The minimum log level (Information in every published figure).</summary>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    /// <summary>Whether the firm's named client keeps the handlers the SDK adds (resilience pipeline, secret scrubbing).</summary>
    public bool FirmHandlers { get; init; } = true;

    /// <summary>A primary handler in place of the sockets one (the in-memory firm of the CPU-only benchmarks).</summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; init; }

    /// <summary>More settings for every firm, after the benchmark's own (the rules benchmark's account size and window).</summary>
    public Action<PropFirmOptions>? Configure { get; init; }
}

/// <summary>One firm the SDK is pointed at.</summary>
/// <param name="Code">The firm code.</param>
/// <param name="BaseUrl">Its base URL (loopback).</param>
/// <param name="ApiKey">Its API key.</param>
internal sealed record FirmEndpoint(string Code, Uri BaseUrl, string ApiKey);

/// <summary>
/// The SDK as a host wires it: <c>AddPropConnectors().AddFtmo().AddApex()</c>, more REST firms when asked, and
/// <c>AddRouting()</c>, with a real logger factory at Information (<see cref="FormattingSinkLoggerProvider"/>), the
/// SDK's meter listened to (<see cref="MetricsSink"/>), and the real HTTP pipeline (named clients, resilience handlers,
/// IHttpClientFactory logging handlers).
/// </summary>
internal static class SdkHost
{
    /// <summary>The symbol every benchmark task trades; every firm is configured to support it.</summary>
    public const string Symbol = "NQ";

    /// <summary>
    /// The <see cref="SocketsHttpHandler"/> at the bottom of the SDK's handler chain for <paramref name="firmCode"/>, as
    /// IHttpClientFactory built it, for a raw baseline that rides the SDK's own connection: on this VM a connection's latency
    /// clusters drift on their own (Kestrel serves each connection on one of its I/O queues), which with two connections
    /// moved one side's median by up to 30 % whatever the code did. Keep <paramref name="chain"/> referenced while the
    /// handler is in use: the factory disposes an expired chain once nothing holds it. (The SDK takes a fresh client from
    /// the factory every minute and the factory rotates handlers every two, so a longer run may see the SDK move to a new
    /// connection.)
    /// </summary>
    public static SocketsHttpHandler SocketsHandlerOf(IServiceProvider services, string firmCode, out HttpMessageHandler chain)
    {
        chain = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(PropConnectors.Http.PropConnectorsHttp.ClientName(firmCode));
        HttpMessageHandler handler = chain;
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler ?? throw new InvalidOperationException("A handler of the SDK's chain has no inner handler.");
        }

        return handler as SocketsHttpHandler ?? throw new InvalidOperationException($"The SDK's primary handler is a {handler.GetType().Name}, not a SocketsHttpHandler.");
    }

    public static ServiceProvider Build(bool dryRun, IReadOnlyList<FirmEndpoint> firms, SdkHostVariant? variant = null)
    {
        ArgumentNullException.ThrowIfNull(firms);
        variant ??= SdkHostVariant.Full;
        MetricsSink.Start();

        var services = new ServiceCollection();
        // An empty configuration: the process environment (EXECUTION_DRY_RUN, FTMO_*, ...) must not change what is measured.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(variant.MinimumLevel);
            logging.AddProvider(new FormattingSinkLoggerProvider());
        });

        IPropConnectorsBuilder builder = services.AddPropConnectors(o => o.DryRun = dryRun);
        foreach (FirmEndpoint firm in firms)
        {
            void Configure(PropFirmOptions o)
            {
                o.Enabled = true;
                o.ApiKey = firm.ApiKey;
                o.BaseUrl = firm.BaseUrl.ToString();
                o.SupportedSymbols = [Symbol];
                o.AcknowledgeAutomationPolicy = true; // Apex prohibits automation (CONTRACT §13 rule 2)
                variant.Configure?.Invoke(o);
                o.Instruments = new Dictionary<string, InstrumentOptions> { [Symbol] = new() { PointValue = 20m, TickSize = 0.25m, QuantityStep = 1m, MinQuantity = 1m } };
            }

            switch (firm.Code)
            {
                case "FTMO":
                    builder.AddFtmo(Configure);
                    break;
                case "APEX":
                    builder.AddApex(Configure);
                    break;
                default:
                    builder.AddRestConnector<RestPropConnector>(new PropFirmProfile(firm.Code, "Firm " + firm.Code) { DefaultSymbols = [Symbol] }, Configure);
                    break;
            }
        }

        foreach (FirmEndpoint firm in firms)
        {
            IHttpClientBuilder http = services.AddHttpClient(PropConnectorsHttp.ClientName(firm.Code));
            if (!variant.FirmHandlers)
            {
                http.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) => handlers.Clear());
            }

            if (variant.PrimaryHandler is { } primary)
            {
                http.ConfigurePrimaryHttpMessageHandler(primary);
            }
        }

        builder.AddRouting();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
