using PropConnectors.Telemetry;

namespace PropConnectors.Http;

/// <summary>Names and headers of the SDK's HTTP clients.</summary>
public static class PropConnectorsHttp
{
    /// <summary>The name of a firm's <see cref="HttpClient"/> (<c>PropConnectors.{CODE}</c>); customise it with <c>services.AddHttpClient(name)</c>.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The client name.</returns>
    public static string ClientName(string firmCode) => "PropConnectors." + FirmCodes.Normalize(firmCode);

    /// <summary>The <c>User-Agent</c> every request carries: <c>PropConnectors/{version}</c>.</summary>
    public static string UserAgent { get; } = $"{PropConnectorsTelemetry.Name}/{PropConnectorsTelemetry.Version}";
}
