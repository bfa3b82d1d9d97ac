namespace PropConnectors.Routing.Rules;

/// <summary>What the pre-trade rules read beside the account itself: the kill switch and the highest balances seen.</summary>
internal sealed record AccountRules(KillSwitch KillSwitch, IHighestBalanceStore HighestBalances);
