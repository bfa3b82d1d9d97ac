namespace PropConnectors.Routing;

/// <summary>One account of a firm a task goes to.</summary>
/// <param name="FirmCode">The firm code, upper case (as written in the task when no connector has it).</param>
/// <param name="Connector">The firm's connector, or <see langword="null"/> when no registered connector has the code.</param>
public readonly record struct RoutingTarget(string FirmCode, BasePropConnector? Connector)
{
    /// <summary>Whether a registered connector has the firm code.</summary>
    public bool IsKnown => Connector is not null;

    /// <summary>The named account (CONTRACT §11), or <see langword="null"/> for the firm's default account or an unknown firm.</summary>
    public string? Account => Connector?.Account;
}
