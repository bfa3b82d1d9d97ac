using System.Net;
using System.Net.Http.Headers;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// The baseline of the order benchmarks: one raw <see cref="HttpClient"/> POST of the SDK's exact order bytes, with the
/// same headers, reading the whole answer. One implementation, so every benchmark compares against the same thing.
/// </summary>
internal sealed class RawOrderPost(HttpClient client, Uri ordersUrl, byte[] body, string apiKey, string clientOrderId)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly string _authorization = "Bearer " + apiKey;
    private readonly byte[] _answer = new byte[256];

    /// <summary>A client for the raw POST over <paramref name="handler"/>, with the SDK's <c>User-Agent</c> and <c>Accept</c>.</summary>
    public static HttpClient CreateClient(HttpMessageHandler handler, bool disposeHandler = true)
    {
        var client = new HttpClient(handler, disposeHandler);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(PropConnectors.Http.PropConnectorsHttp.UserAgent);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return client;
    }

    /// <summary>The order's bytes, as sent.</summary>
    public byte[] Body => body;

    public async Task<int> SendAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ordersUrl);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonType;
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", clientOrderId);
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException("The firm answered " + response.StatusCode);
        }

        Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int total = 0;
            int read;
            while ((read = await stream.ReadAsync(_answer.AsMemory(total)).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
