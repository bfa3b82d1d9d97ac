namespace PropConnectors.Routing.Rules;

/// <summary>What the pre-trade rules read beside the account itself: the kill switch, the highest balances seen and the clock.</summary>
internal sealed record AccountRules(KillSwitch KillSwitch, IHighestBalanceStore HighestBalances, TimeProvider Time);
