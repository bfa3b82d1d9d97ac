using PropConnectors.Rest;

namespace PropConnectors.Ftmo;

/// <summary>
/// The FTMO connector. It speaks the generic prop-firm REST contract through the shared
/// <see cref="RestPropConnector"/>; this package adds only the firm's code, name and defaults.
/// </summary>
public sealed class FtmoConnector : RestPropConnector
{
    /// <summary>Creates the connector; resolve it from dependency injection after <c>AddPropConnectors().AddFtmo()</c>.</summary>
    /// <param name="context">The services from dependency injection.</param>
    /// <param name="httpClientFactory">The factory of the firm's named client.</param>
    public FtmoConnector(ConnectorContext context, IHttpClientFactory httpClientFactory)
        : base(FtmoFirm.Profile, context, httpClientFactory)
    {
    }
}
