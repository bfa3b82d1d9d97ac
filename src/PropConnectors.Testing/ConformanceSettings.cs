using PropConnectors.Configuration;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <summary>
/// The settings <see cref="ConnectorConformanceTests"/> gives the connector, and the values a
/// <see cref="IConformanceFirm"/> uses in its answers. Short timeouts keep the suite fast in real time.
/// </summary>
public static class ConformanceSettings
{
    /// <summary>The time for one attempt (<see cref="PropFirmOptions.AttemptTimeout"/>): 300 ms.</summary>
    public static TimeSpan AttemptTimeout { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The total time for one call (<see cref="PropFirmOptions.Timeout"/>): 3 seconds.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The base backoff between attempts (<see cref="PropFirmOptions.RetryDelay"/>): 10 ms.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The most order requests one placement may send (<see cref="PropFirmOptions.MaxAttempts"/>): 3.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The <c>Retry-After</c> a firm sends in <see cref="ConformanceScenario.RateLimited"/>: 1 second (<c>Retry-After: 1</c>).</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a firm holds its answer in <see cref="ConformanceScenario.SlowBeyondTimeout"/>: 1.5 seconds, five times the attempt timeout.</summary>
    public static TimeSpan SlowAnswerDelay { get; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The error text a firm sends in <see cref="ConformanceScenario.Reject"/>; the connector must pass it on in <see cref="ConnectorResult.ErrorMessage"/>.</summary>
    public const string RejectMessage = "conformance: insufficient margin for this order";

    /// <summary>How long the kit waits for the firm to count requests a client abandoned: 5 seconds.</summary>
    public static TimeSpan SettleTimeout { get; } = TimeSpan.FromSeconds(5);
}
