using System.Text.Json;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Control;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Agents;
using SecureWatch.Core.Kafka;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>Wires capture, tracker, features, output and (optionally) the API follower for one run and reports the outcome.</summary>
internal static class AgentRunner
{
    public static int Run(AgentSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            CheckControl(settings);
            using var output = OpenOutput(settings, log);
            var publisher = new RecordPublisher(output);
            var tracker = new ConnectionTracker(settings.Tracker, new FeatureCalculator(publisher));
            var session = new CaptureSession(tracker, publisher, output, log, settings.StatsInterval);
            var failed = false;
            using var api = settings.ControlUrl is null ? null : new ControlApiClient(settings.ControlUrl, settings.ApiKey!);
            HeartbeatReporter? reporter = null;
            try
            {
                using var controller = new CaptureController(
                    session, output as KafkaTrafficRecordSink, settings.NetworkNamespace, survivesCaptureErrors: api is not null, log);
                if (settings.CaptureGiven)
                {
                    controller.Apply(settings.Capture);
                }

                using var follower = StartFollower(settings, api, controller, log);
                reporter = StartReporter(settings, api, session, controller, log);
                controller.Run(cancellationToken);
            }
            catch (CaptureException)
            {
                failed = true;
                throw;
            }
            finally
            {
                // Records already reported still go out, also when the capture failed.
                output.Complete();
                if (!failed)
                {
                    WriteSummary(settings, session, log);
                    // Only a clean shutdown says so; a failed agent goes stale in the API instead.
                    reporter?.ReportStopping(session.Summary());
                }

                reporter?.Dispose();
            }

            return 0;
        }
        catch (CaptureException e)
        {
            log.WriteLine($"securewatch-capture: error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is DllNotFoundException or ArgumentException or Confluent.Kafka.KafkaException)
        {
            log.WriteLine($"securewatch-capture: error: {e.Message}");
            return 2;
        }
    }

    private static IRecordOutput OpenOutput(AgentSettings settings, TextWriter log)
    {
        if (settings.Output == AgentOutput.Jsonl)
        {
            return JsonlTrafficRecordSink.Open(settings.OutFile);
        }

        if (settings.Kafka is not { HasBootstrapServers: true } kafka)
        {
            throw new ArgumentException("--output kafka needs --bootstrap-servers, the environment variable Kafka__BootstrapServers or --bootstrap-file.");
        }

        var options = settings.KafkaOutput with { Topic = settings.Capture.Topic, QueueCapacity = settings.Capture.QueueCapacity };
        log.WriteLine($"securewatch-capture: publishing to Kafka {kafka.BootstrapServers}, topic {options.Topic}");
        return new KafkaTrafficRecordSink(new KafkaClientFactory(kafka), options, log);
    }

    /// <summary>Refuses a control setup that cannot work or would expose the key, before anything is opened.</summary>
    private static void CheckControl(AgentSettings settings)
    {
        if (settings.ControlUrl is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new ArgumentException($"{ControlApiClient.ControlUrlOption} needs the API key in the environment variable {ControlApiClient.ApiKeyVariable} (agent role).");
        }

        if (!AgentNames.IsValid(settings.AgentName))
        {
            throw new ArgumentException($"the agent name '{settings.AgentName}' (the host name unless --name is given) does not follow the rule: {AgentNames.Rule}; give --name.");
        }

        ControlApiClient.EnsureKeyStaysPrivate(settings.ControlUrl);
    }

    private static SourceConfigFollower? StartFollower(AgentSettings settings, ControlApiClient? api, CaptureController controller, TextWriter log)
    {
        if (api is null)
        {
            return null;
        }

        var follower = new SourceConfigFollower(
            api,
            settings.ControlInterval,
            source => controller.Apply(settings.Capture.Following(source)),
            log);
        follower.Start();
        return follower;
    }

    private static HeartbeatReporter? StartReporter(
        AgentSettings settings, ControlApiClient? api, CaptureSession session, CaptureController controller, TextWriter log)
    {
        if (api is null)
        {
            return null;
        }

        var reporter = new HeartbeatReporter(api, settings.AgentName, settings.ControlInterval, session, controller, log);
        reporter.Start();
        return reporter;
    }

    private static void WriteSummary(AgentSettings settings, CaptureSession session, TextWriter log)
    {
        var json = JsonSerializer.Serialize(session.Summary(), CaptureSession.SummaryJson);
        log.WriteLine($"securewatch-capture: finished: {json}");
        if (settings.SummaryFile is not null)
        {
            File.WriteAllText(settings.SummaryFile, json);
        }
    }
}
