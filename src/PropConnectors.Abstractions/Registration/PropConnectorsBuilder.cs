using Microsoft.Extensions.DependencyInjection;

namespace PropConnectors.Registration;

/// <summary>The builder <c>AddPropConnectors()</c> returns.</summary>
internal sealed class PropConnectorsBuilder(IServiceCollection services) : IPropConnectorsBuilder
{
    public IServiceCollection Services { get; } = services;
}
