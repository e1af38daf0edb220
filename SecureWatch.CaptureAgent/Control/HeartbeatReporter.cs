using System.Reflection;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.Core.Agents;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>
/// Reports the agent's counters to POST /api/v1/agents/{name}/heartbeat every interval, and once more, marked stopping,
/// on a clean shutdown. A report that cannot be delivered is not repeated (the next one carries the newer totals);
/// the problem is logged once, and its end.
/// </summary>
internal sealed class HeartbeatReporter : IDisposable
{
    /// <summary>The API refuses shorter intervals; reports never come faster than this.</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(0.1);
    private static readonly TimeSpan StoppingReportTimeout = TimeSpan.FromSeconds(5);

    private static readonly string Version =
        typeof(HeartbeatReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    private readonly ControlApiClient _client;
    private readonly string _name;
    private readonly TimeSpan _interval;
    private readonly CaptureSession _session;
    private readonly CaptureController _controller;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private long? _lastDelivered;
    private Task? _loop;

    public HeartbeatReporter(
        ControlApiClient client, string name, TimeSpan interval, CaptureSession session, CaptureController controller, TextWriter log)
    {
        _client = client;
        _name = name;
        _interval = interval < MinInterval ? MinInterval : interval;
        _session = session;
        _controller = controller;
        _log = log;
    }

    public void Start()
    {
        _log.WriteLine($"securewatch-capture: reporting as agent '{_name}' to {_client.BaseAddress}api/v1/agents every {_interval.TotalSeconds} s");
        _loop = Task.Run(() => ReportAsync(_stop.Token));
    }

    /// <summary>Ends the periodic reports and sends the last one, with the final counters, marked stopping.</summary>
    public void ReportStopping(CaptureSummary final)
    {
        StopLoop();
        using var timeout = new CancellationTokenSource(StoppingReportTimeout);
        try
        {
            _client.ReportAsync(_name, Build(final, capturing: false, stopping: true), timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            _log.WriteLine($"securewatch-capture: could not report the shutdown to {_client.BaseAddress}: {Describe(e)}");
        }
    }

    public void Dispose()
    {
        StopLoop();
        _stop.Dispose();
    }

    /// <summary>The heartbeat for these counters; Kafka's state is judged against the previous report's deliveries.</summary>
    internal AgentHeartbeat Build(CaptureSummary summary, bool capturing, bool stopping)
    {
        var target = _controller.Target;
        var kafka = summary.Kafka;
        string? kafkaState = null;
        if (kafka is not null)
        {
            kafkaState = kafka.Pending == 0 || kafka.Delivered > (_lastDelivered ?? 0) ? AgentKafkaStates.Connected : AgentKafkaStates.Unreachable;
            _lastDelivered = kafka.Delivered;
        }

        return new AgentHeartbeat
        {
            Version = Version,
            Capturing = capturing,
            Interface = target?.Live?.Interface,
            LinkType = summary.LinkType < 0 ? null : summary.LinkType,
            BpfFilter = target?.Filter,
            PacketsRead = summary.PacketsRead,
            PacketsDecoded = summary.PacketsDecoded,
            PacketsSkipped = summary.PacketsSkipped.Values.Sum(),
            KernelDrops = summary.PcapDropped,
            InterfaceDrops = summary.PcapInterfaceDropped,
            FlowsActive = summary.FlowsActive,
            FlowsEvicted = summary.FlowsEvicted,
            RecordsEnqueued = kafka?.Enqueued,
            RecordsDelivered = kafka?.Delivered,
            RecordsDropped = kafka?.Dropped,
            RecordsFailed = kafka?.Failed,
            RecordsPending = kafka?.Pending,
            KafkaState = kafkaState,
            IntervalSeconds = _interval.TotalSeconds,
            Stopping = stopping,
        };
    }

    private void StopLoop()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else can escape it.
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        string? problem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_session.Latest is { } snapshot)
            {
                try
                {
                    await _client.ReportAsync(_name, Build(snapshot.Summary, snapshot.Capturing, stopping: false), cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        _log.WriteLine($"securewatch-capture: heartbeats are accepted again by {_client.BaseAddress}");
                        problem = null;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    var text = Describe(e);
                    if (text != problem)
                    {
                        _log.WriteLine($"securewatch-capture: cannot report the heartbeat to {_client.BaseAddress}: {text}");
                        problem = text;
                    }
                }
            }

            try
            {
                await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Describe(Exception e) => e is OperationCanceledException ? "no answer within the timeout" : e.Message;
}
