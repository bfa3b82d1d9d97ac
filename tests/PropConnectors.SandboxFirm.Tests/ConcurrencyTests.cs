namespace PropConnectors.SandboxFirm.Tests;

public sealed class ConcurrencyTests : SandboxTestBase
{
    [Test]
    public async Task PostOrder_200ConcurrentDistinctKeys_Creates200Orders()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await PostOrderAsync(OrderJson($"pc-{i}"), idempotencyKey: $"pc-{i}");
            return response.StatusCode;
        }));

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(Firm.Orders.Select(o => o.OrderId).ToList(), Is.Unique.And.Count.EqualTo(200));
        Assert.That(Firm.Orders.Select(o => o.ClientOrderId), Is.Unique);
        Assert.That(Firm.Requests, Has.Count.EqualTo(200));
    }

    [Test]
    public async Task PostOrder_50ConcurrentSameKey_CreatesOneOrder()
    {
        var orderIds = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await PostOrderAsync(OrderJson("pc-race"), idempotencyKey: "pc-race");
            return (await JsonAsync(response)).GetProperty("order_id").GetString();
        }));

        Assert.That(orderIds.Distinct(), Has.Exactly(1).Items);
        Assert.That(Firm.Orders, Has.Count.EqualTo(1));
    }
}
