using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Benchmarks.Ml;

/// <summary>
/// Explaining attack records with the shipped models (TreeSHAP for GBDT verdicts, isolation path attribution for
/// anomaly verdicts). Each operation is one attack record; the allocation column is the stored result alone
/// (the explanation and its five features), all scratch being on the stack. Normal records are never explained.
/// </summary>
[MemoryDiagnoser]
public class ThreatExplanationBenchmarks
{
    private const int Attacks = 512;

    private FeatureSetModels _models = null!;
    private float[] _attacks = [];

    [Params("kdd41", "header28")]
    public string FeatureSet { get; set; } = "kdd41";

    [GlobalSetup]
    public void Setup()
    {
        KddFeatureSet.TryGet(FeatureSet, out var set);
        var scorer = ThreatModelLoader.LoadEmbedded();
        _models = scorer.ModelsFor(set);
        var width = set.Count;
        var rows = NslKddRows.Load(_models, 4096);
        var predictions = new Prediction[rows.Length / width];
        scorer.ScoreBatch(set, rows, predictions);
        var attackRows = Enumerable.Range(0, predictions.Length).Where(r => predictions[r].IsAttack).ToList();
        _attacks = new float[Attacks * width];
        for (var i = 0; i < Attacks; i++)
        {
            rows.AsSpan(attackRows[i % attackRows.Count] * width, width).CopyTo(_attacks.AsSpan(i * width, width));
        }
    }

    [Benchmark(OperationsPerInvoke = Attacks)]
    public int ExplainAttack()
    {
        var width = _models.Vectorizer.Width;
        var features = 0;
        for (var i = 0; i < Attacks; i++)
        {
            features += _models.Explainer.Explain(_attacks.AsSpan(i * width, width))!.Features.Count;
        }

        return features;
    }
}
