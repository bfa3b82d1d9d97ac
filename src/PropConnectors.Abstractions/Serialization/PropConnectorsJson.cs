using System.Text.Json.Serialization.Metadata;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Serialization;

/// <summary>
/// The contract's JSON (CONTRACT §2 and §5: snake_case names, <c>SCREAMING_SNAKE_CASE</c> enums, absent values left out),
/// source-generated. Hosts that serialize SDK types themselves (ASP.NET Core's <c>Results.Ok(result)</c>, a log sink)
/// add <see cref="Resolver"/> to their options' resolver chain, so that they write exactly this JSON and no second shape.
/// </summary>
public static class PropConnectorsJson
{
    /// <summary>The metadata of every type below, for <c>JsonSerializerOptions.TypeInfoResolverChain</c>.</summary>
    public static IJsonTypeInfoResolver Resolver => PropConnectorsJsonContext.Default;

    /// <summary>The order a connector sends (CONTRACT §2).</summary>
    public static JsonTypeInfo<OrderRequest> OrderRequest => PropConnectorsJsonContext.Default.OrderRequest;

    /// <summary>A connector result (CONTRACT §5).</summary>
    public static JsonTypeInfo<ConnectorResult> ConnectorResult => PropConnectorsJsonContext.Default.ConnectorResult;

    /// <summary>A request description.</summary>
    public static JsonTypeInfo<RawRequest> RawRequest => PropConnectorsJsonContext.Default.RawRequest;
}
