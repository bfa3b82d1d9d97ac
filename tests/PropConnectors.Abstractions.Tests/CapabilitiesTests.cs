using PropConnectors.Abstractions.Tests.Support;
using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Abstractions.Tests;

/// <summary>A connector that cannot do a read or a close says so, and what needs it fails closed with nothing sent.</summary>
public sealed class CapabilitiesTests
{
    private static (TestHost Host, AcmeConnector Acme) CreateAcme()
    {
        var host = TestHost.Create(s =>
        {
            foreach ((string key, string? value) in AcmeConnector.Configuration)
            {
                s.Configuration[key] = value;
            }

            s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
        });
        return (host, (AcmeConnector)host.Registry.Connectors.Single(c => c.FirmCode == "ACME"));
    }

    [Test]
    public async Task Reads_NotOverridden_AreNotSupported()
    {
        (TestHost host, AcmeConnector acme) = CreateAcme();
        using (host)
        {
            ConnectorRead<AccountState> account = await acme.GetAccountStateAsync();
            ConnectorRead<IReadOnlyList<Position>> positions = await acme.GetPositionsAsync();
            ConnectorRead<IReadOnlyList<WorkingOrder>> orders = await acme.GetOpenOrdersAsync();

            Assert.Multiple(() =>
            {
                Assert.That(acme.Capabilities, Is.EqualTo(ConnectorCapabilities.None));
                Assert.That(new[] { account.ErrorCode, positions.ErrorCode, orders.ErrorCode }, Is.All.EqualTo(ConnectorErrorCodes.NotSupported));
                Assert.That(new[] { account.Status, positions.Status, orders.Status }, Is.All.EqualTo(ConnectorStatus.Failed));
            });
        }
    }

    [Test]
    public async Task ReduceOnlyOrder_WithoutTheCapability_IsNotSupportedAndNotSent()
    {
        (TestHost host, AcmeConnector acme) = CreateAcme();
        using (host)
        {
            OrderRequest close = TestOrders.Ftmo() with { Symbol = "ACME1", Side = OrderSide.Sell, ReduceOnly = true, ClientOrderId = ClientOrderIds.ForClose("t-1", "ACME", null, "ACME1") };

            ConnectorResult result = await acme.PlaceOrderAsync(close);

            Assert.Multiple(() =>
            {
                Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
                Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NotSupported));
                Assert.That(acme.Sent, Is.Zero);
            });
        }
    }
}
