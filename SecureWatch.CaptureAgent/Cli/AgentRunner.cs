using System.Text.Json;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>Wires source, tracker, features and sink for one run and reports the outcome.</summary>
internal static class AgentRunner
{
    public static int Run(AgentSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            using var source = settings.Live is { } live
                ? PacketSource.OpenLive(live, settings.Filter)
                : PacketSource.OpenFile(settings.PcapFile!, settings.Filter);
            using var sink = JsonlTrafficRecordSink.Open(settings.OutFile);
            var publisher = new RecordPublisher(sink);
            var tracker = new ConnectionTracker(settings.Tracker, new FeatureCalculator(publisher));
            var session = new CaptureSession(source, tracker, publisher, sink, log, settings.StatsInterval);
            log.WriteLine($"securewatch-capture: capturing from {source.Description} (link type {source.LinkType})");
            var summary = session.Run(cancellationToken);
            var json = JsonSerializer.Serialize(summary, CaptureSession.SummaryJson);
            log.WriteLine($"securewatch-capture: finished: {json}");
            if (settings.SummaryFile is not null)
            {
                File.WriteAllText(settings.SummaryFile, json);
            }

            return 0;
        }
        catch (CaptureException e)
        {
            log.WriteLine($"securewatch-capture: error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is DllNotFoundException or ArgumentException)
        {
            log.WriteLine($"securewatch-capture: error: {e.Message}");
            return 2;
        }
    }
}
