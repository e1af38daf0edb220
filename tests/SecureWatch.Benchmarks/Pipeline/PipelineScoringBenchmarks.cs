using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// The per-record CPU stages of the pipeline: contract parsing (allocates the record it returns) and
/// vectorising + scoring (must allocate nothing).
/// </summary>
[MemoryDiagnoser]
public class PipelineScoringBenchmarks
{
    private byte[] _value = [];
    private TrafficRecord _record = null!;
    private ThreatScorer _scorer = null!;
    private FeatureSetModels _models = null!;
    private float[] _row = [];

    [GlobalSetup]
    public void Setup()
    {
        _record = new SyntheticTrafficGenerator(1).Next(DataSourceNames.ExternalKafka, "198.51.100.7");
        _value = TrafficRecordJson.SerializeToUtf8Bytes(_record);
        _scorer = ThreatModelLoader.LoadEmbedded();
        _models = _scorer.ModelsFor(KddFeatureSet.Kdd41);
        _row = new float[KddFeatureSet.Kdd41.Count];
    }

    [Benchmark]
    public bool ParseAndValidate() => TrafficRecordParser.TryParse(_value, out _, out _, out _);

    [Benchmark]
    public float VectorizeAndScore()
    {
        TrafficRecordVectorizer.Vectorize(_models.Vectorizer, _record, _row);
        return _scorer.Score(KddFeatureSet.Kdd41, _row).AttackProbability;
    }
}
