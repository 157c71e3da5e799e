using System.Diagnostics;

namespace ElectionAudit.Cli;

/// <summary>
/// A progress line on standard error while a long scan runs: only when standard error is a terminal (never in CI logs or
/// redirected output) and only after the scan has taken more than a moment; the line is erased when the scan ends.
/// </summary>
internal sealed class ScanProgress : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _shown;
    private bool _disposed;

    private ScanProgress(TextWriter writer)
    {
        _writer = writer;
        _timer = new Timer(_ => Tick(), null, Delay, TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Starts the indicator when <paramref name="stderr"/> is the console's standard error and a terminal; otherwise returns null.</summary>
    public static ScanProgress? Start(TextWriter stderr) =>
        stderr == Console.Error && !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) ? new ScanProgress(stderr) : null;

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _shown = true;
            _writer.Write($"\rScanning… {_clock.Elapsed.TotalSeconds:0}s");
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
            if (_shown)
            {
                _writer.Write("\r\u001b[K");
                _writer.Flush();
            }
        }
    }
}
