using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for the wire types of CONTRACT §2 and §5: snake_case names,
/// <c>SCREAMING_SNAKE_CASE</c> enums, absent values left out. No reflection at run time. Public through <see cref="PropConnectorsJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(ConnectorResult))]
[JsonSerializable(typeof(RawRequest))]
[JsonSerializable(typeof(IReadOnlyList<ConnectorResult>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class PropConnectorsJsonContext : JsonSerializerContext;
