using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RichardSzalay.MockHttp;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>Firm answers and expectations for MockHttp.</summary>
internal static class Answer
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage WithRetryAfter(HttpStatusCode status, TimeSpan retryAfter)
    {
        HttpResponseMessage response = Json(status, """{"error":"slow down"}""");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    /// <summary>Expects one order request (<c>POST {orders}</c>) carrying <paramref name="clientOrderId"/> as its Idempotency-Key.</summary>
    public static MockedRequest ExpectPost(this MockHttpMessageHandler mock, string ordersUrl, string clientOrderId) =>
        mock.Expect(HttpMethod.Post, ordersUrl).WithHeaders("Idempotency-Key", clientOrderId);

    /// <summary>Expects one lookup (<c>GET {orders}?client_order_id=...</c>).</summary>
    public static MockedRequest ExpectLookup(this MockHttpMessageHandler mock, string ordersUrl, string clientOrderId) =>
        mock.Expect(HttpMethod.Get, ordersUrl).WithExactQueryString("client_order_id=" + clientOrderId);

    public static MockedRequest RespondJson(this MockedRequest request, HttpStatusCode status, string json)
    {
        request.Respond(_ => Json(status, json));
        return request;
    }

    public static MockedRequest RespondStatus(this MockedRequest request, HttpStatusCode status)
    {
        request.Respond(_ => new HttpResponseMessage(status));
        return request;
    }

    public static MockedRequest RespondForever(this MockedRequest request)
    {
        request.Respond(new HangingHandler());
        return request;
    }
}
