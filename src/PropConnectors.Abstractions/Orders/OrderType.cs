using System.Text.Json.Serialization;

namespace PropConnectors.Orders;

/// <summary>The type of an order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderType>))]
public enum OrderType
{
    /// <summary>Fill at the market price. The default.</summary>
    [JsonStringEnumMemberName("MARKET")]
    Market = 0,

    /// <summary>Fill at <see cref="OrderRequest.EntryPrice"/> or better; the price is required.</summary>
    [JsonStringEnumMemberName("LIMIT")]
    Limit = 1,

    /// <summary>Becomes a market order once <see cref="OrderRequest.EntryPrice"/> (the stop trigger) trades; the price is required.</summary>
    [JsonStringEnumMemberName("STOP")]
    Stop = 2,
}
