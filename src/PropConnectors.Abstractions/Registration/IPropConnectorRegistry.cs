using System.Diagnostics.CodeAnalysis;

namespace PropConnectors.Registration;

/// <summary>
/// The registered connectors by firm code (case-insensitive): one per firm for its default account, and one per named
/// account (<c>FIRM:ACCOUNT</c>) when configuration names accounts (CONTRACT §11).
/// </summary>
public interface IPropConnectorRegistry
{
    /// <summary>Every account's connector (the named accounts of a firm that has them, else its default account), ordered by firm code.</summary>
    IReadOnlyList<BasePropConnector> Connectors { get; }

    /// <summary>Finds a connector, in any case: <c>FIRM</c> is the firm's default account, <c>FIRM:ACCOUNT</c> a named account.</summary>
    /// <param name="firmCode">The firm code, or <c>FIRM:ACCOUNT</c>.</param>
    /// <param name="connector">The connector, when found.</param>
    /// <returns><see langword="true"/> when a connector has this code.</returns>
    bool TryGet(string? firmCode, [NotNullWhen(true)] out BasePropConnector? connector);

    /// <summary>The accounts a task naming <paramref name="firmCode"/> goes to: the firm's named accounts, or its default account when it has none; empty for an unknown firm.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The accounts' connectors, in configuration order.</returns>
    IReadOnlyList<BasePropConnector> GetAccounts(string? firmCode);

    /// <summary>The connectors whose firm is enabled now (configuration is re-read on every call).</summary>
    /// <returns>The enabled connectors, ordered by firm code.</returns>
    IReadOnlyList<BasePropConnector> GetEnabled();
}
