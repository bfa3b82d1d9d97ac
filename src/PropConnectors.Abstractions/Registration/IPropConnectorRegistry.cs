using System.Diagnostics.CodeAnalysis;

namespace PropConnectors.Registration;

/// <summary>The registered connectors by firm code (case-insensitive).</summary>
public interface IPropConnectorRegistry
{
    /// <summary>Every registered connector, ordered by firm code.</summary>
    IReadOnlyList<BasePropConnector> Connectors { get; }

    /// <summary>Finds the connector of a firm code, in any case.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="connector">The connector, when found.</param>
    /// <returns><see langword="true"/> when a connector has this code.</returns>
    bool TryGet(string? firmCode, [NotNullWhen(true)] out BasePropConnector? connector);

    /// <summary>The connectors whose firm is enabled now (configuration is re-read on every call).</summary>
    /// <returns>The enabled connectors, ordered by firm code.</returns>
    IReadOnlyList<BasePropConnector> GetEnabled();
}
