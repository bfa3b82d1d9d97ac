using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropConnectors.Configuration;

namespace PropConnectors;

/// <summary>
/// The services every connector needs, resolved once from dependency injection and handed to
/// <see cref="BasePropConnector"/>. A third-party connector takes it in its constructor and passes it on.
/// </summary>
public sealed class ConnectorContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="firmOptions">The named firm options (name = firm code).</param>
    /// <param name="globalOptions">The global options (the dry-run gate).</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock every delay and timeout uses.</param>
    public ConnectorContext(
        IOptionsMonitor<PropFirmOptions> firmOptions,
        IOptionsMonitor<PropConnectorsOptions> globalOptions,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        FirmOptions = firmOptions ?? throw new ArgumentNullException(nameof(firmOptions));
        GlobalOptions = globalOptions ?? throw new ArgumentNullException(nameof(globalOptions));
        LoggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The named firm options (name = firm code).</summary>
    public IOptionsMonitor<PropFirmOptions> FirmOptions { get; }

    /// <summary>The global options (the dry-run gate).</summary>
    public IOptionsMonitor<PropConnectorsOptions> GlobalOptions { get; }

    /// <summary>The logger factory.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock every delay and timeout uses; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The named account a connector made with this context serves (CONTRACT §11), or <see langword="null"/> for the firm's default account.</summary>
    public string? Account => AccountOptions?.Name;

    /// <summary>The account's settings over its firm's; <see langword="null"/> for the default account.</summary>
    internal AccountOptions? AccountOptions { get; private init; }

    /// <summary>The same services for one named account of a firm.</summary>
    internal ConnectorContext ForAccount(AccountOptions account) =>
        new(FirmOptions, GlobalOptions, LoggerFactory, TimeProvider) { AccountOptions = account };
}
