using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using Confluent.Kafka;
using SecureWatch.Core.Features;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Providers;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>produce --sender-ip IP [--topic T] [--rate N] [--count N] [--secret S] [--data NSL-KDD | --jsonl FILE]
/// [--bootstrap SERVERS]</c>: acts as an external provider, sending <c>securewatch.traffic.v1</c> records with the
/// sender_ip header (and the signature header when a secret is given) at a steady rate. Records come from an NSL-KDD
/// file, from a JSON-lines file (sent byte for byte), or from built-in templates. Without --bootstrap it uses
/// Kafka__BootstrapServers, else the embedded cluster's address in the data directory's kafka-bootstrap file.
/// </summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        var topic = new Option<string>("--topic") { Description = "Topic to send to.", DefaultValueFactory = _ => "external-traffic" };
        var rate = new Option<double>("--rate") { Description = "Records per second.", DefaultValueFactory = _ => 10 };
        var count = new Option<long>("--count") { Description = "Records to send; 0 sends until interrupted.", DefaultValueFactory = _ => 0 };
        var sender = new Option<string>("--sender-ip") { Description = "The provider's address (sender_ip header and field).", Required = true };
        var secret = new Option<string?>("--secret") { Description = "Signing secret: adds the HMAC-SHA256 signature header." };
        var data = new Option<FileInfo?>("--data") { Description = "NSL-KDD file to take features from (cycled)." };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "JSON-lines file whose lines are sent as they are (cycled)." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers." };
        var sourceHosts = new Option<int>("--source-hosts")
        {
            Description = "Built-in and NSL-KDD records come from this many hosts (10.0.0.1 up); 0: a random address each.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("produce", "Send traffic records to Kafka as an external provider would.")
        {
            topic, rate, count, sender, secret, data, jsonl, bootstrap, sourceHosts,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(data) is not null && result.GetValue(jsonl) is not null)
            {
                result.AddError("--data and --jsonl are alternatives; give one.");
            }

            if (!IPAddress.TryParse(result.GetValue(sender) ?? "", out _))
            {
                result.AddError("--sender-ip must be an IPv4 or IPv6 address.");
            }

            if (result.GetValue(sourceHosts) is < 0 or > 65534)
            {
                result.AddError("--source-hosts must be 0 to 65534.");
            }

            if (result.GetValue(rate) <= 0)
            {
                result.AddError("--rate must be positive.");
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var servers = parseResult.GetValue(bootstrap) ?? FindBootstrap();
            if (servers is null)
            {
                error.WriteLine("No Kafka to send to: pass --bootstrap, set Kafka__BootstrapServers, or start the host (it writes "
                    + $"{DataDirectory.BootstrapFile(Configuration())}).");
                return Task.FromResult(2);
            }

            var senderIp = parseResult.GetRequiredValue(sender);
            var values = Values(parseResult.GetValue(data), parseResult.GetValue(jsonl), senderIp, parseResult.GetValue(sourceHosts));
            var options = new Settings(
                parseResult.GetRequiredValue(topic), parseResult.GetValue(rate), parseResult.GetValue(count), senderIp,
                parseResult.GetValue(secret) is { } s ? Encoding.UTF8.GetBytes(s) : null);
            return Task.FromResult(Send(servers, options, values, error, cancellationToken));
        });
        return command;
    }

    private static int Send(string servers, Settings settings, IEnumerable<byte[]> values, TextWriter error, CancellationToken cancellationToken)
    {
        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = servers, ClientId = "securewatch-produce" });
        using var producer = clients.CreateProducerBuilder<byte[]?, byte[]>().Build();
        long sent = 0;
        long failed = 0;
        var clock = Stopwatch.StartNew();
        using var source = values.GetEnumerator();
        while (!cancellationToken.IsCancellationRequested && (settings.Count == 0 || sent < settings.Count) && source.MoveNext())
        {
            // Steady pacing: record n leaves at n / rate seconds, whatever the previous sends cost.
            var due = TimeSpan.FromSeconds(sent / settings.Rate) - clock.Elapsed;
            if (due > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(due))
            {
                break;
            }

            var value = source.Current;
            var headers = new Headers { { PipelineHeaders.SenderIp, Encoding.UTF8.GetBytes(settings.SenderIp) } };
            if (settings.Secret is { } key)
            {
                headers.Add(PipelineHeaders.Signature, Encoding.ASCII.GetBytes(PayloadSignature.Compute(key, value)));
            }

            producer.Produce(settings.Topic, new Message<byte[]?, byte[]> { Value = value, Headers = headers }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
            });
            sent++;
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        error.WriteLine($"produced {sent} records to {settings.Topic} on {servers} in {clock.Elapsed.TotalSeconds:F1} s ({Interlocked.Read(ref failed)} failed)");
        return Interlocked.Read(ref failed) == 0 ? 0 : 1;
    }

    private static IEnumerable<byte[]> Values(FileInfo? data, FileInfo? jsonl, string senderIp, int sourceHosts)
    {
        if (jsonl is not null)
        {
            var lines = File.ReadLines(jsonl.FullName).Where(l => !string.IsNullOrWhiteSpace(l)).Select(Encoding.UTF8.GetBytes).ToList();
            return lines.Count == 0 ? [] : Cycle(lines);
        }

        var generator = new SyntheticTrafficGenerator(Environment.TickCount) { SourceHosts = sourceHosts };
        if (data is not null)
        {
            var rows = NslKddReader.ReadFile(data.FullName);
            return rows.Count == 0 ? [] : Cycle(rows).Select(row =>
            {
                var template = generator.Next(DataSourceNames.ExternalKafka, senderIp);
                return TrafficRecordJson.SerializeToUtf8Bytes(SyntheticTrafficGenerator.FromNslKdd(
                    row, KddFeatureSet.Kdd41, DataSourceNames.ExternalKafka, senderIp, template.Flow, Guid.NewGuid(), DateTimeOffset.UtcNow));
            });
        }

        return Forever().Select(_ => TrafficRecordJson.SerializeToUtf8Bytes(generator.Next(DataSourceNames.ExternalKafka, senderIp)));
    }

    private static IEnumerable<T> Cycle<T>(IReadOnlyList<T> items)
    {
        while (true)
        {
            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<int> Forever()
    {
        while (true)
        {
            yield return 0;
        }
    }

    internal static IConfiguration Configuration() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    internal static string? FindBootstrap()
    {
        var configuration = Configuration();
        if (KafkaOptions.FromConfiguration(configuration) is { HasBootstrapServers: true } configured)
        {
            return configured.BootstrapServers;
        }

        var file = DataDirectory.BootstrapFile(configuration);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private sealed record Settings(string Topic, double Rate, long Count, string SenderIp, byte[]? Secret);
}
