using Microsoft.Extensions.Options;
using PropConnectors.Results;

namespace PropConnectors.Configuration;

/// <summary>
/// Decides whether a firm can take a live order: the field rules plus the cross-field rules (enabled,
/// key and base URL present, base URL absolute, plain http only to loopback). It is consulted per call
/// instead of at start, because configuration must never throw (CONTRACT §8): a firm that fails it
/// answers <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/>.
/// </summary>
internal static class FirmReadiness
{
    private static readonly PropFirmOptionsFieldValidator FieldValidator = new();

    /// <summary>Returns <see langword="null"/> when the firm is ready, else why not (naming settings, never values).</summary>
    public static string? Check(string firmCode, PropFirmOptions options)
    {
        if (options.ConfigurationProblems.Count > 0)
        {
            return $"{firmCode} has malformed configuration: {string.Join(" ", options.ConfigurationProblems)}";
        }

        if (!options.Enabled)
        {
            return $"{firmCode} is disabled (set {firmCode}_ENABLED=true or PropConnectors:Firms:{firmCode}:Enabled=true).";
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return $"{firmCode} has no API key ({firmCode}_API_KEY).";
        }

        if (options.ApiKey.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || options.ApiKey.Contains('\u007f', StringComparison.Ordinal))
        {
            return $"{firmCode} API key contains a control character (a line break copied with it?); check {firmCode}_API_KEY.";
        }

        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            return $"{firmCode} has no base URL ({firmCode}_BASE_URL).";
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out Uri? baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            return $"{firmCode} base URL is not an absolute http(s) URL.";
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback)
        {
            return $"{firmCode} base URL uses plain http:// to a non-loopback host; API keys travel only over https.";
        }

        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            return $"{firmCode} base URL must not carry credentials; put the key in {firmCode}_API_KEY.";
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            return $"{firmCode} base URL must not have a query or fragment.";
        }

        ValidateOptionsResult fields = FieldValidator.Validate(firmCode, options);
        if (fields.Failed)
        {
            return $"{firmCode} settings are out of range: {fields.FailureMessage}";
        }

        if (options.AttemptTimeout > options.Timeout)
        {
            return $"{firmCode} AttemptTimeout is longer than Timeout.";
        }

        return null;
    }
}
