using System.Text.Json;
using Microsoft.Extensions.Logging;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Routing.Payload;
using PropConnectors.Routing.Telemetry;

namespace PropConnectors.Routing;

/// <summary>
/// Which firms a task goes to, and the routing metadata of its payload (CONTRACT §1). The router selects its targets
/// with it; hosts can use it to look at a task before or after routing it.
/// </summary>
/// <remarks>
/// <c>firm_codes</c> is case-insensitive; an entry is <c>FIRM</c> (every enabled account of the firm) or <c>FIRM:ACCOUNT</c>; duplicates count once; absent, <see langword="null"/> or an empty list means every
/// <b>enabled</b> firm. A comma-separated string (<c>"FTMO,APEX"</c>) is read as a list. A code that no registered connector
/// has becomes an <see cref="ConnectorErrorCodes.UnknownFirm"/> result. A <c>firm_codes</c> that names nothing
/// (<c>[null]</c>, <c>[""]</c>) or is not a list of strings makes the task go to no firm at all (<see cref="Error"/>): a
/// malformed list must never widen to every firm.
/// </remarks>
public sealed class RoutingRules
{
    private RoutingRules(TaskPayload payload)
    {
        FirmCodes = payload.FirmCodes ?? [];
        Error = payload.FirmCodesError;
        ProgramIds = payload.ProgramIds;
        Quantity = payload.Order.Quantity;
        RiskPercent = payload.Order.RiskPercent;
        Symbol = payload.Order.Symbol;
        Session = payload.Order.Session;
        Bias = payload.Order.Bias;
    }

    /// <summary>The firm codes the task names, trimmed and upper case, in the order given, without duplicates; empty: every enabled firm.</summary>
    public IReadOnlyList<string> FirmCodes { get; }

    /// <summary>Whether the task goes to every enabled firm (it names none and <see cref="Error"/> is <see langword="null"/>).</summary>
    public bool TargetsEveryEnabledFirm => FirmCodes.Count == 0 && Error is null;

    /// <summary>Why <c>firm_codes</c> cannot be used, or <see langword="null"/>. The task then goes to no firm.</summary>
    public string? Error { get; }

    /// <summary>The firm programs (accounts) the signal is meant for, if given and readable.</summary>
    public IReadOnlyList<long>? ProgramIds { get; }

    /// <summary>The quantity, if given and readable.</summary>
    public decimal? Quantity { get; }

    /// <summary>The fraction of the account the signal risks, if given and readable.</summary>
    public decimal? RiskPercent { get; }

    /// <summary>The symbol, trimmed, if given.</summary>
    public string? Symbol { get; }

    /// <summary>The trading session (for example <c>NY AM</c>), if given.</summary>
    public string? Session { get; }

    /// <summary>The bias (for example <c>Bullish</c>), if given.</summary>
    public string? Bias { get; }

    /// <summary>Reads the routing rules of a task payload. Never throws.</summary>
    /// <param name="payload">The task payload.</param>
    /// <returns>The rules.</returns>
    public static RoutingRules Parse(JsonElement payload) => new(PayloadReader.Read(payload));

    /// <summary>Reads the routing rules of a task. Never throws.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public static RoutingRules For(ExecutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Parse(task.Payload);
    }

    internal static RoutingRules From(TaskPayload payload) => new(payload);

    /// <summary>
    /// The firms the task goes to: each named code with its connector (or none, for an unknown code), or every enabled
    /// firm when the task names none. Empty when <see cref="Error"/> is set.
    /// </summary>
    /// <param name="registry">The registered connectors.</param>
    /// <returns>The targets, in the order named (or by firm code).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<RoutingTarget> SelectTargets(IPropConnectorRegistry registry) => SelectTargets(registry, logger: null, out _);

    // FIRM:ACCOUNT is that account; FIRM is every enabled account of the firm (all of them when none is enabled, so that
    // each says why); a code no connector has is a target without one. An account named twice counts once.
    private static void AddNamed(IPropConnectorRegistry registry, string code, List<RoutingTarget> targets)
    {
        IReadOnlyList<BasePropConnector> accounts = code.Contains(':', StringComparison.Ordinal)
            ? (registry.TryGet(code, out BasePropConnector? account) ? [account] : [])
            : registry.GetAccounts(code);
        if (accounts.Count == 0)
        {
            targets.Add(new RoutingTarget(code, null));
            return;
        }

        BasePropConnector[] enabled = [.. accounts.Where(IsEnabledSafely)];
        foreach (BasePropConnector connector in enabled.Length > 0 ? enabled : accounts)
        {
            if (!targets.Exists(t => ReferenceEquals(t.Connector, connector)))
            {
                targets.Add(new RoutingTarget(connector.FirmCode, connector));
            }
        }
    }

    private static bool IsEnabledSafely(BasePropConnector connector)
    {
        try
        {
            return connector.IsEnabled;
        }
#pragma warning disable CA1031 // A firm whose options cannot be read is not enabled.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>Selects targets; <paramref name="unreadable"/> counts firms whose configuration could not even be read.</summary>
    internal IReadOnlyList<RoutingTarget> SelectTargets(IPropConnectorRegistry registry, ILogger? logger, out int unreadable)
    {
        ArgumentNullException.ThrowIfNull(registry);
        unreadable = 0;
        if (Error is not null)
        {
            return [];
        }

        if (FirmCodes.Count > 0)
        {
            var named = new List<RoutingTarget>(FirmCodes.Count);
            foreach (string code in FirmCodes)
            {
                AddNamed(registry, code, named);
            }

            return named;
        }

        var enabled = new List<RoutingTarget>();
        foreach (BasePropConnector connector in registry.Connectors)
        {
            try
            {
                if (connector.IsEnabled)
                {
                    enabled.Add(new RoutingTarget(connector.FirmCode, connector));
                }
            }
#pragma warning disable CA1031 // One firm whose options cannot be read must not stop routing to the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                unreadable++;
                if (logger is not null)
                {
                    Log.EnabledCheckFailed(logger, connector.FirmCode, ex.GetType().Name);
                }
            }
        }

        return enabled;
    }
}
