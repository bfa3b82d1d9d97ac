using System.Net;
using System.Net.Http.Headers;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// The minimal firm's answer without a network: reads the request body to the end and answers
/// <c>201 {"order_id":"BENCH-1","status":"FILLED"}</c> synchronously. Both sides of <see cref="OrderCpuBenchmarks"/> use it,
/// so what differs between them is the CPU work of the SDK alone, free of sockets and thread scheduling.
/// </summary>
internal sealed class InMemoryFirmHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is { } content)
        {
            using Stream body = content.ReadAsStream(cancellationToken);
            body.CopyTo(Stream.Null);
        }

        byte[] bytes = MinimalFirmServer.AnswerTo(request.Method.Method, request.RequestUri?.AbsolutePath);
        var answer = new ByteArrayContent(bytes);
        answer.Headers.ContentType = Json;
        answer.Headers.ContentLength = bytes.Length;
        return new HttpResponseMessage(bytes == MinimalFirmServer.Answer ? HttpStatusCode.Created : HttpStatusCode.OK) { Content = answer, RequestMessage = request };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
