using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PropConnectors.Routing.Telemetry;
using PropConnectors.Rules;

namespace PropConnectors.Routing.Rules;

/// <summary>
/// The kill switch (CONTRACT §13 rule 1), global, per firm and per account; the strictest setting that applies wins. Set
/// in configuration (<c>EXECUTION_HALT</c> or <c>PropConnectors:Halt</c>; <c>PropConnectors:Firms:{FIRM}:Halt</c>; an
/// account's <c>Halt</c>) and at run time with <see cref="Set"/>, which wins over configuration at its own scope. Every
/// change is logged at Warning. Thread-safe.
/// </summary>
public sealed class KillSwitch
{
    private readonly IConfiguration? _configuration;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Firm, string Account), KillSwitchState> _runtime = new();

    /// <summary>Creates the kill switch over <paramref name="configuration"/> (none: everything is <see cref="KillSwitchState.Active"/> until set).</summary>
    /// <param name="configuration">Where the configured states are read, at every check.</param>
    /// <param name="logger">Where changes and unreadable values are logged.</param>
    public KillSwitch(IConfiguration? configuration = null, ILogger<KillSwitch>? logger = null)
    {
        _configuration = configuration;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Sets the state at run time: globally (no firm), for a firm (no account), or for one account of a firm.</summary>
    /// <param name="state">The new state.</param>
    /// <param name="firmCode">The firm, or <see langword="null"/> for the global switch.</param>
    /// <param name="account">The account name of <paramref name="firmCode"/>, or <see langword="null"/> for the whole firm.</param>
    public void Set(KillSwitchState state, string? firmCode = null, string? account = null)
    {
        if (firmCode is null && account is not null)
        {
            throw new ArgumentException("An account is named with its firm.", nameof(account));
        }

        (string, string) key = (firmCode is null ? string.Empty : FirmCodes.Normalize(firmCode), account ?? string.Empty);
        KillSwitchState before = _runtime.TryGetValue(key, out KillSwitchState known) ? known : KillSwitchState.Active;
        _runtime[key] = state;
        Log.KillSwitchChanged(_logger, firmCode ?? "(all firms)", account ?? "(all accounts)", Name(before), Name(state));
        RoutingTelemetry.KillSwitchChanges.Add(1, new KeyValuePair<string, object?>("scope", firmCode is null ? "global" : account is null ? "firm" : "account"), new KeyValuePair<string, object?>("state", Name(state)));
    }

    /// <summary>The state that applies to one account: the strictest of the global, firm and account settings.</summary>
    /// <param name="connector">The account's connector.</param>
    /// <returns>The state.</returns>
    public KillSwitchState For(BasePropConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        string firm = connector.FirmCode;
        KillSwitchState state = Runtime(string.Empty, string.Empty) ?? Configured(_configuration?["EXECUTION_HALT"] ?? _configuration?["PropConnectors:Halt"], "EXECUTION_HALT");
        state = Max(state, Runtime(firm, string.Empty) ?? Configured(_configuration?[$"PropConnectors:Firms:{firm}:Halt"], $"PropConnectors:Firms:{firm}:Halt"));
        return connector.Account is { } account
            ? Max(state, Runtime(firm, account) ?? Configured(connector.Options.Halt, $"PropConnectors:Firms:{firm}:Accounts:{account}:Halt"))
            : Max(state, Configured(connector.Options.Halt, $"PropConnectors:Firms:{firm}:Halt"));
    }

    /// <summary>Reads <c>active</c>, <c>reduce_only</c> or <c>halted</c> (any case, <c>-</c> or <c>_</c>); anything else is <see cref="KillSwitchState.ReduceOnly"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="valid">Whether the text was one of the three.</param>
    /// <returns>The state.</returns>
    public static KillSwitchState Parse(string text, out bool valid)
    {
        ArgumentNullException.ThrowIfNull(text);
        KillSwitchState? state = text.Trim().Replace('-', '_').ToUpperInvariant() switch
        {
            "ACTIVE" => KillSwitchState.Active,
            "REDUCE_ONLY" or "REDUCEONLY" => KillSwitchState.ReduceOnly,
            "HALTED" => KillSwitchState.Halted,
            _ => null,
        };
        valid = state is not null;
        return state ?? KillSwitchState.ReduceOnly; // a value nobody can read must not leave entries open
    }

    /// <summary>The contract's name of a state: <c>active</c>, <c>reduce_only</c> or <c>halted</c>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The name.</returns>
    public static string Name(KillSwitchState state) => state switch
    {
        KillSwitchState.Halted => "halted",
        KillSwitchState.ReduceOnly => "reduce_only",
        _ => "active",
    };

    private KillSwitchState? Runtime(string firm, string account) => _runtime.TryGetValue((firm, account), out KillSwitchState state) ? state : null;

    private KillSwitchState Configured(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return KillSwitchState.Active;
        }

        KillSwitchState state = Parse(text, out bool valid);
        if (!valid)
        {
            Log.KillSwitchUnreadable(_logger, key);
        }

        return state;
    }

    private static KillSwitchState Max(KillSwitchState a, KillSwitchState b) => a >= b ? a : b;
}
