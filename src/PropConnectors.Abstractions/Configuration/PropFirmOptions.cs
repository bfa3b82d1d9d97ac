using System.ComponentModel.DataAnnotations;
using PropConnectors.Instruments;
using PropConnectors.Results;
using PropConnectors.Rules;

namespace PropConnectors.Configuration;

/// <summary>
/// One firm's settings: named options, the name being the firm code (<c>FTMO</c>, <c>APEX</c>, ...).
/// Bound from the <c>PropConnectors:Firms:{CODE}</c> configuration section, then from the flat
/// variables of CONTRACT §8 (<c>{CODE}_ENABLED</c>, <c>{CODE}_API_KEY</c>, ...), then from code.
/// </summary>
/// <remarks>
/// A missing or malformed value never throws: it leaves the firm disabled, logs one line, and the
/// connector answers <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/>. <see cref="ToString"/>
/// never shows the API key.
/// </remarks>
public sealed class PropFirmOptions
{
    /// <summary>The default total time for one call, retries included.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Whether the firm takes orders. <see langword="false"/> by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The firm's API key, sent only as <c>Authorization: Bearer</c>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The firm's API base URL with its path kept (for example <c>https://api.ftmo.com/v1</c>). Plain <c>http://</c> is refused unless the host is loopback.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The symbols the firm trades (case-insensitive). Empty or <see langword="null"/>: the firm package's default list.</summary>
#pragma warning disable CA2227 // Settable so that configuration binding can replace the list; null means "the firm's default".
    public IList<string>? SupportedSymbols { get; set; }
#pragma warning restore CA2227

    /// <summary>The largest quantity per order; <see langword="null"/>: the firm package's default (no limit if it has none).</summary>
    [Range(typeof(decimal), "0.000001", "79228162514264337593543950335")]
    public decimal? MaxPositionSize { get; set; }

    /// <summary>The total time for one call, retries and waits included (CONTRACT §6). 30 seconds by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The time for one HTTP attempt. 10 seconds by default; when it is not shorter than <see cref="Timeout"/> it becomes half of it, so that a lookup always has time after a timed-out attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the firm returns the first order when a <c>POST</c> repeats an <c>Idempotency-Key</c>. <see langword="true"/> by
    /// default. When <see langword="false"/>, every order request is preceded by a lookup by client order id (CONTRACT §4), so
    /// that a retried or re-routed task never places a second order at such a firm; this costs one <c>GET</c> per attempt.
    /// </summary>
    public bool HonoursIdempotencyKey { get; set; } = true;

    /// <summary>The most order requests one placement call may send (first attempt included). 3 by default.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The base delay of the exponential backoff (with jitter) between attempts, unless the firm sends <c>Retry-After</c>. 500 ms by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest response body read from the firm; a larger one is refused as <see cref="ConnectorErrorCodes.InvalidResponse"/>. 1 MiB by default.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>The firm's id of the account orders go to, sent as <c>account_id</c> (CONTRACT §11); <see langword="null"/>: the key's own account.</summary>
    public string? AccountId { get; set; }

    /// <summary>The account's starting size in its currency (for example 100,000): what the firms' loss limits are a percentage of.</summary>
    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal? AccountSize { get; set; }

    /// <summary>The firm's plan for the account (for example <c>2-step</c>, <c>50K</c>), which chooses the firm package's rule set.</summary>
    public string? Plan { get; set; }

    /// <summary>
    /// The kill switch of this firm or account (CONTRACT §13 rule 1): <c>active</c>, <c>reduce_only</c> or <c>halted</c>
    /// (any case); anything else is <c>reduce_only</c>, with a warning. <see langword="null"/>: not set here.
    /// </summary>
    public string? Halt { get; set; }

    /// <summary>The trader accepts the firm's automation policy (CONTRACT §13 rule 2): needed for live entries at a firm that restricts or prohibits automation.</summary>
    public bool AcknowledgeAutomationPolicy { get; set; }

    /// <summary>Every entry must carry a stop loss; <see langword="null"/>: the firm package's default.</summary>
    public bool? RequireStopLoss { get; set; }

    /// <summary>An entry opposite to an open position in the symbol or its mini/micro twin is allowed; default false.</summary>
    public bool? AllowHedging { get; set; }

    /// <summary>The daily loss limit in the account currency; <see langword="null"/>: the firm package's fraction of <see cref="AccountSize"/>.</summary>
    public decimal? DailyLossLimit { get; set; }

    /// <summary>A static maximum loss in the account currency; <see langword="null"/>: the firm package's fraction of <see cref="AccountSize"/>.</summary>
    public decimal? MaxLossLimit { get; set; }

    /// <summary>A trailing maximum loss in the account currency; <see langword="null"/>: the firm package's amount for <see cref="AccountSize"/>.</summary>
    public decimal? TrailingDrawdown { get; set; }

    /// <summary>Where a trailing floor stops, above <see cref="AccountSize"/>; <see langword="null"/>: the firm package's.</summary>
    public decimal? TrailingStopsAt { get; set; }

    /// <summary>
    /// When entries may be sent (CONTRACT §13 rule 3), each as <c>"Mon-Fri 09:30-15:55 America/New_York"</c>: days (a range
    /// or a comma list), a time range in that IANA time zone (it may cross midnight: <c>18:00-16:59</c>), and the zone.
    /// Several windows: any of them. <see langword="null"/> or empty: always.
    /// </summary>
#pragma warning disable CA2227 // Settable so that configuration binding can fill it.
    public IList<string>? TradingWindows { get; set; }
#pragma warning restore CA2227

    /// <summary>
    /// When the hosted service flattens the account each trading day (CONTRACT §13 rule 3), as <c>"16:54 America/New_York"</c>;
    /// <c>off</c> turns the firm package's default off. <see langword="null"/>: the firm package's default (Apex: 16:54 New York).
    /// </summary>
    public string? FlattenAt { get; set; }

    /// <summary>
    /// The rule set of the account's <see cref="Plan"/> when the firm package has one by that name, otherwise the
    /// package's default (set by the SDK; not bound from configuration). The settings above override its numbers.
    /// </summary>
    public FirmRules FirmRules => Plan is { } plan && _plans.TryGetValue(plan, out FirmRules? rules) ? rules : _defaultRules;

    /// <summary>When the firm's trading day starts, as <c>"00:00 Europe/Prague"</c>, for a daily floor when the firm reports no day-start balance; <see langword="null"/>: the firm package's.</summary>
    public string? DayStartsAt { get; set; }

    /// <summary>Where a sized or fixed entry's position limit is halved until the balance passes this (Apex's scaling); <see langword="null"/>: the firm package's.</summary>
    public decimal? ScalingThreshold { get; set; }

    private FirmRules _defaultRules = FirmRules.None;
    private Dictionary<string, FirmRules> _plans = [];

    internal void UseRules(FirmRules defaults, IReadOnlyDictionary<string, FirmRules> plans)
    {
        _defaultRules = defaults;
        _plans = new Dictionary<string, FirmRules>(plans, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Symbols renamed before any check (<c>{"NQ": "MNQ"}</c>), case-insensitive; an account's map adds to its firm's.</summary>
#pragma warning disable CA2227 // Settable so that configuration binding can fill it.
    public IDictionary<string, string>? SymbolMap { get; set; }

    /// <summary>Overrides of the firm package's instruments, by symbol (<c>Instruments:NQ:PointValue</c>).</summary>
    public IDictionary<string, InstrumentOptions>? Instruments { get; set; }
#pragma warning restore CA2227

    /// <summary>
    /// The configured secrets (the API key, and the credentials a platform connector adds): the values the SDK masks in
    /// every text it writes (CONTRACT §9).
    /// </summary>
    /// <returns>The non-empty secrets.</returns>
    public IEnumerable<string> GetSecrets()
    {
        if (!string.IsNullOrEmpty(ApiKey))
        {
            yield return ApiKey;
        }
    }

    /// <summary>Problems found while reading configuration; any problem keeps the firm disabled.</summary>
    internal List<string> ConfigurationProblems { get; private set; } = [];

    /// <summary>A deep copy: what an account starts from before its own section is bound over it.</summary>
    internal PropFirmOptions Copy()
    {
        var copy = (PropFirmOptions)MemberwiseClone();
        copy.SupportedSymbols = SupportedSymbols is null ? null : [.. SupportedSymbols];
        copy.TradingWindows = TradingWindows is null ? null : [.. TradingWindows];
        copy.SymbolMap = SymbolMap is null ? null : new Dictionary<string, string>(SymbolMap, StringComparer.OrdinalIgnoreCase);
        copy.Instruments = Instruments is null ? null : Instruments.ToDictionary(i => i.Key, i => i.Value.Copy(), StringComparer.OrdinalIgnoreCase);
        copy.ConfigurationProblems = [.. ConfigurationProblems];
        return copy;
    }

    /// <summary>A description of the settings with the API key redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"Enabled={Enabled}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, BaseUrl={BaseUrl ?? "(none)"}, " +
        $"SupportedSymbols={(SupportedSymbols is { Count: > 0 } s ? string.Join(',', s) : "(default)")}, MaxPositionSize={MaxPositionSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(default)"}, " +
        $"Timeout={Timeout}, AttemptTimeout={AttemptTimeout}, MaxAttempts={MaxAttempts}, AccountId={AccountId ?? "(none)"}, " +
        $"AccountSize={AccountSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, Plan={Plan ?? "(none)"}";
}
