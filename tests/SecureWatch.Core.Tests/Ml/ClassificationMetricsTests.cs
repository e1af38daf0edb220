using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void MetricsMatchAHandComputedExample()
    {
        AttackCategory[] truth = [AttackCategory.Normal, AttackCategory.Normal, AttackCategory.Dos, AttackCategory.Dos, AttackCategory.R2l];
        AttackCategory[] predicted = [AttackCategory.Normal, AttackCategory.Dos, AttackCategory.Dos, AttackCategory.Probe, AttackCategory.Normal];

        var metrics = ClassificationMetrics.Compute(truth, predicted);

        Assert.Equal(5, metrics.Rows);
        Assert.Equal(0.4, metrics.CategoryAccuracy, 10);
        Assert.Equal(0.6, metrics.BinaryAccuracy, 10);
        Assert.Equal(0.5, metrics.PerClassRecall["normal"]);
        Assert.Equal(0.0, metrics.PerClassRecall["r2l"]);
        Assert.Null(metrics.PerClassRecall["u2r"]);
        Assert.Equal(1, metrics.Confusion[(int)AttackCategory.Dos][(int)AttackCategory.Probe]);

        // F1: normal 2/4, dos 2/4, probe 0, r2l 0; u2r is absent from truth and predictions.
        Assert.Equal(0.25, metrics.MacroF1, 10);
    }
}
