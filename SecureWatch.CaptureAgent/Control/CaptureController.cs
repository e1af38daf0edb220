using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Output;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>
/// Keeps the capture in line with the current <see cref="CaptureTarget"/>: captures while enabled, stops (reporting
/// open connections) while disabled, and reopens the capture when the interface, filter or capture options change,
/// without restarting the process. Targets arrive on any thread; the capture itself runs on the thread of
/// <see cref="Run"/>.
/// </summary>
internal sealed class CaptureController : IDisposable
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleTick = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly CaptureSession _session;
    private readonly KafkaTrafficRecordSink? _kafka;
    private readonly string? _networkNamespace;
    private readonly bool _survivesCaptureErrors;
    private readonly TextWriter _log;
    private CaptureTarget? _target;
    private CancellationTokenSource _changed = new();

    /// <param name="survivesCaptureErrors">
    /// True when following the API: a capture that cannot be opened is retried (and fixed by new settings) instead
    /// of ending the agent.
    /// </param>
    public CaptureController(CaptureSession session, KafkaTrafficRecordSink? kafka, string? networkNamespace, bool survivesCaptureErrors, TextWriter log)
    {
        _session = session;
        _kafka = kafka;
        _networkNamespace = networkNamespace;
        _survivesCaptureErrors = survivesCaptureErrors;
        _log = log;
    }

    /// <summary>The target applied last; null until the first is known.</summary>
    public CaptureTarget? Target
    {
        get
        {
            lock (_lock)
            {
                return _target;
            }
        }
    }

    public void Apply(CaptureTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            var previous = _target;
            if (previous == target)
            {
                return;
            }

            _target = target;
            if (_kafka is not null)
            {
                _kafka.Topic = target.Topic;
                _kafka.QueueCapacity = target.QueueCapacity;
            }

            if (previous is not null)
            {
                _log.WriteLine($"securewatch-capture: settings changed: {previous.DescribeChanges(target)}");
            }

            if (previous is null || previous.RequiresReopen(target))
            {
                _changed.Cancel();
            }
        }
    }

    /// <summary>Captures until <paramref name="stop"/> fires, or until a replayed file ends.</summary>
    public void Run(CancellationToken stop)
    {
        string? lastError = null;
        while (!stop.IsCancellationRequested)
        {
            var (target, changed) = Current();
            if (target is null)
            {
                _log.WriteLine("securewatch-capture: waiting for the packet_capture settings");
                Idle(Timeout.InfiniteTimeSpan, stop, changed);
                continue;
            }

            if (!target.Enabled)
            {
                _log.WriteLine("securewatch-capture: capture stopped: the packet_capture source is disabled");
                Idle(Timeout.InfiniteTimeSpan, stop, changed);
                continue;
            }

            try
            {
                using var source = Open(target);
                lastError = null;
                _log.WriteLine($"securewatch-capture: capturing from {source.Description}{InNamespace(source)} (link type {source.LinkType}){FilterText(target)}");
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, changed);
                _session.Run(source, linked.Token);
                if (!source.IsLive)
                {
                    return;
                }

                _log.WriteLine($"securewatch-capture: capture of {source.Description} closed");
            }
            catch (CaptureException e) when (_survivesCaptureErrors)
            {
                if (e.Message != lastError)
                {
                    _log.WriteLine($"securewatch-capture: error: {e.Message} Retrying every {RetryAfterError.TotalSeconds} s until the settings change.");
                    lastError = e.Message;
                }

                Idle(RetryAfterError, stop, changed);
            }
        }
    }

    public void Dispose() => _changed.Dispose();

    private (CaptureTarget? Target, CancellationToken Changed) Current()
    {
        lock (_lock)
        {
            if (_changed.IsCancellationRequested)
            {
                _changed.Dispose();
                _changed = new CancellationTokenSource();
            }

            return (_target, _changed.Token);
        }
    }

    private static string FilterText(CaptureTarget target) =>
        string.IsNullOrWhiteSpace(target.Filter) ? "" : $", filter '{target.Filter}'";

    private string InNamespace(PacketSource source) =>
        source.IsLive && _networkNamespace is not null ? $" in network namespace {_networkNamespace}" : "";

    private PacketSource Open(CaptureTarget target)
    {
        if (target.Live is null)
        {
            return PacketSource.OpenFile(target.PcapFile!, target.Filter);
        }

        if (_networkNamespace is null)
        {
            return PacketSource.OpenLive(target.Live, target.Filter);
        }

        using (NetworkNamespaceScope.Enter(_networkNamespace))
        {
            return PacketSource.OpenLive(target.Live, target.Filter);
        }
    }

    /// <summary>Waits for a stop, a change or the timeout, keeping the statistics line coming meanwhile.</summary>
    private void Idle(TimeSpan timeout, CancellationToken stop, CancellationToken changed)
    {
        var waited = TimeSpan.Zero;
        while (!stop.IsCancellationRequested && !changed.IsCancellationRequested
            && (timeout == Timeout.InfiniteTimeSpan || waited < timeout))
        {
            WaitHandle.WaitAny([stop.WaitHandle, changed.WaitHandle], IdleTick);
            waited += IdleTick;
            _session.LogStatisticsIfDue();
        }
    }
}
