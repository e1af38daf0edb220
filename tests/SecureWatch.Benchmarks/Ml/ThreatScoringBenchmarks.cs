using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

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
        _rows = LoadRows(_models);
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

    private static float[] LoadRows(FeatureSetModels models)
    {
        var width = models.Vectorizer.Width;
        var file = FindDataFile();
        if (file is not null)
        {
            var records = NslKddReader.ReadFile(file).Take(Rows).ToList();
            var data = NslKddDataset.Create(records, models.Vectorizer, AttackCategoryMap.Default);
            return data.Matrix.Values;
        }

        var random = new Random(1);
        var rows = new float[Rows * width];
        for (var i = 0; i < rows.Length; i++)
        {
            var vocabulary = models.Vectorizer.Vocabularies[i % width];
            rows[i] = vocabulary is null ? random.Next(0, 2) == 0 ? 0 : random.NextSingle() * 255 : random.Next(vocabulary.Count);
        }

        return rows;
    }

    private static string? FindDataFile()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SECUREWATCH_NSLKDD_DIR");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(dir.FullName, "..", "shared", "datasets", "nsl-kdd", "KDDTrain+_20Percent.txt")
                : Path.Combine(fromEnvironment, "KDDTrain+_20Percent.txt");
            if (File.Exists(Path.Combine(dir.FullName, "SecureWatch.slnx")) || !string.IsNullOrEmpty(fromEnvironment))
            {
                return File.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
