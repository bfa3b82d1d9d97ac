using Microsoft.Extensions.DependencyInjection;

namespace PropConnectors;

/// <summary>
/// Returned by <c>services.AddPropConnectors()</c>; firm packages and third parties hang their
/// registrations off it (<c>.AddFtmo()</c>, <c>.AddApex()</c>, <c>.AddConnector&lt;T&gt;(...)</c>).
/// </summary>
public interface IPropConnectorsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class PropConnectorsBuilder(IServiceCollection services) : IPropConnectorsBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>One connector registration: a firm code and the connector type that serves it.</summary>
internal sealed record ConnectorRegistration(string FirmCode, Type ConnectorType, PropFirmProfile Profile);
