using PropConnectors.Configuration;

namespace PropConnectors.Testing;

/// <summary>
/// A firm the connector author controls, speaking the connector's own protocol: an in-process fake server (Kestrel on
/// <c>127.0.0.1:0</c>) or a sandbox. <see cref="ConnectorConformanceTests"/> starts one per test, arranges how it answers
/// order requests, and reads back what it received and what it holds.
/// </summary>
/// <remarks>
/// <para>
/// An <em>order request</em> is the request that places an order (for a REST firm, the <c>POST</c>). Lookups,
/// status reads and cancels are never faulted by <see cref="Arrange"/> and must answer truthfully from the firm's order
/// book, because the connector relies on them to decide what an ambiguous failure did (CONTRACT §4).
/// </para>
/// <para>
/// A request is counted once the firm has decided its fate: answered, dropped on purpose, or abandoned by the client.
/// Count it <em>before</em> the answer is written, so that a client holding the answer always finds it counted.
/// </para>
/// </remarks>
public interface IConformanceFirm : IAsyncDisposable
{
    /// <summary>The base URL the connector is configured with (<see cref="PropFirmOptions.BaseUrl"/>).</summary>
    Uri BaseUrl { get; }

    /// <summary>
    /// The only API key the firm accepts. Make it unique and at least 16 characters long (for example a GUID): the kit
    /// searches logs, results, exceptions and telemetry for it (CONTRACT §9).
    /// </summary>
    string ApiKey { get; }

    /// <summary>The number of order requests received since the firm started.</summary>
    int OrderRequestsReceived { get; }

    /// <summary>
    /// The idempotency key each order request carried, oldest first, whichever way the protocol carries it (a header, a
    /// body field); <see langword="null"/> for a request that carried none. One entry per order request.
    /// </summary>
    IReadOnlyList<string?> IdempotencyKeysReceived { get; }

    /// <summary>
    /// Sets how the next <paramref name="times"/> order requests are answered; later ones are accepted. Replaces any
    /// earlier arrangement. A new firm accepts every order request.
    /// </summary>
    /// <param name="scenario">How to answer.</param>
    /// <param name="times">How many order requests the scenario applies to; <see cref="int.MaxValue"/> for all of them. Ignored for <see cref="ConformanceScenario.Accept"/>.</param>
    void Arrange(ConformanceScenario scenario, int times);

    /// <summary>The firm's ids of the orders it holds under <paramref name="clientOrderId"/> (CONTRACT §4: never more than one).</summary>
    /// <param name="clientOrderId">The client order id (the idempotency key) the orders were placed under.</param>
    /// <returns>The order ids, oldest first; empty when the firm holds none.</returns>
    IReadOnlyList<string> OrdersHeld(string clientOrderId);

    /// <summary>
    /// Completes when at least <paramref name="count"/> order requests have been counted (see the remarks), so the kit
    /// can wait for a request the client abandoned without sleeping.
    /// </summary>
    /// <param name="count">The number of order requests to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    Task WaitForOrderRequestsAsync(int count, CancellationToken cancellationToken);
}
