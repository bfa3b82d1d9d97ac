using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace PropConnectors.Registration;

internal sealed class PropConnectorRegistry : IPropConnectorRegistry
{
    private readonly FrozenDictionary<string, BasePropConnector> _byCode;

    public PropConnectorRegistry(IServiceProvider services, IEnumerable<ConnectorRegistration> registrations)
    {
        var byCode = new Dictionary<string, BasePropConnector>(StringComparer.OrdinalIgnoreCase);
        foreach (ConnectorRegistration registration in registrations)
        {
            if (byCode.TryGetValue(registration.FirmCode, out BasePropConnector? existing))
            {
                if (existing.GetType() == registration.ConnectorType)
                {
                    continue;
                }

                throw new ConnectorConfigError(
                    $"Firm code '{registration.FirmCode}' is registered twice, by {existing.GetType().FullName} and {registration.ConnectorType.FullName}. Register one connector per firm code.");
            }

            var connector = (BasePropConnector)ActivatorUtilities.CreateInstance(services, registration.ConnectorType, [.. ConstructorArguments(registration)]);
            if (!string.Equals(connector.FirmCode, registration.FirmCode, StringComparison.Ordinal))
            {
                throw new ConnectorConfigError(
                    $"{registration.ConnectorType.FullName} was registered for firm code '{registration.FirmCode}' but reports '{connector.FirmCode}'.");
            }

            byCode.Add(registration.FirmCode, connector);
        }

        _byCode = byCode.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Connectors = [.. byCode.Values.OrderBy(c => c.FirmCode, StringComparer.Ordinal)];
    }

    public IReadOnlyList<BasePropConnector> Connectors { get; }

    public bool TryGet(string? firmCode, [NotNullWhen(true)] out BasePropConnector? connector)
    {
        if (string.IsNullOrWhiteSpace(firmCode))
        {
            connector = null;
            return false;
        }

        return _byCode.TryGetValue(firmCode.Trim(), out connector);
    }

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
