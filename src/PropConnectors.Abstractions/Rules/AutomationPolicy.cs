namespace PropConnectors.Rules;

/// <summary>What a firm's published rules say about automated trading (CONTRACT §13 rule 2).</summary>
public enum AutomationPolicy
{
    /// <summary>Automated orders are allowed.</summary>
    Allowed = 0,

    /// <summary>Allowed under conditions the trader must accept (for example no order flooding): live entries need <c>AcknowledgeAutomationPolicy</c>.</summary>
    Restricted = 1,

    /// <summary>The firm prohibits automated orders: live entries need <c>AcknowledgeAutomationPolicy</c>, and the risk is the trader's.</summary>
    Prohibited = 2,
}
