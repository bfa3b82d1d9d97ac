using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using PropConnectors.SandboxFirm.Internal;

namespace PropConnectors.SandboxFirm;

/// <summary>
/// An in-memory prop-firm HTTP server on 127.0.0.1 that implements CONTRACT §3 for any number of firms at once
/// (<c>/firms/{code}/v1/orders...</c>), with fault injection for tests, samples and benchmarks. It is an independent
/// implementation of the wire contract and does not use the SDK.
/// </summary>
/// <remarks>
/// It also serves a control endpoint under <c>/_sandbox</c> (see the project README) that needs no API key: the
/// server binds the loopback address only, so only processes on this machine can reach it.
/// </remarks>
public sealed class SandboxFirmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FirmRegistry _registry;
    private int _stopped;

    private SandboxFirmServer(WebApplication app, FirmRegistry registry, int port)
    {
        _app = app;
        _registry = registry;
        Port = port;
        BaseAddress = registry.BaseAddress;
    }

    /// <summary>The TCP port the server listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The server's root, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The root of the control endpoint, <c>{BaseAddress}_sandbox/</c>.</summary>
    public Uri ControlUrl => new(BaseAddress, "_sandbox/");

    /// <summary>Every firm served, by code.</summary>
    public IReadOnlyList<SandboxFirm> Firms => _registry.All;

    /// <summary>Starts a server on 127.0.0.1 and returns once it accepts connections.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (any free port).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="IOException">The port is already in use.</exception>
    public static async Task<SandboxFirmServer> StartAsync(SandboxFirmServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxFirmServerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestLogCapacity, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));

        // The empty builder reads no appsettings, environment variables or command line: the in-process server behaves
        // the same whatever the host process has configured.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxFirmServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        // The host would log a failed start (a port in use) with its stack trace; StartAsync throws it to the caller instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.Backlog = 4096); // soak tests connect 1,000+ at once
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        var registry = new FirmRegistry(options.TimeProvider, options.RequestLogCapacity);
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        new FirmEndpoints(registry, stopping).Map(app);
        new ControlEndpoints(registry).Map(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        registry.BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        return new SandboxFirmServer(app, registry, port);
    }

    /// <summary>Adds a firm served under <c>/firms/{code}/v1</c> that accepts <c>Authorization: Bearer {apiKey}</c>.</summary>
    /// <param name="code">The firm code: 1 to 32 characters of <c>[A-Za-z0-9_-]</c>, case-insensitive (kept upper case).</param>
    /// <param name="apiKey">The API key the firm accepts.</param>
    /// <returns>The firm, to configure and inspect.</returns>
    /// <exception cref="ArgumentException">The code or the key is not valid.</exception>
    /// <exception cref="InvalidOperationException">The server already has a firm with this code.</exception>
    public SandboxFirm AddFirm(string code, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(apiKey);
        return _registry.Add(code, apiKey);
    }

    /// <summary>The firm with this code (case-insensitive).</summary>
    /// <param name="code">The firm code.</param>
    /// <returns>The firm.</returns>
    /// <exception cref="KeyNotFoundException">No firm has this code.</exception>
    public SandboxFirm GetFirm(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _registry.TryGet(code, out var firm) ? firm : throw new KeyNotFoundException($"The sandbox has no firm '{code}'.");
    }

    /// <summary>Looks a firm up by code (case-insensitive).</summary>
    /// <param name="code">The firm code.</param>
    /// <param name="firm">The firm, when found.</param>
    /// <returns>Whether the firm exists.</returns>
    public bool TryGetFirm(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SandboxFirm? firm)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _registry.TryGet(code, out firm);
    }

    /// <summary>
    /// Stops accepting connections, ends pending latencies and delay faults (those requests get no answer) and waits for
    /// the rest to finish. Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Ends the graceful wait early.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>) and releases it.</summary>
    /// <returns>A task that completes when the server is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override string ToString() => $"SandboxFirmServer at {BaseAddress}";
}
