using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PropConnectors.Orders;

/// <summary>
/// Derives the deterministic client order id of CONTRACT §4 from a task id and a firm code.
/// </summary>
public static class ClientOrderIds
{
    /// <summary>The longest client order id the contract allows.</summary>
    public const int MaxLength = 40;

    private const string Prefix = "pc-";

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>
    /// Creates <c>pc-</c> followed by 32 lowercase hex characters of SHA-256 over the task id and the
    /// upper-cased firm code. The same inputs give the same id in every process, so a retried or
    /// re-delivered task reuses it and the firm can recognise the order.
    /// </summary>
    /// <param name="taskId">The task's identity (its <c>id</c>).</param>
    /// <param name="firmCode">The firm code; case does not matter.</param>
    /// <returns>A 35-character id of <c>[a-z0-9-]</c>.</returns>
    /// <exception cref="ArgumentException">The task id or firm code is empty.</exception>
    public static string Create(string taskId, string firmCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrWhiteSpace(firmCode);
        return Hash([taskId, firmCode.Trim().ToUpperInvariant()]);
    }

    /// <summary>
    /// The client order id of a task's order at one account (CONTRACT §11): for the firm's default account
    /// (<paramref name="account"/> <see langword="null"/>) the same as <see cref="Create(string, string)"/>, so part one's ids
    /// do not change; for a named account, SHA-256 over the task id, the firm code and the account's name, upper case.
    /// </summary>
    /// <param name="taskId">The task's identity.</param>
    /// <param name="firmCode">The firm code; case does not matter.</param>
    /// <param name="account">The account's name (case does not matter), or <see langword="null"/> for the default account.</param>
    /// <returns>A 35-character id of <c>[a-z0-9-]</c>.</returns>
    /// <exception cref="ArgumentException">The task id or firm code is empty.</exception>
    public static string Create(string taskId, string firmCode, string? account)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            return Create(taskId, firmCode);
        }

        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrWhiteSpace(firmCode);
        return Hash([taskId, firmCode.Trim().ToUpperInvariant(), account.Trim().ToUpperInvariant()]);
    }

    /// <summary>
    /// The client order id of the order that closes a position for a task (CONTRACT §10): derived from the task id, the
    /// firm, the account and the symbol, so that a re-delivered exit or flatten never closes twice.
    /// </summary>
    /// <param name="taskId">The task's identity.</param>
    /// <param name="firmCode">The firm code; case does not matter.</param>
    /// <param name="account">The account's name, or <see langword="null"/> for the default account.</param>
    /// <param name="symbol">The position's symbol; case does not matter.</param>
    /// <returns>A 35-character id of <c>[a-z0-9-]</c>.</returns>
    /// <exception cref="ArgumentException">The task id, firm code or symbol is empty.</exception>
    public static string ForClose(string taskId, string firmCode, string? account, string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrWhiteSpace(firmCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return Hash([taskId, firmCode.Trim().ToUpperInvariant(), account?.Trim().ToUpperInvariant() ?? string.Empty, symbol.Trim().ToUpperInvariant(), "CLOSE"]);
    }

    private static string Hash(ReadOnlySpan<string> parts)
    {
        int byteCount = parts.Length - 1;
        foreach (string part in parts)
        {
            byteCount += Encoding.UTF8.GetByteCount(part);
        }

        byte[]? rented = null;
        Span<byte> input = byteCount <= 512 ? stackalloc byte[byteCount] : (rented = ArrayPool<byte>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        try
        {
            // A zero byte separates the parts so ("ab", "C") and ("a", "bC") can never collide.
            int written = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    input[written++] = 0;
                }

                written += Encoding.UTF8.GetBytes(parts[i], input[written..]);
            }

            // One incremental hash per thread, reset after each use: the same SHA-256 as SHA256.HashData without creating
            // and freeing a native digest context on every order.
            IncrementalHash sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(input);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            sha256.GetHashAndReset(hash);
            Span<char> chars = stackalloc char[Prefix.Length + 32];
            Prefix.AsSpan().CopyTo(chars);
            Convert.TryToHexStringLower(hash[..16], chars[Prefix.Length..], out _);
            return new string(chars);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether <paramref name="clientOrderId"/> is 1 to 40 characters of <c>[A-Za-z0-9_-]</c>.</summary>
    /// <param name="clientOrderId">The id to check.</param>
    /// <returns><see langword="true"/> when the id is allowed on the wire.</returns>
    public static bool IsValid(string? clientOrderId) =>
        clientOrderId is { Length: > 0 and <= MaxLength } && !clientOrderId.AsSpan().ContainsAnyExcept(Allowed);

    private static readonly SearchValues<char> Allowed = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
}
