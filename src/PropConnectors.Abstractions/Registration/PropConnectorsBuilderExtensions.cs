using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Registration;

namespace Microsoft.Extensions.DependencyInjection;

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
}
