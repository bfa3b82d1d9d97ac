using System.Text.Json.Serialization;

namespace PropConnectors.Orders;

/// <summary>The side of an order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderSide>))]
public enum OrderSide
{
    /// <summary>Buy (long).</summary>
    [JsonStringEnumMemberName("BUY")]
    Buy = 1,

    /// <summary>Sell (short).</summary>
    [JsonStringEnumMemberName("SELL")]
    Sell = 2,
}
