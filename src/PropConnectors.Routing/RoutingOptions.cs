using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PropConnectors.Configuration;
using PropConnectors.Results;
using PropConnectors.Routing.Hosting;

namespace PropConnectors.Routing;

/// <summary>
/// Settings of the execution router and its background service. Bound from the
/// <c>PropConnectors:Routing</c> configuration section, then from code (<c>AddRouting(o => ...)</c>).
/// The dry-run gate is not here: it is global, <see cref="PropConnectorsOptions.DryRun"/> (on by default).
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The configuration section: <c>PropConnectors:Routing</c>.</summary>
    public const string SectionName = ConfigurationKeys.RootSection + ":Routing";

    /// <summary>
    /// How many more rounds a firm's placement gets when a round ends <see cref="ConnectorStatus.Retry"/> (rate limited or
    /// unavailable, and provably without the order), after the firm's backoff (<see cref="PropFirmOptions.RetryDelay"/>,
    /// or its <c>Retry-After</c>). Every round reuses the same client order id. 2 by default; 0 turns re-attempts off.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>
    /// The most order requests sent for one (task, firm) as a whole: the connector's transport attempts
    /// across all router re-attempts never exceed it (CONTRACT §6). 9 by default: the default three
    /// transport attempts (<see cref="PropFirmOptions.MaxAttempts"/>) for the first try and each of the two re-attempts.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttemptsPerFirm { get; set; } = 9;

    /// <summary>How long the background service waits between two polls of its task source. 2 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most tasks the background service takes from its task source per poll. 20 by default.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>How many pushed tasks (<see cref="ITaskQueue"/>) may wait for the background service before <see cref="ITaskQueue.EnqueueAsync"/> waits. 1000 by default.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>
    /// Whether a hosted service flattens each account with a <c>FlattenAt</c> once a trading day (CONTRACT §13 rule 3).
    /// True by default; a host that flattens some other way turns it off.
    /// </summary>
    public bool DailyFlatten { get; set; } = true;

    /// <summary>
    /// How long after <c>FlattenAt</c> the daily flatten is still sent (30 minutes by default): a host started later that
    /// day does not close positions opened in the next session.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "06:00:00")]
    public TimeSpan DailyFlattenWindow { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>Field rules of <see cref="RoutingOptions"/>, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class RoutingOptionsValidator : IValidateOptions<RoutingOptions>;
