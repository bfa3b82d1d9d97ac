using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropConnectors.Telemetry;

namespace PropConnectors.Configuration;

/// <summary>
/// Reads the dry-run gate from <c>PropConnectors:DryRun</c> and <c>EXECUTION_DRY_RUN</c> after code has
/// configured it. A present value decides; "on" wins over "off"; an unrecognised value keeps the gate on
/// and logs a warning.
/// </summary>
internal sealed class DryRunBinder(IConfiguration configuration, ILogger logger) : IPostConfigureOptions<PropConnectorsOptions>
{
    public void PostConfigure(string? name, PropConnectorsOptions options)
    {
        bool? structured = Read(ConfigurationKeys.DryRun);
        bool? flat = Read(ConfigurationKeys.ExecutionDryRun);

        if (structured == true || flat == true)
        {
            options.DryRun = true;
        }
        else if (structured == false || flat == false)
        {
            options.DryRun = false;
        }
    }

    private bool? Read(string key)
    {
        string? value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (FlagParser.TryParse(value, out bool on))
        {
            return on;
        }

        Log.UnrecognisedDryRunValue(logger, key);
        return true;
    }
}
