namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// Binary and five-class quality of predicted categories against the truth: accuracy, per-class recall,
/// macro-F1 over the classes present in the truth or the predictions, and the confusion matrix (row = truth).
/// </summary>
public sealed class ClassificationMetrics
{
    private const int Classes = AttackCategoryNames.Count;

    private ClassificationMetrics(int[][] confusion)
    {
        Confusion = confusion;
        Rows = confusion.Sum(r => r.Sum());
        var correct = 0;
        var binaryCorrect = 0;
        for (var t = 0; t < Classes; t++)
        {
            for (var p = 0; p < Classes; p++)
            {
                correct += t == p ? confusion[t][p] : 0;
                binaryCorrect += (t == 0) == (p == 0) ? confusion[t][p] : 0;
            }
        }

        CategoryAccuracy = Rows == 0 ? 0 : (double)correct / Rows;
        BinaryAccuracy = Rows == 0 ? 0 : (double)binaryCorrect / Rows;
        var recall = new Dictionary<string, double?>();
        var f1Sum = 0.0;
        var f1Classes = 0;
        for (var c = 0; c < Classes; c++)
        {
            var truth = confusion[c].Sum();
            var predicted = confusion.Sum(r => r[c]);
            var tp = confusion[c][c];
            recall[AttackCategoryNames.All[c]] = truth == 0 ? null : (double)tp / truth;
            if (truth + predicted == 0)
            {
                continue;
            }

            f1Sum += 2.0 * tp / (truth + predicted);
            f1Classes++;
        }

        PerClassRecall = recall;
        MacroF1 = f1Classes == 0 ? 0 : f1Sum / f1Classes;
    }

    public int Rows { get; }

    /// <summary>Attack versus normal.</summary>
    public double BinaryAccuracy { get; }

    public double CategoryAccuracy { get; }

    public double MacroF1 { get; }

    /// <summary>Recall per category name; null for a class absent from the truth.</summary>
    public IReadOnlyDictionary<string, double?> PerClassRecall { get; }

    /// <summary>5x5 counts, row = true category, column = predicted category, in <see cref="AttackCategory"/> order.</summary>
    public int[][] Confusion { get; }

    public static ClassificationMetrics Compute(ReadOnlySpan<AttackCategory> truth, ReadOnlySpan<AttackCategory> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException("One prediction per truth is required.", nameof(predicted));
        }

        var confusion = new int[Classes][];
        for (var c = 0; c < Classes; c++)
        {
            confusion[c] = new int[Classes];
        }

        for (var i = 0; i < truth.Length; i++)
        {
            confusion[(int)truth[i]][(int)predicted[i]]++;
        }

        return new ClassificationMetrics(confusion);
    }
}
