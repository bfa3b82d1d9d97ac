using Polly.CircuitBreaker;

namespace PropConnectors.Http;

/// <summary>One firm's circuit state, as the latest build of its HTTP pipeline left it (a configuration reload builds a new one).</summary>
internal sealed class FirmCircuit
{
    private volatile CircuitBreakerStateProvider? _state;

    public void Set(CircuitBreakerStateProvider state) => _state = state;

    /// <summary>Whether the circuit is known to be closed (the usual case).</summary>
    public bool IsClosed => _state?.CircuitState == CircuitState.Closed;
}
