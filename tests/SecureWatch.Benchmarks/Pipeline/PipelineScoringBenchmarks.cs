using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// The per-record CPU stages of the pipeline: contract parsing (allocates the record it returns) and
/// vectorising + scoring (must allocate nothing).
/// </summary>
[MemoryDiagnoser]
public class PipelineScoringBenchmarks
{
    private byte[] value = [];
    private TrafficRecord record = null!;
    private ThreatScorer scorer = null!;
    private FeatureSetModels models = null!;
    private float[] row = [];

    [GlobalSetup]
    public void Setup()
    {
        record = new SyntheticTrafficGenerator(1).Next(TrafficContract.ExternalKafkaSource, "198.51.100.7");
        value = TrafficRecordJson.SerializeToUtf8Bytes(record);
        scorer = ThreatModelLoader.LoadEmbedded();
        models = scorer.ModelsFor(KddFeatureSet.Kdd41);
        row = new float[KddFeatureSet.Kdd41.Count];
    }

    [Benchmark]
    public bool ParseAndValidate() => TrafficRecordParser.TryParse(value, out _, out _, out _);

    [Benchmark]
    public float VectorizeAndScore()
    {
        TrafficRecordVectorizer.Vectorize(models.Vectorizer, record, row);
        return scorer.Score(KddFeatureSet.Kdd41, row).AttackProbability;
    }
}
