using PropConnectors;
using PropConnectors.Configuration;
using PropConnectors.Registration;
using PropConnectors.Samples.AcmeConnector;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Acme Prop on <c>services.AddPropConnectors()</c>.</summary>
public static class AcmeBuilderExtensions
{
    /// <summary>
    /// Registers the Acme Prop connector (firm code <c>ACME</c>) and its resilient <see cref="HttpClient"/>. Settings
    /// come from the <c>PropConnectors:Firms:ACME</c> section, then the <c>ACME_*</c> variables, then
    /// <paramref name="configure"/>. The firm stays disabled until <c>Enabled</c>, an API key and a base URL are set;
    /// registering twice is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPropConnectors()</c>.</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The builder.</returns>
    public static IPropConnectorsBuilder AddAcme(this IPropConnectorsBuilder builder, Action<PropFirmOptions>? configure = null) =>
        // The connector plus, once, the SDK's per-firm client: its own retry (GET and DELETE only), circuit breaker,
        // per-try timeout, and HTTP logging that records no header (X-Api-Key included, CONTRACT §9).
        builder.AddHttpConnector<AcmeConnector>(AcmeFirm.Profile, configure);
}
