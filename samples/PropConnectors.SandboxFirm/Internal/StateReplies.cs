using System.Runtime.CompilerServices;
using Microsoft.Extensions.Primitives;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>CONTRACT §12's reads: <c>GET /account</c>, <c>/positions</c> and <c>/orders?status=open</c>, for the account the <c>account_id</c> query names.</summary>
internal static class StateReplies
{
    private static readonly Reply UnknownAccount = Reply.Error(404, "unknown account");

    public static Reply Read(SandboxFirm firm, string read, StringValues accountIdQuery)
    {
        if (AccountId(accountIdQuery) is not { } accountId || firm.GetAccount(accountId.Value) is not { } account)
        {
            return UnknownAccount;
        }

        if (read == "account")
        {
            var reply = new AccountReply(account.AccountId, account.Balance, account.Equity, account.DayStartBalance, account.Currency, account.HighWaterBalance, account.DrawdownFloor);
            return Reply.Of(200, reply, SandboxJsonContext.Default.AccountReply);
        }

        var positions = account.Positions.Select(p => new PositionReply(p.Symbol, p.Side, p.Quantity, p.AveragePrice, p.UnrealizedPnl)).ToArray();
        return Reply.Of(200, new PositionsReply(positions), SandboxJsonContext.Default.PositionsReply);
    }

    public static Reply OpenOrders(SandboxFirm firm, StringValues accountIdQuery)
    {
        if (AccountId(accountIdQuery) is not { } accountId || firm.OpenOrders(accountId.Value) is not { } open)
        {
            return UnknownAccount;
        }

        var orders = open.Select(o => new OrderReply(o.OrderId, o.Status, o.ClientOrderId, o.Symbol, o.Side, o.Quantity, o.OrderType)).ToArray();
        return Reply.Of(200, new OpenOrdersReply(orders), SandboxJsonContext.Default.OpenOrdersReply);
    }

    // Absent: the default account. Repeated or empty: no account (a firm would not guess).
    private static StrongBox<string?>? AccountId(StringValues query) => query.Count switch
    {
        0 => new StrongBox<string?>(null),
        1 when !string.IsNullOrWhiteSpace(query[0]) => new StrongBox<string?>(query[0]),
        _ => null,
    };
}
