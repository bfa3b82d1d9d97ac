using PropConnectors.Routing.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PropConnectors.Routing.Configuration;

/// <summary>
/// Binds <see cref="RoutingOptions"/> from the <c>PropConnectors:Routing</c> section when the host has an
/// <see cref="IConfiguration"/>. Never throws: a malformed value is logged (naming the key) and the default kept.
/// </summary>
internal sealed class RoutingOptionsSetup(IConfiguration? configuration, ILogger logger) : IConfigureOptions<RoutingOptions>
{
    public void Configure(RoutingOptions options)
    {
        IConfigurationSection? section = configuration?.GetSection(RoutingOptions.SectionName);
        if (section is null || !section.Exists())
        {
            return;
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            Log.RoutingConfigurationProblem(logger, RoutingOptions.SectionName, ex.Message);
        }
    }
}
