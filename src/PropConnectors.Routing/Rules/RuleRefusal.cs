namespace PropConnectors.Routing.Rules;

/// <summary>The first pre-trade rule an order breaks: its error code and a message that names the numbers.</summary>
internal readonly record struct RuleRefusal(string Code, string Message);
