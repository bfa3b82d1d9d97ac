using PropConnectors.Rest;

namespace PropConnectors.Topstep;

/// <summary>
/// The Topstep connector. It speaks the generic prop-firm REST contract through the shared <see cref="RestPropConnector"/>;
/// this package adds the firm's code, name, instruments and rules.
/// </summary>
public sealed class TopstepConnector : RestPropConnector
{
    /// <summary>Creates the connector; resolve it from dependency injection after <c>AddPropConnectors().AddTopstep()</c>.</summary>
    /// <param name="context">The services from dependency injection.</param>
    /// <param name="httpClientFactory">The factory of the firm's named client.</param>
    public TopstepConnector(ConnectorContext context, IHttpClientFactory httpClientFactory)
        : base(TopstepFirm.Profile, context, httpClientFactory)
    {
    }
}
