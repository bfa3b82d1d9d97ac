namespace PropConnectors.SandboxFirm.Internal;

/// <summary>The control endpoint's market and accounts: marks (<c>PUT /_sandbox/firms/{code}/prices/{symbol}</c>) and accounts (<c>GET</c>/<c>PUT /_sandbox/firms/{code}/accounts</c>).</summary>
internal sealed class TradingControlEndpoints(ControlEndpoints control)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/_sandbox/firms/{code}/prices/{symbol}", new RequestDelegate(SetPriceAsync));
        endpoints.MapGet("/_sandbox/firms/{code}/accounts", new RequestDelegate(GetAccountsAsync));
        endpoints.MapPut("/_sandbox/firms/{code}/accounts", new RequestDelegate(SetAccountAsync));
    }

    private async Task SetPriceAsync(HttpContext context)
    {
        var symbol = (string)context.Request.RouteValues["symbol"]!;
        var (body, error) = await ControlEndpoints.ReadAsync(context, SandboxJsonContext.Default.PriceRequest).ConfigureAwait(false);
        await control.WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (body!.Price is not > 0 || body.PointValue is <= 0)
            {
                return Reply.Error(400, "price must be greater than 0 (and point_value, when given)");
            }

            firm.SetPrice(symbol, body.Price.Value, body.PointValue);
            return Reply.Empty(204);
        }).ConfigureAwait(false);
    }

    private Task GetAccountsAsync(HttpContext context) =>
        control.WithFirm(context, firm => Reply.Of(200, firm.Accounts.ToArray(), SandboxJsonContext.Default.SandboxAccountArray));

    private async Task SetAccountAsync(HttpContext context)
    {
        var (body, error) = await ControlEndpoints.ReadAsync(context, SandboxJsonContext.Default.AccountRequest).ConfigureAwait(false);
        await control.WithFirm(context, firm =>
        {
            if (error is not null)
            {
                return error.Value;
            }

            if (body!.Balance is not > 0 || body.AccountId is { } id && string.IsNullOrWhiteSpace(id))
            {
                return Reply.Error(400, "balance must be greater than 0, and account_id (absent for the default account) not blank");
            }

            firm.SetAccount(new SandboxAccountSettings
            {
                AccountId = body.AccountId,
                Balance = body.Balance.Value,
                DayStartBalance = body.DayStartBalance,
                HighWaterBalance = body.HighWaterBalance,
                DrawdownFloor = body.DrawdownFloor,
                Currency = string.IsNullOrWhiteSpace(body.Currency) ? "USD" : body.Currency,
            });
            return Reply.Of(200, firm.GetAccount(body.AccountId)!, SandboxJsonContext.Default.SandboxAccount);
        }).ConfigureAwait(false);
    }
}
