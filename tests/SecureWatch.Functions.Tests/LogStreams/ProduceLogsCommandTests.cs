using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Functions.Tests.Cli;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>produce-logs against a mock cluster: the CSV rows as envelopes, cycles counted, the samples found by default.</summary>
public sealed class ProduceLogsCommandTests : IDisposable
{
    private readonly MockKafkaCluster _cluster = new(brokerCount: 1);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("securewatch-logs-");

    public void Dispose()
    {
        _cluster.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Rows_are_replayed_as_envelopes_with_file_cycle_counting_the_passes()
    {
        _cluster.CreateTopic("logon", partitions: 1);
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "logon.csv"),
            "id,date,user,pc,activity\n{A},01/08/2024 09:00:00,U1,PC-1,Logon\n{B},01/08/2024 09:01:00,U2,PC-2,Logoff\n{C},01/08/2024 09:02:00,U3,PC-3,Logon\n");

        var (exit, _, error) = await CommandRunner.RunAsync(
            "produce-logs", "--bootstrap", _cluster.BootstrapServers, "--dir", _directory.FullName, "--topics", "logon",
            "--rate", "100", "--cycles", "2", "--batch-size", "2");

        Assert.True(exit == 0, error);
        var envelopes = Read("logon", 6).Select(v => JsonDocument.Parse(v).RootElement).ToList();
        Assert.Equal(6, envelopes.Count);
        Assert.Equal(["1", "1", "1", "2", "2", "2"], envelopes.Select(e => e.GetProperty("batch_info").GetProperty("file_cycle").ToString()));
        Assert.Equal(["1", "1", "2", "1", "1", "2"], envelopes.Select(e => e.GetProperty("batch_info").GetProperty("batch_number").ToString()));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], envelopes.Select(e => e.GetProperty("total_records_sent").ToString()));
        Assert.All(envelopes, e => Assert.Equal("logon", e.GetProperty("log_type").GetString()));
        Assert.Equal("U2", envelopes[1].GetProperty("data").GetProperty("user").GetString());
    }

    [Fact]
    public async Task Without_dir_the_shipped_samples_of_the_seven_topics_are_replayed()
    {
        var (exit, _, error) = await CommandRunner.RunAsync(
            "produce-logs", "--bootstrap", _cluster.BootstrapServers, "--rate", "1000", "--cycles", "1", "--topics", "device,webserver");

        Assert.True(exit == 0, error);
        Assert.Contains("device, webserver", error, StringComparison.Ordinal);
        Assert.NotEmpty(Read("device", 1));
    }

    private List<string> Read(string topic, int count)
    {
        using var consumer = new KafkaClientFactory(new KafkaOptions { BootstrapServers = _cluster.BootstrapServers, ClientId = "produce-logs-tests" })
            .CreateConsumerBuilder<Ignore, string>($"produce-logs-tests-{Guid.NewGuid():N}", c => c.AutoOffsetReset = AutoOffsetReset.Earliest)
            .Build();
        consumer.Subscribe(topic);
        var values = new List<string>();
        var clock = Stopwatch.StartNew();
        while (values.Count < count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                values.Add(result.Message.Value);
            }
        }

        consumer.Close();
        return values;
    }
}
