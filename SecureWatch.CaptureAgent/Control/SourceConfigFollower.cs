using System.Text.Json;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>
/// Polls the packet_capture source and hands every answer on. When the API cannot be reached the agent keeps the
/// last settings it knows (a brief API outage must not stop the capture); the problem is logged once, and its end.
/// The client belongs to the caller, who shares it with the heartbeat reporter.
/// </summary>
internal sealed class SourceConfigFollower : IDisposable
{
    private readonly ControlApiClient _client;
    private readonly TimeSpan _interval;
    private readonly Action<PacketCaptureSourceSettings> _onSettings;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public SourceConfigFollower(ControlApiClient client, TimeSpan interval, Action<PacketCaptureSourceSettings> onSettings, TextWriter log)
    {
        _client = client;
        _interval = interval;
        _onSettings = onSettings;
        _log = log;
    }

    public void Start()
    {
        _log.WriteLine($"securewatch-capture: following {_client.SourceUrl} every {_interval.TotalSeconds} s");
        _loop = Task.Run(() => FollowAsync(_stop.Token));
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else can escape it.
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        string? problem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var settings = await _client.GetAsync(cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    _log.WriteLine($"securewatch-capture: the SecureWatch API answers again ({_client.SourceUrl})");
                    problem = null;
                }

                _onSettings(settings);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or FormatException)
            {
                var text = e is TaskCanceledException ? "no answer within 10 s" : e.Message;
                if (text != problem)
                {
                    _log.WriteLine($"securewatch-capture: cannot read the packet_capture settings from {_client.SourceUrl}: {text}; keeping the last known settings");
                    problem = text;
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
}
