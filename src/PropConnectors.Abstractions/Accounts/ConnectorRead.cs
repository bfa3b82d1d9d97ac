using PropConnectors.Results;

namespace PropConnectors.Accounts;

/// <summary>
/// The result of reading an account's state, positions or working orders. Like <see cref="ConnectorResult"/>, a failure is
/// a value: <see cref="Status"/> other than <see cref="ConnectorStatus.Success"/> with an <see cref="ErrorCode"/> and a
/// human <see cref="ErrorMessage"/>, never a secret.
/// </summary>
/// <typeparam name="T">What was read.</typeparam>
public sealed record ConnectorRead<T>
    where T : class
{
    /// <summary>The firm code.</summary>
    public required string FirmCode { get; init; }

    /// <summary>The account's name, or <see langword="null"/> for the firm's default account.</summary>
    public string? Account { get; init; }

    /// <summary>The outcome: <see cref="ConnectorStatus.Success"/>, <see cref="ConnectorStatus.Failed"/>, <see cref="ConnectorStatus.Retry"/> or <see cref="ConnectorStatus.Skipped"/> (dry-run: nothing is sent).</summary>
    public required ConnectorStatus Status { get; init; }

    /// <summary>What was read, on success.</summary>
    public T? Value { get; init; }

    /// <summary>The machine-readable error code; <see langword="null"/> on success.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A human explanation of a non-success result.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="ConnectorStatus.Success"/> (then <see cref="Value"/> is set).</summary>
    public bool IsSuccess => Status == ConnectorStatus.Success && Value is not null;

    internal static ConnectorRead<T> Of(BasePropConnector connector, T value) =>
        new() { FirmCode = connector.FirmCode, Account = connector.Account, Status = ConnectorStatus.Success, Value = value };

    internal static ConnectorRead<T> From(ConnectorResult failure, string? account) => new()
    {
        FirmCode = failure.FirmCode,
        Account = account,
        Status = failure.Status == ConnectorStatus.Unknown ? ConnectorStatus.Retry : failure.Status, // a read changes nothing: not knowing is worth a retry
        ErrorCode = failure.ErrorCode,
        ErrorMessage = failure.ErrorMessage,
    };
}
