using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>
/// <c>capture-kafka --pcap FILE --agent DLL</c>: records per second the agent delivers to Kafka on the embedded
/// (librdkafka mock) cluster, timed as the whole agent process replaying the file with acks=all until every record is
/// acknowledged. The queue and backlog are sized to hold the whole file, so the figure is delivery, not dropping.
/// </summary>
public static class CaptureKafkaCommand
{
    public static Command Create()
    {
        var pcap = new Option<string>("--pcap") { Description = "The capture file to replay.", Required = true };
        var agent = new Option<string>("--agent") { Description = "The agent's SecureWatch.CaptureAgent.dll.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Runs; the median is reported.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the topic.", DefaultValueFactory = _ => 3 };
        var command = new Command("capture-kafka", "Records per second the capture agent delivers to the embedded Kafka cluster.") { pcap, agent, runs, partitions };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var cluster = new MockKafkaCluster();
            var results = new List<(double Seconds, long Delivered)>();
            for (var run = 0; run < parse.GetValue(runs); run++)
            {
                var topic = $"capture-bench-{run}";
                cluster.CreateTopic(topic, parse.GetValue(partitions));
                var result = RunAgent(parse.GetValue(agent)!, parse.GetValue(pcap)!, cluster.BootstrapServers, topic);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {result.Delivered} records delivered in {result.Seconds:F2} s ({result.Delivered / result.Seconds:F0} records/s)"));
                results.Add(result);
            }

            var median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kafka: median {median.Seconds:F2} s, {median.Delivered / median.Seconds:F0} records/s delivered"));
            return 0;
        });
        return command;
    }

    private static (double Seconds, long Delivered) RunAgent(string agent, string pcap, string bootstrap, string topic)
    {
        var summaryFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { agent, "--pcap", pcap, "--output", "kafka", "--bootstrap-servers", bootstrap, "--topic", topic,
                    "--queue-capacity", "2000000", "--kafka-backlog", "2000000", "--summary-file", summaryFile },
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            var log = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The agent failed ({process.ExitCode}): {log}");
            }

            using var summary = JsonDocument.Parse(File.ReadAllText(summaryFile));
            var kafka = summary.RootElement.GetProperty("kafka");
            if (kafka.GetProperty("dropped").GetInt64() != 0 || kafka.GetProperty("failed").GetInt64() != 0)
            {
                throw new InvalidOperationException($"The agent dropped or failed records: {kafka}");
            }

            return (seconds, kafka.GetProperty("delivered").GetInt64());
        }
        finally
        {
            File.Delete(summaryFile);
        }
    }
}
