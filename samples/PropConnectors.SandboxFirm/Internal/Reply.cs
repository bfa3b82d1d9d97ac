using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>An answer decided but not yet written, so it can be logged first (or not sent at all).</summary>
internal readonly record struct Reply(int Status, byte[] Body, string ContentType, string? RetryAfter = null, string? Allow = null)
{
    private const string Json = "application/json; charset=utf-8";

    private static readonly byte[] InvalidApiKey = ErrorBytes("invalid api key");
    private static readonly byte[] OrderNotFound = ErrorBytes("order not found");
    private static readonly byte[] MalformedBytes = Encoding.UTF8.GetBytes("<html><body>sandbox: this is not JSON");

    public static Reply Unauthorized => new(401, InvalidApiKey, Json);

    public static Reply NotFoundOrder => new(404, OrderNotFound, Json);

    public static Reply Malformed => new(200, MalformedBytes, "application/json");

    public static Reply Error(int status, string message) => new(status, ErrorBytes(message), Json);

    public static Reply Of<T>(int status, T value, JsonTypeInfo<T> typeInfo) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), Json);

    public static Reply Empty(int status) => new(status, [], Json);

    private static byte[] ErrorBytes(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorReply(message), SandboxJsonContext.Default.ErrorReply);

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (RetryAfter is not null)
        {
            response.Headers.RetryAfter = RetryAfter;
        }

        if (Allow is not null)
        {
            response.Headers.Allow = Allow;
        }

        if (Status == 204)
        {
            return Task.CompletedTask;
        }

        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body).AsTask();
    }
}
