using PropConnectors.Routing;

namespace PropConnectors.Sample;

/// <summary>
/// The trading model on the sandbox: Apex with two named accounts of different balances (an evaluation of 50,000 and a
/// funded account of 150,000), one signal sized from risk for each, a resting limit order, an exit at one account, then a
/// flatten of the firm that cancels what works and closes what is open.
/// </summary>
internal static class TradingDemo
{
    public static async Task<(IReadOnlyList<ExecutionResult> Results, bool Flat)> RunAsync(
        SandboxFirm.SandboxFirm ftmo, SandboxFirm.SandboxFirm apex, IReadOnlyDictionary<string, string> keys, TextWriter stdout, CancellationToken cancellationToken)
    {
        apex.SetAccount(new SandboxFirm.SandboxAccountSettings { AccountId = "APX-EVAL-50K", Balance = 50_000m });
        apex.SetAccount(new SandboxFirm.SandboxAccountSettings { AccountId = "APX-PA-150K", Balance = 150_000m });
        apex.SetPrice("NQ", 18_000m, pointValue: 20m);

        // Two named accounts of APEX; each inherits the firm's key and base URL and names its own account id (CONTRACT §11).
        var settings = new Dictionary<string, string?>
        {
            ["PropConnectors:Firms:APEX:Accounts:EVAL:AccountId"] = "APX-EVAL-50K",
            ["PropConnectors:Firms:APEX:Accounts:FUNDED:AccountId"] = "APX-PA-150K",
        };
        IReadOnlyList<ExecutionResult> results = await DemoCommand.RunPassAsync(
            "5. Trading model: one risk-sized signal to two Apex accounts (50,000 and 150,000), a resting limit, an exit of 3 at FUNDED, a flatten of APEX",
            dryRun: false, DemoCommand.LoadSignals("TradingSignals."), ftmo, apex, keys, stdout, cancellationToken, settings).ConfigureAwait(false);

        string[] named = ["APX-EVAL-50K", "APX-PA-150K"];
        bool flat = apex.Accounts.Where(a => named.Contains(a.AccountId)).All(a => a.Positions.Count == 0)
            && apex.Orders.Where(o => named.Contains(o.AccountId)).All(o => o.Status != "ACCEPTED");
        await stdout.WriteLineAsync(flat
            ? "After the flatten both Apex accounts are flat, with no working order."
            : "After the flatten an Apex account still holds a position or a working order.").ConfigureAwait(false);
        return (results, flat);
    }
}
