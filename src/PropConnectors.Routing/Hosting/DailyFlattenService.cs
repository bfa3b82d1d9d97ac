using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Routing.Rules;
using PropConnectors.Routing.Telemetry;

namespace PropConnectors.Routing.Hosting;

/// <summary>
/// Sends each account's daily <c>FLATTEN</c> at its <c>FlattenAt</c> (CONTRACT §13 rule 3), Monday to Friday in the
/// time's zone, under the task id <c>flatten-{date}-{FIRM}-{ACCOUNT}</c>. The id and the closes' ids derive from the day,
/// so a flatten sent again (a restart at 16:55, a flatten that answered RETRY) reads the account and closes nothing twice.
/// Checks every 30 seconds on the host's clock.
/// </summary>
internal sealed class DailyFlattenService(IPropConnectorRegistry registry, IExecutionRouter router, IOptions<RoutingOptions> options, TimeProvider time, ILogger<DailyFlattenService> logger) : BackgroundService
{
    /// <summary>How often the flatten times are checked.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, bool> _done = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DailyFlatten)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval, time);
        do
        {
            await CheckAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Sends the flattens due now that have not succeeded yet; returns their results.</summary>
    public async Task<IReadOnlyList<ExecutionResult>> CheckAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        var sent = new List<ExecutionResult>();
        foreach (BasePropConnector connector in registry.Connectors)
        {
            string? setting = connector.Options.FlattenAt ?? connector.Options.FirmRules.FlattenAt;
            if (!connector.IsEnabled || setting is null || string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (ZonedTime.TryParse(setting) is not { } flattenAt)
            {
                Log.FlattenAtUnreadable(logger, connector.FirmCode, connector.Account ?? "(default)");
                continue;
            }

            if (flattenAt.DueDay(now, options.Value.DailyFlattenWindow) is { } day && TaskId(day, connector) is var id && !_done.ContainsKey(id))
            {
                ExecutionResult result = await router.ExecuteAsync(Task(id, connector), cancellationToken).ConfigureAwait(false);
                if (result.ConnectorResults.All(r => r.Status is ConnectorStatus.Success or ConnectorStatus.Skipped))
                {
                    _done[id] = true;
                }

                Log.DailyFlatten(logger, id, result.Details);
                sent.Add(result);
            }
        }

        return sent;
    }

    internal static string TaskId(DateOnly day, BasePropConnector connector) =>
        string.Create(CultureInfo.InvariantCulture, $"flatten-{day:yyyy-MM-dd}-{connector.FirmCode}-{connector.Account ?? "default"}");

    private static ExecutionTask Task(string id, BasePropConnector connector)
    {
        string target = connector.Account is { } account ? connector.FirmCode + ":" + account : connector.FirmCode;
        var task = new JsonObject { ["id"] = id, ["event_type"] = "FLATTEN", ["payload"] = new JsonObject { ["firm_codes"] = new JsonArray(target) } };
        return ExecutionJson.Parse(task.ToJsonString());
    }
}
