using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropConnectors;
using PropConnectors.Routing;
using PropConnectors.Configuration;
using PropConnectors.Registration;
using PropConnectors.Routing.Configuration;
using PropConnectors.Routing.Hosting;
using PropConnectors.Routing.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers routing on <c>services.AddPropConnectors()</c>.</summary>
public static class RoutingBuilderExtensions
{
    /// <summary>
    /// Registers the execution router (<see cref="IExecutionRouter"/>) and its options: the
    /// <c>PropConnectors:Routing</c> configuration section, then <paramref name="configure"/>. Calling it again is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code (re-attempts, ceiling, poll interval, batch size).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IPropConnectorsBuilder AddRouting(this IPropConnectorsBuilder builder, Action<RoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;

        services.AddOptions<RoutingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RoutingOptions>, RoutingOptionsSetup>(static sp => new RoutingOptionsSetup(
            sp.GetService<IConfiguration>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Configuration"))));
        services.TryAddSingleton(static sp => new KillSwitch(
            sp.GetService<IConfiguration>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<KillSwitch>()));
        services.TryAddSingleton<IHighestBalanceStore, InMemoryHighestBalanceStore>();
        services.TryAddSingleton(static sp => new ExecutionRouter(
            sp.GetRequiredService<IPropConnectorRegistry>(),
            sp.GetRequiredService<IOptionsMonitor<PropConnectorsOptions>>(),
            sp.GetRequiredService<IOptions<RoutingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<KillSwitch>(),
            sp.GetRequiredService<IHighestBalanceStore>()));
        services.TryAddSingleton<IExecutionRouter>(static sp => sp.GetRequiredService<ExecutionRouter>());

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Registers the router (<see cref="AddRouting"/>) and runs it as a hosted background service
    /// (<see cref="ExecutionBackgroundService"/>) that polls an <see cref="ITaskSource"/>, takes pushed tasks from
    /// <see cref="ITaskQueue"/> and records results in an <see cref="IExecutionLog"/>. The source and the log default
    /// to <see cref="InMemoryTaskSource"/> and <see cref="InMemoryExecutionLog"/>; register your own
    /// <see cref="ITaskSource"/> and <see cref="IExecutionLog"/> to replace them. It also runs the daily flatten of every
    /// account with a <c>FlattenAt</c> (<see cref="RoutingOptions.DailyFlatten"/>). Calling it again is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IPropConnectorsBuilder AddRoutingService(this IPropConnectorsBuilder builder, Action<RoutingOptions>? configure = null)
    {
        builder.AddRouting(configure);
        IServiceCollection services = builder.Services;

        services.TryAddSingleton<InMemoryTaskSource>();
        services.TryAddSingleton<ITaskSource>(static sp => sp.GetRequiredService<InMemoryTaskSource>());
        services.TryAddSingleton(static sp => new InMemoryExecutionLog(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IExecutionLog>(static sp => sp.GetRequiredService<InMemoryExecutionLog>());
        services.TryAddSingleton(static sp => new ExecutionQueue(sp.GetRequiredService<IOptions<RoutingOptions>>()));
        services.TryAddSingleton<ITaskQueue>(static sp => sp.GetRequiredService<ExecutionQueue>());
        services.TryAddSingleton(static sp => new ExecutionBackgroundService(
            sp.GetRequiredService<IExecutionRouter>(),
            sp.GetRequiredService<ITaskSource>(),
            sp.GetRequiredService<IExecutionLog>(),
            sp.GetRequiredService<ExecutionQueue>(),
            sp.GetRequiredService<IOptionsMonitor<PropConnectorsOptions>>(),
            sp.GetRequiredService<IOptions<RoutingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExecutionBackgroundService>(static sp => sp.GetRequiredService<ExecutionBackgroundService>()));
        services.TryAddSingleton(static sp => new DailyFlattenService(
            sp.GetRequiredService<IPropConnectorRegistry>(),
            sp.GetRequiredService<IExecutionRouter>(),
            sp.GetRequiredService<IOptions<RoutingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<DailyFlattenService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DailyFlattenService>(static sp => sp.GetRequiredService<DailyFlattenService>()));

        return builder;
    }
}
