using PropConnectors;
using PropConnectors.Apex;
using PropConnectors.Configuration;
using PropConnectors.Registration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Apex Trader Funding on <c>services.AddPropConnectors()</c>.</summary>
public static class ApexBuilderExtensions
{
    /// <summary>
    /// Registers the Apex Trader Funding connector (firm code <c>APEX</c>). Settings come from the
    /// <c>PropConnectors:Firms:APEX</c> section, then the <c>APEX_*</c> variables, then <paramref name="configure"/>.
    /// The firm stays disabled until <c>Enabled</c>, an API key and a base URL are set; registering twice is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The builder.</returns>
    public static IPropConnectorsBuilder AddApex(this IPropConnectorsBuilder builder, Action<PropFirmOptions>? configure = null) =>
        builder.AddRestConnector<ApexConnector>(ApexFirm.Profile, configure);
}
