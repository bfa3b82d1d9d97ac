using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Ftmo;
using PropConnectors.Registration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FTMO on <c>services.AddPropConnectors()</c>.</summary>
public static class FtmoBuilderExtensions
{
    /// <summary>
    /// Registers the FTMO connector (firm code <c>FTMO</c>). Settings come from the
    /// <c>PropConnectors:Firms:FTMO</c> section, then the <c>FTMO_*</c> variables, then <paramref name="configure"/>.
    /// The firm stays disabled until <c>Enabled</c>, an API key and a base URL are set; registering twice is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The builder.</returns>
    public static IPropConnectorsBuilder AddFtmo(this IPropConnectorsBuilder builder, Action<PropFirmOptions>? configure = null) =>
        builder.AddRestConnector<FtmoConnector>(FtmoFirm.Profile, configure);
}
