namespace PropConnectors.Orders;

/// <summary>One problem of an order: the field it is about and a sentence that names it.</summary>
/// <param name="Field">The field on the wire (for example <c>quantity</c>), or <c>payload</c> for the whole payload.</param>
/// <param name="Message">A sentence that starts with the field's name, for example <c>quantity must be greater than zero (got 0).</c></param>
public readonly record struct OrderError(string Field, string Message)
{
    /// <summary>Joins problems into one message, in the order found: <c>symbol is missing. quantity is missing.</c></summary>
    /// <param name="errors">The problems.</param>
    /// <returns>The message, or <see langword="null"/> when there is none.</returns>
    public static string? Join(IReadOnlyList<OrderError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? null : string.Join(" ", errors.Select(e => e.Message));
    }
}
