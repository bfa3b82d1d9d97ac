using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Registration;
using PropConnectors.Topstep;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Topstep on <c>services.AddPropConnectors()</c>.</summary>
public static class TopstepBuilderExtensions
{
    /// <summary>
    /// Registers the Topstep connector (firm code <c>TOPSTEP</c>). Settings come from the <c>PropConnectors:Firms:TOPSTEP</c>
    /// section, then the <c>TOPSTEP_*</c> variables, then <paramref name="configure"/>. The firm stays disabled until
    /// <c>Enabled</c>, an API key and a base URL are set; registering twice is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The builder.</returns>
    public static IPropConnectorsBuilder AddTopstep(this IPropConnectorsBuilder builder, Action<PropFirmOptions>? configure = null) =>
        builder.AddRestConnector<TopstepConnector>(TopstepFirm.Profile, configure);
}
