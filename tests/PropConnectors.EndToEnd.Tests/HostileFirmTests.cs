using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>
/// A hostile or broken firm over real HTTP (the sandbox): every encoding trick, echoed keys, lying lookups, answers cut
/// short, dripped or reset. Whatever it does: at most one order at the firm, the status a user can act on, and the key
/// nowhere — not in the result (decoded), the logs, an exception or telemetry.
/// </summary>
[TestFixture]
public sealed class HostileFirmTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    public sealed record HostileCase(string Name, Func<SandboxFault[]> Faults, ConnectorStatus Status, string? ErrorCode, int Orders, bool HonoursKey = true)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<HostileCase> Cases() =>
    [
        new HostileCase("422 with invalid UTF-8 text", () => [SandboxFault.RawBody(422, [.. "{\"error\":\"bad "u8, 0xFF, 0xFE, .. " symbol\"}"u8])], ConnectorStatus.Failed, ConnectorErrorCodes.OrderRejected, 0),
        new HostileCase("201 with invalid UTF-8 in the order id", () => [SandboxFault.RawBody(201, [.. "{\"order_id\":\"A"u8, 0xC0, 0x80, .. "\"}"u8])], ConnectorStatus.Failed, ConnectorErrorCodes.InvalidResponse, 0),
        new HostileCase("500, then a lookup whose text is invalid UTF-8", () => [SandboxFault.Status(500), SandboxFault.RawBody(200, [.. "{\"order_id\":\"X"u8, 0xFF, .. "\"}"u8]) with { Method = "GET", Times = 20 }], ConnectorStatus.Unknown, null, 0),
        new HostileCase("422 echoing the key escaped", () => [SandboxFault.EchoKey(422)], ConnectorStatus.Failed, ConnectorErrorCodes.OrderRejected, 0),
        new HostileCase("201 echoing the key escaped", () => [SandboxFault.EchoKey(201)], ConnectorStatus.Success, null, 1),
        new HostileCase("503 echoing the key escaped, every time", () => [SandboxFault.EchoKey(503) with { Method = "*", Times = 100 }], ConnectorStatus.Unknown, ConnectorErrorCodes.FirmUnavailable, 0),
        new HostileCase("500, then a lookup that echoes the key", () => [SandboxFault.Status(500), SandboxFault.EchoKey(500) with { Method = "GET", Times = 20 }], ConnectorStatus.Unknown, null, 0),
        new HostileCase("500, then a lookup that answers another client's order", () => [SandboxFault.Status(500), SandboxFault.ForeignOrder() with { Times = 20 }], ConnectorStatus.Unknown, null, 0),
        new HostileCase("accepted, answer cut in half", () => [SandboxFault.Truncate()], ConnectorStatus.Success, null, 1),
        new HostileCase("accepted, answer dripped past the attempt timeout", () => [SandboxFault.Trickle(TimeSpan.FromMilliseconds(150))], ConnectorStatus.Success, null, 1),
        new HostileCase("reset before anything is stored", () => [SandboxFault.Reset()], ConnectorStatus.Success, null, 1),
        new HostileCase("accepted then dropped, firm ignores Idempotency-Key", () => [SandboxFault.AcceptThenDrop()], ConnectorStatus.Success, null, 1, HonoursKey: false),
        new HostileCase("reset, firm ignores Idempotency-Key", () => [SandboxFault.Reset()], ConnectorStatus.Success, null, 1, HonoursKey: false),
        new HostileCase("cut in half, firm ignores Idempotency-Key", () => [SandboxFault.Truncate()], ConnectorStatus.Success, null, 1, HonoursKey: false),
        new HostileCase("lookup lies, firm ignores Idempotency-Key", () => [SandboxFault.ForeignOrder() with { Times = 20 }], ConnectorStatus.Failed, ConnectorErrorCodes.InvalidResponse, 0, HonoursKey: false),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task ExecuteAsync_HostileFirm_AtMostOneOrderRightStatusNoKey(HostileCase scenario)
    {
        _sandbox.Ftmo.HonoursIdempotencyKey = scenario.HonoursKey;
        foreach (SandboxFault fault in scenario.Faults())
        {
            _sandbox.Ftmo.EnqueueFault(fault);
        }

        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:01";
        settings["PropConnectors:Firms:FTMO:Timeout"] = "00:00:04";
        settings["PropConnectors:Firms:FTMO:HonoursIdempotencyKey"] = scenario.HonoursKey ? "true" : "false";
        settings["PropConnectors:Routing:MaxRetryAttempts"] = "0";
        using var telemetry = new TelemetryText();
        using RouterHost host = _sandbox.CreateHost(settings);
        ExecutionTask task = Tasks.Create(Tasks.NewId("hostile"), ["FTMO"]);

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.LessThanOrEqualTo(1), "at most one order at the firm");
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.EqualTo(scenario.Orders));
            Assert.That(ftmo.Status, Is.EqualTo(scenario.Status), ftmo.ErrorMessage);
            if (scenario.ErrorCode is not null)
            {
                Assert.That(ftmo.ErrorCode, Is.EqualTo(scenario.ErrorCode), ftmo.ErrorMessage);
            }

            if (ftmo.Status == ConnectorStatus.Success)
            {
                Assert.That(ftmo.ExternalOrderId, Is.EqualTo(_sandbox.Ftmo.Orders.Single().OrderId), "the order the firm holds, not another");
            }

            Assert.That(ftmo.Attempts, Is.EqualTo(_sandbox.Ftmo.Requests.Count(r => r.Method == "POST")), "attempts count the order requests sent");
            Assert.That(ftmo.ClientOrderId, Is.Not.Null);
            Assert.That(ftmo.ExternalOrderId, Is.Not.EqualTo("FTMO-FOREIGN"), "a stranger's order is never adopted");
        });
        AssertKeyNowhere(host, result, telemetry);
    }

    [Test]
    public async Task ExecuteAsync_RandomHostileFaults_AtMostOneOrderPerTaskAndNoKey()
    {
        _sandbox.Ftmo.SetRandomFaults(
            seed: 1202,
            probability: 0.5,
            SandboxFault.EchoKey(503) with { Method = "*" },
            SandboxFault.Truncate(),
            SandboxFault.Reset() with { Method = "*" },
            SandboxFault.ForeignOrder(),
            SandboxFault.RawBody(500, [0xFF, 0xFE, 0x00]) with { Method = "*" },
            SandboxFault.AcceptThenDrop());
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:01";
        using var telemetry = new TelemetryText();
        using RouterHost host = _sandbox.CreateHost(settings);
        var results = new List<ExecutionResult>();
        for (int i = 0; i < 40; i++)
        {
            results.Add(await host.RouteAsync(Tasks.Create(Tasks.NewId($"random-{i}"), ["FTMO"])));
        }

        var perClientOrderId = _sandbox.Ftmo.Orders.GroupBy(o => o.ClientOrderId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(perClientOrderId.Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no task placed twice");
            foreach (ExecutionResult result in results)
            {
                ConnectorResult ftmo = result.For("FTMO");
                string? held = _sandbox.Ftmo.Orders.SingleOrDefault(o => o.ClientOrderId == ftmo.ClientOrderId)?.OrderId;
                if (ftmo.Status == ConnectorStatus.Success)
                {
                    Assert.That(ftmo.ExternalOrderId, Is.EqualTo(held), $"{result.TaskId}: success names the order the firm holds");
                }
                else if (ftmo.Status is ConnectorStatus.Failed or ConnectorStatus.Retry)
                {
                    Assert.That(held, Is.Null, $"{result.TaskId}: {ftmo.Status} ({ftmo.ErrorCode}) only when the firm provably does not hold the order");
                }
            }
        });
        foreach (ExecutionResult result in results)
        {
            AssertKeyNowhere(host, result, telemetry);
        }
    }

    private void AssertKeyNowhere(RouterHost host, ExecutionResult result, TelemetryText telemetry)
    {
        string key = _sandbox.FtmoKey;
        string[] resultTexts = [.. result.ConnectorResults.SelectMany(TextsOf), ExecutionJson.Serialize(result), result.Details ?? string.Empty];
        Assert.Multiple(() =>
        {
            Assert.That(resultTexts, Has.None.Contains(key), "the key in a result, decoded");
            Assert.That(host.LogLines, Has.None.Contains(key), "the key in a log line or a logged exception");
            Assert.That(telemetry.All, Has.None.Contains(key), "the key in telemetry");
        });
    }

    // Every text a user could read from a connector result, with JSON strings decoded (an escaped echo decodes to the key).
    private static IEnumerable<string> TextsOf(ConnectorResult result)
    {
        yield return result.ToString();
        yield return result.ErrorMessage ?? string.Empty;
        yield return result.ExternalOrderId ?? string.Empty;
        yield return result.OrderStatus ?? string.Empty;
        foreach (JsonElement? json in new[] { result.RawResponse, result.RawRequest?.Body })
        {
            if (json is { } element)
            {
                foreach (string text in Strings(element))
                {
                    yield return text;
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString() ?? string.Empty;
                break;
            case JsonValueKind.Array:
                foreach (string text in element.EnumerateArray().SelectMany(Strings))
                {
                    yield return text;
                }

                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (string text in Strings(property.Value))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    /// <summary>Every activity tag and event, and every metric tag, as text, while a test runs.</summary>
    private sealed class TelemetryText : IDisposable
    {
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly List<string> _texts = [];

        public TelemetryText()
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = static _ => true,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = new StringBuilder(activity.DisplayName).Append(' ').Append(activity.StatusDescription);
                    foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
                    {
                        text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
                    }

                    foreach (ActivityEvent e in activity.Events)
                    {
                        text.Append(' ').Append(e.Name);
                        foreach (KeyValuePair<string, object?> tag in e.Tags)
                        {
                            text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
                        }
                    }

                    Add(text.ToString());
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = static (instrument, listener) => listener.EnableMeasurementEvents(instrument);
            _meters.SetMeasurementEventCallback<long>((_, _, tags, _) => AddTags(tags));
            _meters.SetMeasurementEventCallback<double>((_, _, tags, _) => AddTags(tags));
            _meters.SetMeasurementEventCallback<int>((_, _, tags, _) => AddTags(tags));
            _meters.Start();
        }

        public IReadOnlyList<string> All
        {
            get
            {
                lock (_texts)
                {
                    return [.. _texts];
                }
            }
        }

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void AddTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = new StringBuilder();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                text.Append(tag.Key).Append('=').Append(tag.Value).Append(' ');
            }

            Add(text.ToString());
        }

        private void Add(string text)
        {
            lock (_texts)
            {
                _texts.Add(text);
            }
        }
    }
}
