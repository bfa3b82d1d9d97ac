using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropConnectors.Configuration;

namespace PropConnectors.Registration;

/// <summary>
/// Every connector: for each registered firm its default account and, when configuration names accounts
/// (<c>PropConnectors:Firms:{FIRM}:Accounts:{NAME}</c>), one connector per named account, each with its own settings over
/// the firm's. Named accounts are read once, when the registry is built; their settings reload with the firm's.
/// </summary>
internal sealed class PropConnectorRegistry : IPropConnectorRegistry
{
    private readonly FrozenDictionary<string, BasePropConnector> _byName;
    private readonly FrozenDictionary<string, IReadOnlyList<BasePropConnector>> _accounts;

    public PropConnectorRegistry(IServiceProvider services, IEnumerable<ConnectorRegistration> registrations)
    {
        IConfiguration configuration = PropConnectorsServiceCollectionExtensions.ConfigurationFor(services);
        ILogger logger = PropConnectorsServiceCollectionExtensions.LoggerFor(services);
        ConnectorContext context = services.GetRequiredService<ConnectorContext>();
        var byName = new Dictionary<string, BasePropConnector>(StringComparer.OrdinalIgnoreCase);
        var accounts = new Dictionary<string, IReadOnlyList<BasePropConnector>>(StringComparer.OrdinalIgnoreCase);
        foreach (ConnectorRegistration registration in registrations)
        {
            if (byName.TryGetValue(registration.FirmCode, out BasePropConnector? existing))
            {
                if (existing.GetType() == registration.ConnectorType)
                {
                    continue;
                }

                throw new ConnectorConfigError(
                    $"Firm code '{registration.FirmCode}' is registered twice, by {existing.GetType().FullName} and {registration.ConnectorType.FullName}. Register one connector per firm code.");
            }

            BasePropConnector firm = Create(services, registration, context);
            byName.Add(registration.FirmCode, firm);
            var named = new List<BasePropConnector>();
            foreach (string account in AccountOptions.Names(configuration, registration.FirmCode))
            {
                BasePropConnector connector = Create(services, registration, context.ForAccount(new AccountOptions(registration.FirmCode, account, configuration, logger)));
                if (byName.TryAdd($"{registration.FirmCode}:{account}", connector))
                {
                    named.Add(connector);
                }
            }

            accounts.Add(registration.FirmCode, named.Count > 0 ? named : [firm]);
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _accounts = accounts.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Connectors = [.. accounts.OrderBy(a => a.Key, StringComparer.Ordinal).SelectMany(a => a.Value)];
    }

    public IReadOnlyList<BasePropConnector> Connectors { get; }

    public bool TryGet(string? firmCode, [NotNullWhen(true)] out BasePropConnector? connector)
    {
        if (string.IsNullOrWhiteSpace(firmCode))
        {
            connector = null;
            return false;
        }

        return _byName.TryGetValue(firmCode.Trim(), out connector);
    }

    public IReadOnlyList<BasePropConnector> GetAccounts(string? firmCode) =>
        firmCode is not null && _accounts.TryGetValue(firmCode.Trim(), out IReadOnlyList<BasePropConnector>? accounts) ? accounts : [];

    public IReadOnlyList<BasePropConnector> GetEnabled()
    {
        var enabled = new List<BasePropConnector>(Connectors.Count);
        foreach (BasePropConnector connector in Connectors)
        {
            if (connector.IsEnabled)
            {
                enabled.Add(connector);
            }
        }

        return enabled;
    }

    private static BasePropConnector Create(IServiceProvider services, ConnectorRegistration registration, ConnectorContext context)
    {
        var connector = (BasePropConnector)ActivatorUtilities.CreateInstance(services, registration.ConnectorType, [.. ConstructorArguments(registration), context]);
        if (!string.Equals(connector.FirmCode, registration.FirmCode, StringComparison.Ordinal))
        {
            throw new ConnectorConfigError(
                $"{registration.ConnectorType.FullName} was registered for firm code '{registration.FirmCode}' but reports '{connector.FirmCode}'.");
        }

        return connector;
    }

    // A connector whose constructor takes the profile (the REST connector) gets the registered one.
    private static IEnumerable<object> ConstructorArguments(ConnectorRegistration registration)
    {
        bool takesProfile = registration.ConnectorType.GetConstructors()
            .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(PropFirmProfile)));
        if (takesProfile)
        {
            yield return registration.Profile;
        }
    }
}
