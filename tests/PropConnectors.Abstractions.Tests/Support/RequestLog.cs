using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>One request as it left the SDK's handler pipeline for the firm.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string? Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>
/// Records every request that reaches a firm's primary handler (after the SDK's resilience pipeline, so
/// transport retries are counted), and lets a test wait for the n-th one without sleeping.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<SentRequest> _requests = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<SentRequest> All => [.. _requests];

    public int Count => _requests.Count;

    public int CountOf(HttpMethod method) => _requests.Count(r => r.Method == method);

    public void Add(SentRequest request)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            _requests.Enqueue(request);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    /// <summary>Waits (in real time, bounded) until at least <paramref name="count"/> requests have been sent.</summary>
    public async Task WaitForCountAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestHost.RealTimeLimit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.That(_requests.Count, Is.GreaterThanOrEqualTo(count), "requests the firm received before the wait gave up");
                return;
            }
        }
    }
}

/// <summary>The handler that feeds a <see cref="RequestLog"/>; sits between the SDK's pipeline and MockHttp.</summary>
internal sealed class RecordingHandler(RequestLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        string? body = null;
        MediaTypeHeaderValue? contentType = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsStringAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType;
        }

        log.Add(new SentRequest(request.Method, request.RequestUri!, headers, contentType?.ToString(), body));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A firm that never answers: it waits until the request is cancelled (by a timeout or the caller).</summary>
internal sealed class HangingHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var never = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => never.TrySetCanceled(cancellationToken)))
        {
            return await never.Task;
        }
    }
}
