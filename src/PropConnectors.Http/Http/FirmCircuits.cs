using System.Collections.Concurrent;

namespace PropConnectors.Http;

/// <summary>Each firm's <see cref="FirmCircuit"/>, one object per firm for the life of the container.</summary>
internal sealed class FirmCircuits
{
    private readonly ConcurrentDictionary<string, FirmCircuit> _circuits = new(StringComparer.Ordinal);

    public FirmCircuit For(string firmCode) => _circuits.GetOrAdd(firmCode, static _ => new FirmCircuit());
}
