using System.Text.Json;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>The fields of a CONTRACT §2 order body that the sandbox checks and keeps.</summary>
internal sealed record ValidOrder(string? ClientOrderId, string Symbol, string Side, decimal Quantity, string OrderType)
{
    public string? AccountId { get; init; }

    public decimal? Price { get; init; }

    public bool ReduceOnly { get; init; }
}

/// <summary>Minimal, strict validation of a CONTRACT §2 order body (the SDK is expected to send it normalized).</summary>
internal static class OrderBody
{
    /// <summary>Parses and validates; on failure returns null and the HTTP status (400 not JSON, 422 invalid) and message.</summary>
    public static ValidOrder? Validate(ReadOnlyMemory<byte> body, out int errorStatus, out string? error)
    {
        errorStatus = 0;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            errorStatus = 400;
            error = "request body is not valid JSON";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(422, "request body must be a JSON object", out errorStatus, out error);
            }

            string? clientOrderId = null;
            if (root.TryGetProperty("client_order_id", out var cid))
            {
                clientOrderId = cid.ValueKind == JsonValueKind.String ? cid.GetString() : null;
                if (!IsValidClientOrderId(clientOrderId))
                {
                    return Fail(422, "client_order_id must be 1 to 40 characters of [A-Za-z0-9_-]", out errorStatus, out error);
                }
            }

            if (!root.TryGetProperty("symbol", out var symbolElement)
                || symbolElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(symbolElement.GetString()))
            {
                return Fail(422, "symbol is required", out errorStatus, out error);
            }

            if (!root.TryGetProperty("side", out var sideElement)
                || sideElement.ValueKind != JsonValueKind.String
                || sideElement.GetString() is not ("BUY" or "SELL"))
            {
                return Fail(422, "side must be BUY or SELL", out errorStatus, out error);
            }

            if (!root.TryGetProperty("quantity", out var quantityElement)
                || quantityElement.ValueKind != JsonValueKind.Number
                || !quantityElement.TryGetDecimal(out var quantity)
                || quantity <= 0)
            {
                return Fail(422, "quantity must be a number greater than 0", out errorStatus, out error);
            }

            var orderType = "MARKET";
            if (root.TryGetProperty("order_type", out var typeElement))
            {
                if (typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not ("MARKET" or "LIMIT" or "STOP"))
                {
                    return Fail(422, "order_type must be MARKET, LIMIT or STOP", out errorStatus, out error);
                }

                orderType = typeElement.GetString()!;
            }

            return ReadPrice(root, new ValidOrder(clientOrderId, symbolElement.GetString()!, sideElement.GetString()!, quantity, orderType), out errorStatus, out error) is { } priced
                ? ReadAccountFields(root, priced, out errorStatus, out error)
                : null;
        }
    }

    private static ValidOrder? ReadPrice(JsonElement root, ValidOrder order, out int errorStatus, out string? error)
    {
        errorStatus = 0;
        error = null;
        decimal? price = null;
        if (root.TryGetProperty("entry_price", out var priceElement))
        {
            if (priceElement.ValueKind != JsonValueKind.Number || !priceElement.TryGetDecimal(out var given) || given <= 0)
            {
                return Fail(422, "entry_price must be a number greater than 0", out errorStatus, out error);
            }

            price = given;
        }

        return order.OrderType != "MARKET" && price is null
            ? Fail(422, $"{order.OrderType} order needs entry_price greater than 0", out errorStatus, out error)
            : order with { Price = price };
    }

    private static ValidOrder? ReadAccountFields(JsonElement root, ValidOrder order, out int errorStatus, out string? error)
    {
        errorStatus = 0;
        error = null;
        string? accountId = null;
        if (root.TryGetProperty("account_id", out var accountElement))
        {
            if (accountElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(accountElement.GetString()))
            {
                return Fail(422, "account_id must be a non-empty string", out errorStatus, out error);
            }

            accountId = accountElement.GetString();
        }

        var reduceOnly = false;
        if (root.TryGetProperty("reduce_only", out var reduceElement))
        {
            if (reduceElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Fail(422, "reduce_only must be true or false", out errorStatus, out error);
            }

            reduceOnly = reduceElement.GetBoolean();
        }

        return order with { AccountId = accountId, ReduceOnly = reduceOnly };
    }

    internal static bool IsValidClientOrderId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 40)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static ValidOrder? Fail(int status, string message, out int errorStatus, out string? error)
    {
        errorStatus = status;
        error = message;
        return null;
    }
}
