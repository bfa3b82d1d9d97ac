using System.Globalization;
using System.Text;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>What a hostile or broken firm answers: echoes of the key in escaped form, lies, and answers cut or dripped.</summary>
internal static class HostileReplies
{
    /// <summary>The <c>client_order_id</c> of the order a lying lookup answers with.</summary>
    public const string ForeignClientOrderId = "pc-0000000000000000000000000000f0e1";

    public static Reply ForeignOrder(SandboxFirm firm) =>
        Reply.Of(200, new OrderReply($"{firm.Code}-FOREIGN", "FILLED", ForeignClientOrderId, "NQ", "BUY", 1, "MARKET"), SandboxJsonContext.Default.OrderReply);

    public static Reply EchoedError(int status, string authorization) =>
        new(status, Encoding.UTF8.GetBytes($"{{\"error\":\"request refused: {Escaped(authorization)}\"}}"), "application/json");

    /// <summary>The answer with an <c>echo</c> property holding the escaped header (or the bare echo when the answer is not an object).</summary>
    public static Reply WithEcho(Reply reply, string authorization)
    {
        string echo = $"\"echo\":\"{Escaped(authorization)}\"";
        string body = reply.Body.Length > 1 && reply.Body[0] == (byte)'{'
            ? "{" + echo + "," + Encoding.UTF8.GetString(reply.Body, 1, reply.Body.Length - 1)
            : "{" + echo + "}";
        return reply with { Body = Encoding.UTF8.GetBytes(body), ContentType = "application/json" };
    }

    public static async Task WriteTruncatedAsync(HttpContext context, Reply reply)
    {
        HttpResponse response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = reply.ContentType;
        response.ContentLength = reply.Body.Length;
        await response.Body.WriteAsync(reply.Body.AsMemory(0, reply.Body.Length / 2)).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
        context.Abort();
    }

    public static async Task WriteTrickledAsync(HttpContext context, Reply reply, TimeSpan perByte, TimeProvider time, CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = reply.ContentType;
        response.ContentLength = reply.Body.Length;
        for (int i = 0; i < reply.Body.Length; i++)
        {
            await response.Body.WriteAsync(reply.Body.AsMemory(i, 1), cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(perByte, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Every character as \uXXXX: what a firm that re-encodes what it received might send, and what a literal match misses.
    private static string Escaped(string text)
    {
        var builder = new StringBuilder(text.Length * 6);
        foreach (char c in text)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        return builder.ToString();
    }
}
