using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>
/// Cost of one traffic record from the tracker's structs to output bytes; one operation is one record. The
/// records are the agent's own, from replaying the synthetic traffic. JSON lines must allocate 0 B/op; a Kafka
/// message allocates the Message object, its 36-byte key and its value array
/// (24 B + the JSON length) and nothing more.
/// <see cref="FactoryAndSerializer"/> is the agent's previous path (TrafficRecord, dictionary, JsonSerializer).
/// </summary>
[MemoryDiagnoser]
public class RecordOutputBenchmarks
{
    private const int Records = 4_096;
    private readonly List<(CompletedConnection Connection, KddFeatureVector Features)> _records = [];
    private JsonlTrafficRecordSink _jsonl = null!;
    private KafkaRecordMessageWriter _kafka = null!;
    private Utf8JsonWriter _serializerWriter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sink = new CollectingSink(_records, Records);
        var tracker = new ConnectionTracker(new TrackerOptions(), new FeatureCalculator(sink));
        var traffic = SyntheticTraffic.Generate(200_000);
        var packet = default(CaptureAgent.Decoding.DecodedPacket);
        for (var i = 0; i < traffic.Count && _records.Count < Records; i++)
        {
            if (CaptureAgent.Decoding.PacketDecoder.Decode(CaptureAgent.Decoding.LinkTypes.Ethernet, traffic.TimestampsMicros[i], traffic.Frames[i], ref packet)
                == CaptureAgent.Decoding.DecodeOutcome.Decoded)
            {
                tracker.Process(ref packet);
            }
        }

        tracker.FlushAll();
        _jsonl = new JsonlTrafficRecordSink(Stream.Null, ownsStream: false);
        _kafka = new KafkaRecordMessageWriter();
        _serializerWriter = new Utf8JsonWriter(Stream.Null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _jsonl.Dispose();
        _kafka.Dispose();
        _serializerWriter.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public void JsonLine()
    {
        foreach (var (connection, features) in _records)
        {
            _jsonl.Publish(connection, features);
        }
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long KafkaMessage()
    {
        var bytes = 0L;
        foreach (var (connection, features) in _records)
        {
            bytes += _kafka.Create(connection, features).Value.Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Records, Baseline = true)]
    public void FactoryAndSerializer()
    {
        foreach (var (connection, features) in _records)
        {
            _serializerWriter.Reset();
            TrafficRecordJson.Serialize(_serializerWriter, TrafficRecordFactory.Create(connection, features));
            _serializerWriter.Flush();
        }
    }

    private sealed class CollectingSink(List<(CompletedConnection, KddFeatureVector)> records, int limit) : IFeatureRecordSink
    {
        public void OnRecord(in CompletedConnection connection, in KddFeatureVector features)
        {
            if (records.Count < limit)
            {
                records.Add((connection, features));
            }
        }
    }
}
