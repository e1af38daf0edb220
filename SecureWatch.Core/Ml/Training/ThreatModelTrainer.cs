using System.Diagnostics;
using System.Security.Cryptography;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Gbdt;
using SecureWatch.Core.Ml.Models;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// Trains the detector and classifier of one feature set from NSL-KDD records:
/// stratified validation split for early stopping; isolation forest on normal training rows;
/// leave-attack-type-out folds whose out-of-fold scores choose the thresholds so that attack types absent
/// from training are still caught; final models refitted on all rows with the rounds found.
/// </summary>
public static class ThreatModelTrainer
{
    /// <summary>NSL-KDD content features, 0-based: hot (10th) to is_guest_login (22nd).</summary>
    private const int ContentStart = 9;
    private const int ContentEnd = 21;

    public static ThreatTrainingResult Train(
        IReadOnlyList<NslKddRecord> records,
        KddFeatureSet set,
        ThreatTrainingOptions options,
        AttackCategoryMap? categoryMap = null,
        Action<string>? log = null)
    {
        var stopwatch = Stopwatch.StartNew();
        log ??= _ => { };
        var vectorizer = NslKddDataset.BuildVectorizer(set, records);
        var data = NslKddDataset.Create(records, vectorizer, categoryMap ?? AttackCategoryMap.Default);
        var attack = data.Categories.Select(c => c == AttackCategory.Normal ? 0 : 1).ToArray();
        var rng = new SplitMix64(options.Seed);
        var (trainRows, validationRows) = StratifiedSplit(data.Labels, options.ValidationFraction, ref rng);
        var train = data.Matrix.Select(trainRows);
        var validation = data.Matrix.Select(validationRows);
        int[] Pick(int[] labels, int[] rows) => [.. rows.Select(r => labels[r])];

        var classWeights = ClassWeights(data.Categories, trainRows, options.MaxClassWeight);
        var rowWeights = options.WeightDetectorByCategory
            ? data.Categories.Select(c => (float)classWeights[(int)c]).ToArray()
            : null;
        float[]? WeightsOf(int[] rows) => rowWeights is null ? null : [.. rows.Select(r => rowWeights[r])];
        var detectorOptions = options.Detector with { Seed = options.Seed, Objective = GbdtObjective.Binary };
        var detector = GbdtTrainer.Train(
            train, Pick(attack, trainRows), detectorOptions, WeightsOf(trainRows), validation, Pick(attack, validationRows));
        log($"{set.Name}: detector GBDT stopped at round {detector.BestRound} (validation log-loss {detector.ValidationLoss:F4})");

        var normalRows = data.Matrix.Select([.. trainRows.Where(r => attack[r] == 0)]);
        var forests = new List<IsolationForestModel> { IsolationForestTrainer.Train(normalRows, options.Anomaly with { Seed = options.Seed }) };
        int[] contentColumns = [.. Enumerable.Range(0, set.Count).Where(c => set.IndexesInKdd41[c] is >= ContentStart and <= ContentEnd)];
        if (options.ContentForest && contentColumns.Length > 0)
        {
            forests.Add(IsolationForestTrainer.Train(
                normalRows, options.Anomaly with { Seed = options.Seed + 1, Features = contentColumns }));
        }

        var forest = new AnomalyDetector(forests);
        var anomaly = new float[data.RowCount];
        for (var r = 0; r < data.RowCount; r++)
        {
            anomaly[r] = forest.Score(data.Matrix.Row(r));
        }

        var logOdds = new float[data.RowCount];
        foreach (var r in validationRows)
        {
            logOdds[r] = detector.Model.PredictLogOdds(data.Matrix.Row(r));
        }

        var (outOfFold, folds) = options.LeaveAttackTypeOut
            ? LeaveAttackTypeOut(
                data, attack, rowWeights, trainRows, detectorOptions with { Rounds = detector.BestRound, EarlyStoppingRounds = 0 }, options, log)
            : ([], []);

        var normals = validationRows.Where(r => attack[r] == 0).Select(r => new ThresholdCandidate(logOdds[r], anomaly[r], 1)).ToList();
        var known = validationRows.Where(r => attack[r] == 1).Select(r => new ThresholdCandidate(logOdds[r], anomaly[r], 1)).ToList();
        var novel = NovelCandidates(data, outOfFold, anomaly);
        var thresholds = options.LeaveAttackTypeOut
            ? ThresholdSelector.Choose(normals, known, novel, options)
            : new ThreatThresholds(0.5f, 2f, 1f);
        log($"{set.Name}: thresholds classifier {thresholds.ClassifierThreshold}, anomaly {thresholds.AnomalyThreshold:F4}");

        var classifierOptions = options.Classifier with
        {
            Seed = options.Seed,
            Objective = GbdtObjective.Multiclass,
            ClassCount = AttackCategoryNames.Count,
        };
        var categories = data.Categories.Select(c => (int)c).ToArray();
        var classifier = GbdtTrainer.Train(
            train,
            Pick(categories, trainRows),
            classifierOptions,
            [.. trainRows.Select(r => (float)classWeights[categories[r]])],
            validation,
            Pick(categories, validationRows));
        log($"{set.Name}: classifier GBDT stopped at round {classifier.BestRound} (validation log-loss {classifier.ValidationLoss:F4})");

        var validationMetrics = EvaluateSplit(data, validationRows, logOdds, anomaly, thresholds, forest, detector.Model, classifier.Model, set);

        // Refit on every row with the rounds early stopping found; thresholds and forest stay as validated.
        var allLabels = Enumerable.Range(0, data.RowCount).ToArray();
        var finalDetector = GbdtTrainer.Train(
            data.Matrix, attack, detectorOptions with { Rounds = detector.BestRound, EarlyStoppingRounds = 0 }, rowWeights);
        var finalClassifier = GbdtTrainer.Train(
            data.Matrix,
            categories,
            classifierOptions with { Rounds = classifier.BestRound, EarlyStoppingRounds = 0 },
            [.. allLabels.Select(r => (float)classWeights[categories[r]])]);
        var models = Package(set, vectorizer.Vocabularies, finalDetector.Model, forest, thresholds, finalClassifier.Model);

        var novelRows = outOfFold.Keys.ToList();
        var logit = MathF.Log(thresholds.ClassifierThreshold / (1 - thresholds.ClassifierThreshold));
        var report = new ThreatTrainingReport
        {
            FeatureSet = set.Name,
            ModelVersion = models.ModelVersion,
            TrainingRows = trainRows.Length,
            ValidationRows = validationRows.Length,
            DetectorRounds = detector.BestRound,
            ClassifierRounds = classifier.BestRound,
            Thresholds = thresholds,
            Validation = validationMetrics,
            ValidationFalsePositiveRate = ThresholdSelector.Rate(normals, logit, thresholds.AnomalyThreshold),
            NovelRecallClassifierAtHalf = novelRows.Count == 0 ? 0 : novelRows.Count(r => outOfFold[r] >= 0) / (double)novelRows.Count,
            NovelRecallCombined = novelRows.Count == 0
                ? 0
                : novelRows.Count(r => ThresholdSelector.IsAttack(new(outOfFold[r], anomaly[r], 1), logit, thresholds.AnomalyThreshold)) /
                    (double)novelRows.Count,
            LeaveAttackTypeOutAccuracy = LeaveOutAccuracy(normals, novelRows, outOfFold, anomaly, logit, thresholds),
            Folds = [.. folds.Select(f => Summarise(f, data.Labels, outOfFold, anomaly, logit, thresholds))],
            TrainingSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 1),
        };
        return new ThreatTrainingResult(models, report);
    }

    private static (int[] Train, int[] Validation) StratifiedSplit(string[] labels, double fraction, ref SplitMix64 rng)
    {
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            rng.Shuffle(rows.AsSpan());
            var held = rows.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(rows.Length * fraction));
            validation.AddRange(rows[..held]);
            train.AddRange(rows[held..]);
        }

        train.Sort();
        validation.Sort();
        return ([.. train], [.. validation]);
    }

    private static (Dictionary<int, float> OutOfFold, List<string[]> Folds) LeaveAttackTypeOut(
        NslKddDataset data,
        int[] attack,
        float[]? rowWeights,
        int[] trainRows,
        GbdtOptions foldOptions,
        ThreatTrainingOptions options,
        Action<string> log)
    {
        var typeCounts = data.Labels.Where((_, r) => attack[r] == 1)
            .GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var folds = typeCounts.Where(t => t.Value >= options.MinRowsForOwnFold).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new[] { t.Key }).ToList();
        var rare = typeCounts.Where(t => t.Value < options.MinRowsForOwnFold).Select(t => t.Key).Order(StringComparer.Ordinal).ToArray();
        if (rare.Length > 0)
        {
            folds.Add(rare);
        }

        var outOfFold = new Dictionary<int, float>();
        foreach (var fold in folds)
        {
            var held = fold.ToHashSet(StringComparer.Ordinal);
            var rows = trainRows.Where(r => !held.Contains(data.Labels[r])).ToArray();
            float[]? weights = rowWeights is null ? null : [.. rows.Select(r => rowWeights[r])];
            var model = GbdtTrainer.Train(data.Matrix.Select(rows), [.. rows.Select(r => attack[r])], foldOptions, weights).Model;
            for (var r = 0; r < data.RowCount; r++)
            {
                if (held.Contains(data.Labels[r]))
                {
                    outOfFold[r] = model.PredictLogOdds(data.Matrix.Row(r));
                }
            }

            log($"leave-out fold {string.Join('+', fold)} done");
        }

        return (outOfFold, folds);
    }

    /// <summary>Each held-out type weighs by the square root of its size, so neptune cannot drown out rare types.</summary>
    private static List<ThresholdCandidate> NovelCandidates(NslKddDataset data, Dictionary<int, float> outOfFold, float[] anomaly)
    {
        var counts = outOfFold.Keys.GroupBy(r => data.Labels[r]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. outOfFold.OrderBy(p => p.Key).Select(p =>
        {
            var count = counts[data.Labels[p.Key]];
            return new ThresholdCandidate(p.Value, anomaly[p.Key], Math.Sqrt(count) / count);
        })];
    }

    private static double[] ClassWeights(AttackCategory[] categories, int[] rows, double max)
    {
        var counts = new double[AttackCategoryNames.Count];
        foreach (var r in rows)
        {
            counts[(int)categories[r]]++;
        }

        var largest = counts.Max();
        return [.. counts.Select(c => c == 0 ? 1 : Math.Min(max, Math.Sqrt(largest / c)))];
    }

    private static ClassificationMetrics EvaluateSplit(
        NslKddDataset data, int[] rows, float[] logOdds, float[] anomaly, ThreatThresholds thresholds,
        AnomalyDetector forest, GbdtModel detector, GbdtModel classifier, KddFeatureSet set)
    {
        var header = new ModelHeader(ModelKind.ThreatDetector, "validation", set, [.. Enumerable.Repeat<Features.CategoricalVocabulary?>(null, set.Count)]);
        var combiner = new ThreatDetectorModel(header, detector, forest, thresholds);
        var truth = new AttackCategory[rows.Length];
        var predicted = new AttackCategory[rows.Length];
        Span<float> raw = stackalloc float[AttackCategoryNames.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            truth[i] = data.Categories[r];
            if (combiner.Combine(logOdds[r], anomaly[r]) >= 0.5f)
            {
                classifier.PredictRaw(data.Matrix.Row(r), raw);
                predicted[i] = AttackClassifierModel.MostLikelyAttackFromScores(raw);
            }
        }

        return ClassificationMetrics.Compute(truth, predicted);
    }

    private static double LeaveOutAccuracy(
        List<ThresholdCandidate> normals, List<int> novelRows, Dictionary<int, float> outOfFold, float[] anomaly, float logit, ThreatThresholds t)
    {
        var correct = normals.Count(n => !ThresholdSelector.IsAttack(n, logit, t.AnomalyThreshold)) +
            novelRows.Count(r => ThresholdSelector.IsAttack(new(outOfFold[r], anomaly[r], 1), logit, t.AnomalyThreshold));
        var total = normals.Count + novelRows.Count;
        return total == 0 ? 0 : (double)correct / total;
    }

    private static LeaveAttackTypeOutFold Summarise(
        string[] fold, string[] labels, Dictionary<int, float> outOfFold, float[] anomaly, float logit, ThreatThresholds thresholds)
    {
        var rows = outOfFold.Keys.Where(r => fold.Contains(labels[r], StringComparer.Ordinal)).ToList();
        double Share(Func<int, bool> hit) => rows.Count == 0 ? 0 : rows.Count(hit) / (double)rows.Count;
        return new LeaveAttackTypeOutFold(
            fold,
            rows.Count,
            Share(r => outOfFold[r] >= 0),
            Share(r => outOfFold[r] >= logit),
            Share(r => ThresholdSelector.IsAttack(new(outOfFold[r], anomaly[r], 1), logit, thresholds.AnomalyThreshold)));
    }

    private static FeatureSetModels Package(
        KddFeatureSet set,
        IReadOnlyList<Features.CategoricalVocabulary?> vocabularies,
        GbdtModel detector,
        AnomalyDetector forest,
        ThreatThresholds thresholds,
        GbdtModel classifier)
    {
        // model_version is derived from the model content, so the same seed reproduces the same version. It is
        // hashed over the format-1 layout, without the leaf covers: they explain verdicts but never change one.
        FeatureSetModels Build(string version) => new(
            new ThreatDetectorModel(new ModelHeader(ModelKind.ThreatDetector, version, set, vocabularies), detector, forest, thresholds),
            new AttackClassifierModel(new ModelHeader(ModelKind.AttackClassifier, version, set, vocabularies), classifier));

        var draft = Build(string.Empty);
        using var buffer = new MemoryStream();
        draft.Detector.Write(buffer, ModelHeader.FormatWithoutCovers);
        draft.Classifier.Write(buffer, ModelHeader.FormatWithoutCovers);
        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))[..12];
        return Build($"{set.Name}-gbdt-if-{hash}");
    }
}
