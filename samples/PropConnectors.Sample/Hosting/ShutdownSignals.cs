using System.Globalization;
using System.Runtime.InteropServices;

namespace PropConnectors.Sample.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM for every command: the first signal gives in-flight orders a bounded grace to finish
/// (<see cref="DefaultGrace"/>, or <c>PROPCONNECTORS_SHUTDOWN_GRACE_SECONDS</c>), then cancels them, so the router reports
/// each one still in flight as UNKNOWN with its client order id; a second signal cancels at once. The process is never
/// killed by the runtime's default handler while an order is out.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cancel;
    private readonly TextWriter _stderr;
    private readonly TimeSpan _grace;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public ShutdownSignals(TextWriter stderr, CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _stderr = stderr;
        _grace = ReadGrace();
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled when the grace after the first signal has passed, or at the second signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether a signal arrived.</summary>
    public bool Signalled => Volatile.Read(ref _signals) > 0;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the command ends itself, with what it knows
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _stderr.WriteLine($"{context.Signal}: stopping; orders in flight have {_grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s to finish (signal again to stop at once).");
            _cancel.CancelAfter(_grace);
        }
        else
        {
            _stderr.WriteLine($"{context.Signal}: stopping now.");
            _cancel.Cancel();
        }
    }

    private static TimeSpan ReadGrace() =>
        double.TryParse(Environment.GetEnvironmentVariable("PROPCONNECTORS_SHUTDOWN_GRACE_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
        && seconds is >= 0 and <= 300
            ? TimeSpan.FromSeconds(seconds)
            : DefaultGrace;
}
