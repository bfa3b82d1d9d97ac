using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Registration;

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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ConnectorContext(
            sp.GetRequiredService<IOptionsMonitor<PropFirmOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<PropConnectorsOptions>>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<TimeProvider>()));
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
