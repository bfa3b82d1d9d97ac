using Microsoft.Extensions.DependencyInjection;

namespace PropConnectors.Registration;

/// <summary>The firms whose named client a service collection already registers, so that registering a connector twice adds one client.</summary>
internal sealed class FirmHttpClients
{
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);

    /// <summary>The set kept in <paramref name="services"/>, added on first use.</summary>
    public static FirmHttpClients In(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (!descriptor.IsKeyedService && descriptor.ServiceType == typeof(FirmHttpClients) && descriptor.ImplementationInstance is FirmHttpClients existing)
            {
                return existing;
            }
        }

        var created = new FirmHttpClients();
        services.AddSingleton(created);
        return created;
    }

    /// <summary>Whether <paramref name="firmCode"/> was not registered yet (and is now).</summary>
    public bool Add(string firmCode) => _codes.Add(firmCode);
}
