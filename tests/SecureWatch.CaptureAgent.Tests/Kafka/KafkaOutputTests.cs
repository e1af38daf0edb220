using System.Text;
using System.Text.Json;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Tests.Support;
using SecureWatch.Core.Kafka;
using SecureWatch.Testing;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Kafka;

/// <summary>
/// The agent (a real process) publishes to a Kafka mock cluster in the test process whose brokers are down while
/// the agent captures and come back while it is shutting down.
/// </summary>
public sealed class KafkaOutputTests : IDisposable
{
    private const long Start = 1_763_700_000_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-kafka-").FullName;
    private readonly MockKafkaCluster _cluster = new();

    [Fact]
    public void Records_captured_during_a_broker_outage_are_delivered_exactly_once_when_the_brokers_return()
    {
        const int flows = 400;
        var topic = CreateTopic(partitions: 2);
        ChildProcessGate.SetAllBrokersDown(_cluster);

        var (exitCode, log, summary) = RunAgentThroughOutage(WriteUdpFlows(flows), topic);

        Assert.True(exitCode == 0, log);
        var published = summary.GetProperty("records_published").GetInt64();
        Assert.Equal(flows, published);
        var kafka = summary.GetProperty("kafka");
        Assert.Equal(published, kafka.GetProperty("enqueued").GetInt64());
        Assert.Equal(published, kafka.GetProperty("delivered").GetInt64());
        Assert.Equal(0, kafka.GetProperty("dropped").GetInt64());
        Assert.Equal(0, kafka.GetProperty("failed").GetInt64());
        Assert.Equal(0, kafka.GetProperty("undelivered").GetInt64());

        var messages = TopicReader.Read(_cluster.BootstrapServers, topic, published);
        Assert.Equal(published, messages.Count);
        Assert.Equal(published, messages.Select(m => m.Record.EventId).Distinct().Count());
        Assert.All(messages, m => Assert.Equal(m.Record.EventId.ToString("D"), m.Key));
        Assert.Equal(
            Enumerable.Range(0, flows).Select(i => 10_000 + i).Order(),
            messages.Select(m => m.Record.Flow.SrcPort).Order());
    }

    [Fact]
    public void With_a_tiny_queue_and_backlog_records_beyond_them_are_dropped_and_every_record_is_accounted_for()
    {
        const int flows = 300;
        var topic = CreateTopic(partitions: 1);
        ChildProcessGate.SetAllBrokersDown(_cluster);

        var (exitCode, log, summary) = RunAgentThroughOutage(WriteUdpFlows(flows), topic, "--queue-capacity", "5", "--kafka-backlog", "10");

        Assert.True(exitCode == 0, log);
        var published = summary.GetProperty("records_published").GetInt64();
        var kafka = summary.GetProperty("kafka");
        var (enqueued, delivered, dropped, failed) = (kafka.GetProperty("enqueued").GetInt64(), kafka.GetProperty("delivered").GetInt64(),
            kafka.GetProperty("dropped").GetInt64(), kafka.GetProperty("failed").GetInt64());
        Assert.Equal(flows, published);
        Assert.InRange(dropped, 1, published - 1);
        Assert.Equal(published, enqueued + dropped);
        Assert.Equal(published, delivered + dropped + failed);
        Assert.Equal(0, kafka.GetProperty("undelivered").GetInt64());
        Assert.Equal(delivered, TopicReader.Read(_cluster.BootstrapServers, topic, delivered).Count);
    }

    [Fact]
    public void Records_that_cannot_be_delivered_within_the_flush_timeout_are_reported_as_undelivered()
    {
        var topic = CreateTopic(partitions: 1);
        ChildProcessGate.SetAllBrokersDown(_cluster);
        var summaryFile = Path.Combine(_directory, "summary.json");

        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--pcap", WriteUdpFlows(20), "--bootstrap-servers", _cluster.BootstrapServers,
            "--topic", topic, "--flush-timeout", "1", "--summary-file", summaryFile]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var kafka = JsonDocument.Parse(File.ReadAllText(summaryFile)).RootElement.GetProperty("kafka");
        Assert.Equal(20, kafka.GetProperty("undelivered").GetInt64());
        Assert.Equal(0, kafka.GetProperty("delivered").GetInt64());
        Assert.Contains("20 records could not be delivered", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_output_without_bootstrap_servers_is_refused_plainly()
    {
        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--pcap", WriteUdpFlows(1), "--output", "kafka"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output kafka needs --bootstrap-servers", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bootstrap_file_of_a_securewatch_host_points_the_agent_at_its_kafka()
    {
        var topic = CreateTopic(partitions: 1);
        var bootstrapFile = Path.Combine(_directory, "kafka-bootstrap");
        File.WriteAllText(bootstrapFile, _cluster.BootstrapServers + "\n");

        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--pcap", WriteUdpFlows(3), "--bootstrap-file", bootstrapFile, "--topic", topic]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(3, TopicReader.Read(_cluster.BootstrapServers, topic, 3).Count);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string CreateTopic(int partitions)
    {
        var topic = $"captured-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, partitions);
        return topic;
    }

    /// <summary>
    /// Runs the agent against the downed cluster; once it has captured everything and waits to deliver, the brokers
    /// stay down a few more seconds and then come back.
    /// </summary>
    private (int ExitCode, string Log, JsonElement Summary) RunAgentThroughOutage(string pcap, string topic, params string[] extra)
    {
        var summaryFile = Path.Combine(_directory, "summary.json");
        using var agent = ProcessRunner.Start(
            Agent.DotnetPath,
            [Agent.DllPath, "--pcap", pcap, "--bootstrap-servers", _cluster.BootstrapServers, "--topic", topic, "--flush-timeout", "120",
             "--summary-file", summaryFile, .. extra],
            out _,
            out var log);
        try
        {
            Assert.True(
                ProcessRunner.WaitFor(() => Text(log).Contains("pending records to Kafka", StringComparison.Ordinal), TopicReader.Patience),
                $"the agent did not start delivering: {Text(log)}");
            Thread.Sleep(TimeSpan.FromSeconds(3));
            Assert.False(agent.HasExited, "the agent gave up while the brokers were down");
            _cluster.SetAllBrokersUp();
            Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(120)), $"the agent did not finish: {Text(log)}");
            agent.WaitForExit();
            return (agent.ExitCode, Text(log), JsonDocument.Parse(File.ReadAllText(summaryFile)).RootElement.Clone());
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>One UDP exchange per flow (distinct source ports), each reported as its own record.</summary>
    private string WriteUdpFlows(int flows)
    {
        var path = Path.Combine(_directory, $"flows-{flows}.pcap");
        using var writer = new PcapFileWriter(path, LinkTypes.Raw);
        for (var i = 0; i < flows; i++)
        {
            var port = (ushort)(10_000 + i);
            writer.Write(Start + (i * 1_000), Ipv4("10.1.0.1", "10.1.0.2", 17, Udp(port, 53, 30)));
            writer.Write(Start + (i * 1_000) + 200, Ipv4("10.1.0.2", "10.1.0.1", 17, Udp(53, port, 90)));
        }

        return path;
    }
}
