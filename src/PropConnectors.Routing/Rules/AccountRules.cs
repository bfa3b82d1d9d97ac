namespace PropConnectors.Routing.Rules;

/// <summary>What the pre-trade rules read beside the account itself: the kill switch, the highest balances seen and the clock.</summary>
internal sealed record AccountRules(KillSwitch KillSwitch, IHighestBalanceStore HighestBalances, TimeProvider Time)
{
    public DayStartBalances DayStarts { get; } = new();

    /// <summary>The account as the rules see it: the firm's day-start balance, else the first balance read this trading day.</summary>
    public Accounts.AccountState WithDayStart(BasePropConnector connector, Accounts.AccountState account)
    {
        if (account.DayStartBalance is not null || ZonedTime.TryParse(connector.Options.DayStartsAt ?? connector.Options.FirmRules.DayStartsAt) is not { } dayStarts)
        {
            return account;
        }

        DateOnly day = dayStarts.TradingDay(Time.GetUtcNow());
        return account with { DayStartBalance = DayStarts.Record(connector.FirmCode, connector.Account, day, account.Balance) };
    }
}
