using System.Globalization;

namespace PropConnectors.SandboxFirm.Tests;

/// <summary>CONTRACT §12 on the sandbox: fills at the marks, positions and average prices, balances that follow them, resting orders.</summary>
public sealed class AccountStateTests : SandboxTestBase
{
    private Uri Url(string path) => new(Firm.BaseUrl + path);

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(Url(path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await JsonAsync(response);
    }

    private static string Order(string side, decimal quantity, string symbol = "NQ", string? accountId = null, bool reduceOnly = false, string? type = null, decimal? price = null) =>
        "{" + $"\"symbol\":\"{symbol}\",\"side\":\"{side}\",\"quantity\":{quantity.ToString(CultureInfo.InvariantCulture)}"
            + (accountId is null ? string.Empty : $",\"account_id\":\"{accountId}\"")
            + (reduceOnly ? ",\"reduce_only\":true" : string.Empty)
            + (type is null ? string.Empty : $",\"order_type\":\"{type}\"")
            + (price is null ? string.Empty : $",\"entry_price\":{price.Value.ToString(CultureInfo.InvariantCulture)}")
            + "}";

    private async Task<JsonElement> PlaceAsync(string body)
    {
        using var response = await PostOrderAsync(body, idempotencyKey: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    [Test]
    public async Task Account_Default_Is100kUsdFlat()
    {
        var account = await GetJsonAsync("/account");
        var positions = await GetJsonAsync("/positions");
        var open = await GetJsonAsync("/orders?status=open");

        Assert.That(account.GetProperty("balance").GetDecimal(), Is.EqualTo(100_000m));
        Assert.That(account.GetProperty("equity").GetDecimal(), Is.EqualTo(100_000m));
        Assert.That(account.GetProperty("day_start_balance").GetDecimal(), Is.EqualTo(100_000m));
        Assert.That(account.GetProperty("currency").GetString(), Is.EqualTo("USD"));
        Assert.That(account.TryGetProperty("account_id", out _), Is.False);
        Assert.That(positions.GetProperty("positions").GetArrayLength(), Is.Zero);
        Assert.That(open.GetProperty("orders").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task MarketOrders_FillAtTheMark_PositionAveragesAndEquityFollowsTheMark()
    {
        Firm.SetPrice("NQ", 18_000m, pointValue: 20m);
        var first = await PlaceAsync(Order("BUY", 2));
        Firm.SetPrice("NQ", 18_010m);
        await PlaceAsync(Order("BUY", 1));
        Firm.SetPrice("NQ", 18_020m);

        var position = (await GetJsonAsync("/positions")).GetProperty("positions")[0];
        var account = await GetJsonAsync("/account");

        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("FILLED"));
        Assert.That(position.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
        Assert.That(position.GetProperty("side").GetString(), Is.EqualTo("LONG"));
        Assert.That(position.GetProperty("quantity").GetDecimal(), Is.EqualTo(3m));
        Assert.That(position.GetProperty("average_price").GetDecimal(), Is.EqualTo(18_003.3333333333333333333333m).Within(0.0001m));
        Assert.That(position.GetProperty("unrealized_pnl").GetDecimal(), Is.EqualTo(1_000m).Within(0.01m)); // (18,020 − 18,003.33) × 3 × 20
        Assert.That(account.GetProperty("balance").GetDecimal(), Is.EqualTo(100_000m));
        Assert.That(account.GetProperty("equity").GetDecimal(), Is.EqualTo(101_000m).Within(0.01m));
    }

    [Test]
    public async Task ReducingFill_RealisesIntoBalance_AndRaisesTheHighWaterBalance()
    {
        Firm.SetPrice("NQ", 18_000m, pointValue: 20m);
        await PlaceAsync(Order("BUY", 3));
        Firm.SetPrice("NQ", 18_050m);
        await PlaceAsync(Order("SELL", 2));

        var account = await GetJsonAsync("/account");
        var position = (await GetJsonAsync("/positions")).GetProperty("positions")[0];

        Assert.That(account.GetProperty("balance").GetDecimal(), Is.EqualTo(102_000m)); // 50 points × 2 × 20
        Assert.That(account.GetProperty("high_water_balance").GetDecimal(), Is.EqualTo(102_000m));
        Assert.That(account.GetProperty("equity").GetDecimal(), Is.EqualTo(103_000m));
        Assert.That(position.GetProperty("quantity").GetDecimal(), Is.EqualTo(1m));
        Assert.That(position.GetProperty("average_price").GetDecimal(), Is.EqualTo(18_000m));
    }

    [Test]
    public async Task ReduceOnly_IsClippedToThePosition_AndRefusedWhenFlat()
    {
        Firm.SetPrice("NQ", 18_000m, pointValue: 20m);
        await PlaceAsync(Order("BUY", 2));

        var close = await PlaceAsync(Order("SELL", 5, reduceOnly: true));
        using var flat = await PostOrderAsync(Order("SELL", 1, reduceOnly: true), idempotencyKey: null);
        using var adding = await PostOrderAsync(Order("BUY", 1, symbol: "ES", reduceOnly: true), idempotencyKey: null);

        Assert.That(close.GetProperty("status").GetString(), Is.EqualTo("FILLED"));
        Assert.That(Firm.Orders[^1].Quantity, Is.EqualTo(2m));
        Assert.That((await GetJsonAsync("/positions")).GetProperty("positions").GetArrayLength(), Is.Zero);
        Assert.That(flat.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await ErrorAsync(flat), Is.EqualTo("reduce_only order would open or add to a position"));
        Assert.That(adding.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Firm.Orders, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task SellingMoreThanTheLong_ReversesAtTheFillPrice()
    {
        Firm.SetPrice("MNQ", 18_000m, pointValue: 2m);
        await PlaceAsync(Order("BUY", 2, symbol: "MNQ"));
        Firm.SetPrice("MNQ", 17_990m);
        await PlaceAsync(Order("SELL", 5, symbol: "MNQ"));

        var position = (await GetJsonAsync("/positions")).GetProperty("positions")[0];
        Assert.That(position.GetProperty("side").GetString(), Is.EqualTo("SHORT"));
        Assert.That(position.GetProperty("quantity").GetDecimal(), Is.EqualTo(3m));
        Assert.That(position.GetProperty("average_price").GetDecimal(), Is.EqualTo(17_990m));
        Assert.That(Firm.GetAccount()!.Balance, Is.EqualTo(99_960m)); // −10 points × 2 × 2
    }

    [Test]
    public async Task RestingLimitAndStop_AreOpenOrders_UntilAMarkCrossesThem()
    {
        Firm.SetPrice("ES", 5_000m, pointValue: 50m);
        var limit = await PlaceAsync(Order("BUY", 1, symbol: "ES", type: "LIMIT", price: 4_990m));
        var stop = await PlaceAsync(Order("SELL", 1, symbol: "ES", type: "STOP", price: 4_980m));

        var before = (await GetJsonAsync("/orders?status=open")).GetProperty("orders");
        Firm.SetPrice("ES", 4_989m);
        var afterLimit = (await GetJsonAsync("/orders?status=open")).GetProperty("orders");
        var longPosition = (await GetJsonAsync("/positions")).GetProperty("positions")[0];
        Firm.SetPrice("ES", 4_975m);

        Assert.That(limit.GetProperty("status").GetString(), Is.EqualTo("ACCEPTED"));
        Assert.That(before.GetArrayLength(), Is.EqualTo(2));
        Assert.That(before[0].GetProperty("order_id").GetString(), Is.EqualTo(limit.GetProperty("order_id").GetString()));
        Assert.That(before[0].GetProperty("order_type").GetString(), Is.EqualTo("LIMIT"));
        Assert.That(before[0].GetProperty("status").GetString(), Is.EqualTo("ACCEPTED"));
        Assert.That(afterLimit.GetArrayLength(), Is.EqualTo(1));
        Assert.That(afterLimit[0].GetProperty("order_id").GetString(), Is.EqualTo(stop.GetProperty("order_id").GetString()));
        Assert.That(longPosition.GetProperty("average_price").GetDecimal(), Is.EqualTo(4_990m)); // a limit fills at its price
        Assert.That(Firm.Orders[1].FillPrice, Is.EqualTo(4_975m)); // a stop at the mark
        Assert.That(Firm.GetAccount()!.Balance, Is.EqualTo(100_000m - (15m * 50m)));
        Assert.That(Firm.GetAccount()!.Positions, Is.Empty);
    }

    [Test]
    public async Task NamedAccounts_AreSeparate_AndAnUnknownOneIs404()
    {
        Firm.SetAccount(new SandboxAccountSettings { AccountId = "PA-1", Balance = 50_000m, DayStartBalance = 50_500m, DrawdownFloor = 47_500m });
        Firm.SetPrice("NQ", 18_000m, pointValue: 20m);
        await PlaceAsync(Order("BUY", 1, accountId: "PA-1"));

        var account = await GetJsonAsync("/account?account_id=PA-1");
        var named = (await GetJsonAsync("/positions?account_id=PA-1")).GetProperty("positions");
        var defaults = (await GetJsonAsync("/positions")).GetProperty("positions");
        using var unknownRead = await GetAsync(Url("/account?account_id=PA-9"));
        using var unknownOrder = await PostOrderAsync(Order("BUY", 1, accountId: "PA-9"), idempotencyKey: null);

        Assert.That(account.GetProperty("account_id").GetString(), Is.EqualTo("PA-1"));
        Assert.That(account.GetProperty("balance").GetDecimal(), Is.EqualTo(50_000m));
        Assert.That(account.GetProperty("day_start_balance").GetDecimal(), Is.EqualTo(50_500m));
        Assert.That(account.GetProperty("drawdown_floor").GetDecimal(), Is.EqualTo(47_500m));
        Assert.That(named.GetArrayLength(), Is.EqualTo(1));
        Assert.That(defaults.GetArrayLength(), Is.Zero);
        Assert.That(unknownRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorAsync(unknownRead), Is.EqualTo("unknown account"));
        Assert.That(unknownOrder.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reads_NeedTheKey_AndTakeFaultsByPath()
    {
        Firm.EnqueueFault(SandboxFault.Status(503) with { Method = "GET", Path = "/positions" });

        using var noKey = await GetAsync(Url("/account"), apiKey: null);
        using var account = await GetAsync(Url("/account"));
        using var positions = await GetAsync(Url("/positions"));
        using var again = await GetAsync(Url("/positions"));
        using var post = await Http.SendAsync(Request(HttpMethod.Post, Url("/account"), body: "{}"));

        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(account.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(positions.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task ControlEndpoint_SetsPricesAndAccounts()
    {
        using var control = new HttpClient { BaseAddress = Server.ControlUrl };
        using var price = await control.PutAsync($"firms/{Firm.Code}/prices/NQ", new StringContent("""{"price":18000,"point_value":20}""", Encoding.UTF8, "application/json"));
        using var badPrice = await control.PutAsync($"firms/{Firm.Code}/prices/NQ", new StringContent("""{"price":0}""", Encoding.UTF8, "application/json"));
        using var account = await control.PutAsync($"firms/{Firm.Code}/accounts", new StringContent("""{"account_id":"EVAL-1","balance":150000,"day_start_balance":149000}""", Encoding.UTF8, "application/json"));
        await PlaceAsync(Order("BUY", 1, accountId: "EVAL-1"));
        using var list = await control.GetAsync($"firms/{Firm.Code}/accounts");
        var accounts = await JsonAsync(list);

        Assert.That(price.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(badPrice.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(account.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(accounts.GetArrayLength(), Is.EqualTo(2));
        Assert.That(accounts[1].GetProperty("account_id").GetString(), Is.EqualTo("EVAL-1"));
        Assert.That(accounts[1].GetProperty("day_start_balance").GetDecimal(), Is.EqualTo(149_000m));
        Assert.That(accounts[1].GetProperty("positions")[0].GetProperty("average_price").GetDecimal(), Is.EqualTo(18_000m));
    }

    [Test]
    public async Task Reset_ForgetsAccountsAndMarks()
    {
        Firm.SetAccount(new SandboxAccountSettings { AccountId = "PA-1" });
        Firm.SetPrice("NQ", 18_000m, 20m);
        await PlaceAsync(Order("BUY", 1));

        Firm.Reset();

        Assert.That(Firm.Accounts, Has.Count.EqualTo(1));
        Assert.That(Firm.GetAccount()!.Positions, Is.Empty);
        Assert.That(Firm.GetAccount("PA-1"), Is.Null);
    }
}
