using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Benchmarks.Ml;

/// <summary>
/// Throughput of the shipped models on batches of real NSL-KDD rows (random rows over the model's vocabulary
/// when the data set is absent). Each operation is one row, so the reported mean is time per row and the
/// allocation column must read 0 B.
/// </summary>
[MemoryDiagnoser]
public class ThreatScoringBenchmarks
{
    private const int Rows = 4096;

    private ThreatScorer _scorer = null!;
    private FeatureSetModels _models = null!;
    private float[] _rows = [];
    private float[] _logOdds = [];
    private Prediction[] _predictions = [];

    [Params("kdd41", "header28")]
    public string FeatureSet { get; set; } = "kdd41";

    [GlobalSetup]
    public void Setup()
    {
        KddFeatureSet.TryGet(FeatureSet, out var set);
        _scorer = ThreatModelLoader.LoadEmbedded();
        _models = _scorer.ModelsFor(set);
        _rows = NslKddRows.Load(_models, Rows);
        _logOdds = new float[Rows];
        _predictions = new Prediction[Rows];
    }

    /// <summary>The binary GBDT of the threat detector, batched.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public void DetectorGbdtBatch() => _models.Detector.Classifier.PredictRawBatch(_rows, _logOdds);

    /// <summary>Full verdicts: GBDT, isolation forest, and the classifier for rows judged attacks.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public void ScoreBatch() => _scorer.ScoreBatch(_models.FeatureSet, _rows, _predictions);

    /// <summary>The single-record path a consumer without batching would take.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ScoreRowByRow()
    {
        var set = _models.FeatureSet;
        var width = set.Count;
        var attacks = 0;
        for (var r = 0; r < Rows; r++)
        {
            attacks += _scorer.Score(set, _rows.AsSpan(r * width, width)).IsAttack ? 1 : 0;
        }

        return attacks;
    }
}
