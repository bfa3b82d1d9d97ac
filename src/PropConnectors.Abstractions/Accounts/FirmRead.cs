namespace PropConnectors.Accounts;

/// <summary>
/// What a connector's read protocol member established: the exchange (<see cref="Reply"/>, as for an order call) and,
/// when the firm answered with what was asked, the value read from it.
/// </summary>
/// <typeparam name="T">What was read.</typeparam>
/// <param name="Reply">The exchange: <see cref="FirmReplyKind.Accepted"/> when the firm answered the read.</param>
/// <param name="Value">The value, or <see langword="null"/> when the answer could not be read as one.</param>
public readonly record struct FirmRead<T>(FirmReply Reply, T? Value)
    where T : class;

/// <summary>Factories of <see cref="FirmRead{T}"/>.</summary>
public static class FirmRead
{
    /// <summary>The read is not supported by this connector (its <see cref="BasePropConnector.Capabilities"/> lack it).</summary>
    /// <typeparam name="T">What would have been read.</typeparam>
    /// <returns>The answer that says so.</returns>
    public static FirmRead<T> Unsupported<T>()
        where T : class =>
        new(FirmReply.Of(FirmReplyKind.NotSent, "not supported by this connector") with { ErrorCode = Results.ConnectorErrorCodes.NotSupported }, null);
}
