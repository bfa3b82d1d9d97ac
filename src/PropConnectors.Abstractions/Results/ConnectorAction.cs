namespace PropConnectors.Results;

/// <summary>One thing an <c>EXIT</c>, <c>FLATTEN</c> or <c>CANCEL</c> did at an account (CONTRACT §10).</summary>
public sealed record ConnectorAction
{
    /// <summary>A close or a cancel.</summary>
    public required ConnectorActionKind Kind { get; init; }

    /// <summary>The symbol acted on.</summary>
    public required string Symbol { get; init; }

    /// <summary>The quantity closed (for a close), or the cancelled order's quantity when known.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>How the action ended.</summary>
    public required ConnectorStatus Status { get; init; }

    /// <summary>The firm's id of the closing order, or of the order cancelled.</summary>
    public string? ExternalOrderId { get; init; }

    /// <summary>The client order id of the closing order (deterministic per task, firm, account and symbol).</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The error code when the action did not succeed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A human explanation when the action did not succeed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The action of a connector call's result.</summary>
    /// <param name="kind">A close or a cancel.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="quantity">The quantity, when known.</param>
    /// <param name="result">The connector's result of the close or cancel.</param>
    /// <returns>The action.</returns>
    public static ConnectorAction Of(ConnectorActionKind kind, string symbol, decimal? quantity, ConnectorResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            Kind = kind,
            Symbol = symbol,
            Quantity = quantity,
            Status = result.Status,
            ExternalOrderId = result.ExternalOrderId,
            ClientOrderId = result.ClientOrderId,
            ErrorCode = result.ErrorCode,
            ErrorMessage = result.ErrorMessage,
        };
    }
}
