using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using SecureWatch.Benchmarks.Whitelist;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// Sustained end-to-end throughput of the real host on its embedded Kafka and PostgreSQL: one operation is one
/// record produced to the internal source's topic, stored in traffic_data and its prediction acknowledged on the
/// predictions topic. Needs SECUREWATCH_BENCH_DB (scripts/bench.sh sets it).
/// </summary>
[Config(typeof(WhitelistBenchDatabaseConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PipelineEndToEndBenchmarks
{
    private const int RecordsPerInvoke = 20_000;

    private BenchPipelineHost? _host;
    private IProducer<byte[]?, byte[]>? _producer;
    private PipelineCounters? _counters;
    private BenchTrafficTemplates? _templates;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchPipelineHost.Start(WhitelistBenchDatabaseConfig.ConnectionString!);
        _counters = _host.Counters;
        _producer = _host.CreateProducer(lingerMs: 20);
        _templates = new BenchTrafficTemplates(2048, seed: 9);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void ProduceStoreAndPredict()
    {
        var storedTarget = _counters!.Stored + RecordsPerInvoke;
        var publishedTarget = _counters.Published + RecordsPerInvoke;
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            _producer!.Produce("network-traffic", new Message<byte[]?, byte[]> { Value = _templates!.WithEventId(i, Guid.NewGuid()) });
        }

        _producer!.Flush(TimeSpan.FromMinutes(1));
        while (_counters.Stored < storedTarget || _counters.Published < publishedTarget)
        {
            Thread.Sleep(5);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _producer?.Dispose();
        _host?.Dispose();
    }
}
