using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;
using SandboxFirmApi = PropConnectors.SandboxFirm.SandboxFirm;


namespace PropConnectors.EndToEnd.Tests.Support;

/// <summary>Small readers over what the sandbox saw and what the router answered.</summary>
internal static class Wire
{
    public static List<SandboxRequest> Posts(this SandboxFirmApi firm) => [.. firm.Requests.Where(r => r.Method == "POST")];

    public static List<SandboxRequest> Gets(this SandboxFirmApi firm) => [.. firm.Requests.Where(r => r.Method == "GET")];

    public static string OrdersPath(this SandboxFirmApi firm) => firm.BaseUrl.AbsolutePath.TrimEnd('/') + "/orders";

    public static string LookupPath(this SandboxFirmApi firm, string clientOrderId) => firm.OrdersPath() + "?client_order_id=" + clientOrderId;

    public static ConnectorResult For(this ExecutionResult result, string firmCode) =>
        result.ConnectorResults.Single(r => r.FirmCode == firmCode);
}
