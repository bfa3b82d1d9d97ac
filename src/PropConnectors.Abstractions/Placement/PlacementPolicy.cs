using Polly;
using Polly.Retry;
using Polly.Timeout;
using PropConnectors.Configuration;
using PropConnectors.Results;

namespace PropConnectors.Placement;

/// <summary>
/// The one owner of re-sends (CONTRACT §4, §6), built once per firm settings with Polly. A placement's first pass needs
/// none of it; once a pass ends with the firm provably not holding the order, <see cref="Round"/> carries on from that
/// outcome: more passes after a backoff, under what is left of the round's time budget (<see cref="PropFirmOptions.Timeout"/>).
/// A round that ends <see cref="ConnectorStatus.Retry"/> may be followed by more rounds (<see cref="ReAttempts"/>), with the
/// same backoff: exponential with jitter from <see cref="PropFirmOptions.RetryDelay"/>, a firm's <c>Retry-After</c> winning.
/// </summary>
internal sealed class PlacementPolicy
{
    /// <summary>The placement a pipeline execution belongs to (its budget, its counters).</summary>
    public static readonly ResiliencePropertyKey<PlacementEngine> EngineKey = new("PropConnectors.Placement");

    /// <summary>A <c>Retry-After</c> longer than this ends the re-attempt rounds: the host comes back later with the same task.</summary>
    public static readonly TimeSpan MaxReAttemptDelay = TimeSpan.FromMinutes(1);

    public PlacementPolicy(string firmCode, PropFirmOptions options, TimeProvider timeProvider)
    {
        Timeout = PollyRange(options.Timeout);
        AttemptTimeout = PollyRange(options.AttemptTimeout);

        Round = new ResiliencePipelineBuilder<PlacementStep> { TimeProvider = timeProvider, Name = $"PropConnectors.{firmCode}.place" }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(EngineKey, out PlacementEngine? engine) ? AtLeastAMillisecond(engine.RoundTimeLeft) : Timeout),
            })
            .AddRetry(new RetryStrategyOptions<PlacementStep>
            {
                MaxRetryAttempts = int.MaxValue, // bounded by the engine's attempt budget and the round's time
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is null
                    && args.Context.Properties.TryGetValue(EngineKey, out PlacementEngine? engine)
                    && engine.MaySendAgain(args.Outcome.Result)),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is null ? args.Outcome.Result.Reply.RetryAfter : null),
            })
            .Build();

        ReAttempts = new ResiliencePipelineBuilder<ConnectorResult> { TimeProvider = timeProvider, Name = $"PropConnectors.{firmCode}.reattempt" }
            .AddRetry(new RetryStrategyOptions<ConnectorResult>
            {
                MaxRetryAttempts = int.MaxValue, // bounded by PlacementOptions.ReAttempts and the attempt ceiling
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = MaxReAttemptDelay,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result is { } result
                    && args.Context.Properties.TryGetValue(EngineKey, out PlacementEngine? engine)
                    && engine.MayReAttempt(result)),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = static args =>
                {
                    if (args.Context.Properties.TryGetValue(EngineKey, out PlacementEngine? engine))
                    {
                        engine.OnReAttempt(args.Outcome.Result, args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>A round's time budget, within the range a timer takes.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>One request's time, within the range a timer takes.</summary>
    public TimeSpan AttemptTimeout { get; }

    public ResiliencePipeline<PlacementStep> Round { get; }

    public ResiliencePipeline<ConnectorResult> ReAttempts { get; }

    /// <summary>
    /// Lets <paramref name="pipeline"/> decide what follows an outcome already known: its first execution returns
    /// <paramref name="first"/> (so the strategies judge it as if they had made the call), later ones call <paramref name="next"/>.
    /// </summary>
    public static async ValueTask<T> ContinueAsync<T>(ResiliencePipeline<T> pipeline, T first, PlacementEngine engine, Func<PlacementEngine, CancellationToken, ValueTask<T>> next, CancellationToken cancellationToken)
    {
        var replay = new Replay<T>(first, engine, next);
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EngineKey, engine);
        try
        {
            return await pipeline.ExecuteAsync(static (ctx, r) => r.NextAsync(ctx.CancellationToken), context, replay).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Out-of-range settings are refused by FirmReadiness (CONNECTOR_NOT_CONFIGURED); clamping here only keeps Polly's own
    // validation (10 ms to 24 h) from throwing before that check can answer.
    private static TimeSpan PollyRange(TimeSpan value) =>
        value < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : value > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : value;

    // Nothing left still times out at once: Polly reads zero as "no timeout".
    private static TimeSpan AtLeastAMillisecond(TimeSpan left) => left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;

    private sealed class Replay<T>(T first, PlacementEngine engine, Func<PlacementEngine, CancellationToken, ValueTask<T>> next)
    {
        private bool _replayed;

        public ValueTask<T> NextAsync(CancellationToken cancellationToken)
        {
            if (_replayed)
            {
                return next(engine, cancellationToken);
            }

            _replayed = true;
            return ValueTask.FromResult(first);
        }
    }
}
