using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropConnectors.Telemetry;

namespace PropConnectors.Configuration;

/// <summary>
/// Binds one firm's <see cref="PropFirmOptions"/> from the <c>PropConnectors:Firms:{CODE}</c> section and
/// then from the flat <c>{CODE}_*</c> variables. Never throws: a malformed value is recorded as a
/// configuration problem (which keeps the firm disabled) and logged once, naming the key, never the value.
/// </summary>
internal sealed class FirmOptionsBinder(string firmCode, IConfiguration configuration, ILogger logger) : IConfigureNamedOptions<PropFirmOptions>
{
    public void Configure(PropFirmOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, PropFirmOptions options)
    {
        if (!string.Equals(name, firmCode, StringComparison.Ordinal))
        {
            return;
        }

        BindSection(options);
        BindFlat(options);

        foreach (string problem in options.ConfigurationProblems)
        {
            Log.FirmConfigurationProblem(logger, firmCode, problem);
        }
    }

    private void BindSection(PropFirmOptions options) => SectionBinder.Bind(configuration.GetSection(ConfigurationKeys.FirmSection(firmCode)), options);

    private void BindFlat(PropFirmOptions options)
    {
        string prefix = firmCode + "_";

        if (Read(prefix + "ENABLED") is { } enabled)
        {
            if (FlagParser.TryParse(enabled, out bool value))
            {
                options.Enabled = value;
            }
            else
            {
                options.ConfigurationProblems.Add($"{prefix}ENABLED is not one of 1/true/yes/on or 0/false/no/off.");
            }
        }

        if (Read(prefix + "API_KEY") is { } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (Read(prefix + "BASE_URL") is { } baseUrl)
        {
            options.BaseUrl = baseUrl;
        }

        if (Read(prefix + "SUPPORTED_SYMBOLS") is { } symbols)
        {
            options.SupportedSymbols = symbols.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        if (Read(prefix + "MAX_POSITION_SIZE") is { } maxPosition)
        {
            if (decimal.TryParse(maxPosition, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) && value > 0)
            {
                options.MaxPositionSize = value;
            }
            else
            {
                options.ConfigurationProblems.Add($"{prefix}MAX_POSITION_SIZE is not a positive number.");
            }
        }

        if (Read(prefix + "TIMEOUT_SECONDS") is { } timeout)
        {
            if (double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0.01 && seconds <= 600)
            {
                options.Timeout = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                options.ConfigurationProblems.Add($"{prefix}TIMEOUT_SECONDS is not a number of seconds between 0.01 and 600.");
            }
        }
    }

    private string? Read(string key)
    {
        string? value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
