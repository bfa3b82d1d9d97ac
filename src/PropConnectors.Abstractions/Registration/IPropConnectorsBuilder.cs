using Microsoft.Extensions.DependencyInjection;

namespace PropConnectors.Registration;

/// <summary>
/// Returned by <c>services.AddPropConnectors()</c>; firm packages and third parties hang their
/// registrations off it (<c>.AddFtmo()</c>, <c>.AddApex()</c>, <c>.AddConnector&lt;T&gt;(...)</c>).
/// </summary>
public interface IPropConnectorsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
