using System.Text.Json;
using PropConnectors.Routing.Internal;

namespace PropConnectors.Routing;

/// <summary>
/// Which firms a task goes to, and the routing metadata of its payload (CONTRACT §1), for hosts that
/// want to look at a task before or after routing it.
/// </summary>
/// <remarks>
/// <c>firm_codes</c> is case-insensitive; duplicates count once; absent, <see langword="null"/> or empty means
/// every <b>enabled</b> firm. A comma-separated string (<c>"FTMO,APEX"</c>) is read as a list. A code that no
/// registered connector has becomes an <see cref="ConnectorErrorCodes.UnknownFirm"/> result. A
/// <c>firm_codes</c> that is neither a list of strings nor a string makes the task go to no firm at all
/// (<see cref="Error"/>): a malformed list must never widen to every firm.
/// </remarks>
public sealed class RoutingRules
{
    private RoutingRules(TaskPayload payload)
    {
        FirmCodes = payload.FirmCodes ?? [];
        Error = payload.FirmCodesError;
        ProgramIds = payload.ProgramIds;
        Quantity = payload.Quantity;
        RiskPercent = payload.RiskPercent;
        Symbol = payload.Symbol;
        Session = payload.Session;
        Bias = payload.Bias;
    }

    /// <summary>The firm codes the task names, trimmed and upper case, in the order given, without duplicates; empty: every enabled firm.</summary>
    public IReadOnlyList<string> FirmCodes { get; }

    /// <summary>Whether the task goes to every enabled firm (it names none and <see cref="Error"/> is <see langword="null"/>).</summary>
    public bool TargetsEveryEnabledFirm => FirmCodes.Count == 0 && Error is null;

    /// <summary>Why <c>firm_codes</c> cannot be read, or <see langword="null"/>. The task then goes to no firm.</summary>
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
    public static RoutingRules Parse(JsonElement payload) => new(TaskPayload.Read(payload));

    /// <summary>Reads the routing rules of a task. Never throws.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public static RoutingRules For(ExecutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Parse(task.Payload);
    }

    /// <summary>
    /// The firms the task goes to: each named code with its connector (or none, for an unknown code), or
    /// every enabled firm when the task names none. Empty when <see cref="Error"/> is set.
    /// </summary>
    /// <param name="registry">The registered connectors.</param>
    /// <returns>The targets, in the order named (or by firm code).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<RoutingTarget> SelectTargets(IPropConnectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Error is not null ? [] : Select(FirmCodes.Count == 0 ? null : FirmCodes, registry, logger: null, out _);
    }

    /// <summary>Selects targets; <paramref name="failed"/> lists connectors whose configuration could not even be read.</summary>
    internal static RoutingTarget[] Select(IReadOnlyList<string>? firmCodes, IPropConnectorRegistry registry, Microsoft.Extensions.Logging.ILogger? logger, out int failed)
    {
        failed = 0;
        if (firmCodes is not null)
        {
            var named = new RoutingTarget[firmCodes.Count];
            for (int i = 0; i < named.Length; i++)
            {
                string code = firmCodes[i];
                named[i] = registry.TryGet(code, out BasePropConnector? connector)
                    ? new RoutingTarget(connector.FirmCode, connector)
                    : new RoutingTarget(code, null);
            }

            return named;
        }

        IReadOnlyList<BasePropConnector> all = registry.Connectors;
        RoutingTarget[]? enabled = null;
        int count = 0;
        for (int i = 0; i < all.Count; i++)
        {
            BasePropConnector connector = all[i];
            bool isEnabled;
            try
            {
                isEnabled = connector.IsEnabled;
            }
#pragma warning disable CA1031 // One firm whose options cannot be read must not stop routing to the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                if (logger is not null)
                {
                    Log.EnabledCheckFailed(logger, connector.FirmCode, ex.GetType().Name);
                }

                continue;
            }

            if (isEnabled)
            {
                enabled ??= new RoutingTarget[all.Count];
                enabled[count++] = new RoutingTarget(connector.FirmCode, connector);
            }
        }

        if (enabled is null)
        {
            return [];
        }

        if (count != enabled.Length)
        {
            Array.Resize(ref enabled, count);
        }

        return enabled;
    }
}

/// <summary>One firm a task goes to.</summary>
/// <param name="FirmCode">The firm code, upper case (as written in the task when no connector has it).</param>
/// <param name="Connector">The firm's connector, or <see langword="null"/> when no registered connector has the code.</param>
public readonly record struct RoutingTarget(string FirmCode, BasePropConnector? Connector)
{
    /// <summary>Whether a registered connector has the firm code.</summary>
    public bool IsKnown => Connector is not null;
}
