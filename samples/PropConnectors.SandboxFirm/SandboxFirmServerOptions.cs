namespace PropConnectors.SandboxFirm;

/// <summary>Options for <see cref="SandboxFirmServer.StartAsync"/>.</summary>
public sealed class SandboxFirmServerOptions
{
    /// <summary>The TCP port on 127.0.0.1 (the server never binds another address). 0, the default, picks any free port.</summary>
    public int Port { get; set; }

    /// <summary>The lowest level logged to the console by Kestrel and ASP.NET Core. Default <see cref="LogLevel.Warning"/>: nothing per request.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The clock for timestamps, <see cref="SandboxFirm.Latency"/> and delay faults. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How many entries each firm's <see cref="SandboxFirm.Requests"/> log keeps; the oldest are dropped beyond it, so long
    /// benchmarks do not grow memory without bound. Default 100,000.
    /// </summary>
    public int RequestLogCapacity { get; set; } = 100_000;
}
