using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Tests.Ml;

public sealed class TreeShapTests
{
    public static TheoryData<string> FeatureSets => ["kdd41", "header28"];

    [NslKddDataTheory]
    [MemberData(nameof(FeatureSets))]
    public void ContributionsSumToTheLogOddsMinusTheBaseValueOnRealRows(string setName)
    {
        KddFeatureSet.TryGet(setName, out var set);
        var (models, data) = ShippedRows.Load(set, 3000);
        var gbdt = models.Detector.Classifier;
        var shap = new TreeShap(gbdt);
        var phi = new double[set.Count];
        var path = new ShapPathElement[shap.PathBufferLength];

        for (var r = 0; r < data.RowCount; r++)
        {
            var row = data.Matrix.Row(r);
            Array.Clear(phi);
            shap.Explain(row, phi, path);

            var logOdds = gbdt.PredictLogOdds(row);
            Assert.True(
                Math.Abs(phi.Sum() + shap.BaseValue - logOdds) < 1e-3,
                $"row {r}: base {shap.BaseValue} + sum {phi.Sum()} != log-odds {logOdds}");
        }
    }

    [NslKddDataTheory]
    [MemberData(nameof(FeatureSets))]
    public void ContributionsAreTheExactShapleyValuesOfTheCoverWeightedExpectation(string setName)
    {
        KddFeatureSet.TryGet(setName, out var set);
        var (models, data) = ShippedRows.Load(set, 40);
        var gbdt = models.Detector.Classifier;
        var shap = new TreeShap(gbdt);
        var path = new ShapPathElement[shap.PathBufferLength];

        for (var r = 0; r < data.RowCount; r++)
        {
            var row = data.Matrix.Row(r).ToArray();
            var phi = new double[set.Count];
            shap.Explain(row, phi, path);

            var expected = BruteForceShapley(gbdt, row);
            for (var f = 0; f < set.Count; f++)
            {
                Assert.True(Math.Abs(expected[f] - phi[f]) < 1e-6, $"row {r}, {set.Names[f]}: {phi[f]} != brute force {expected[f]}");
            }
        }
    }

    /// <summary>
    /// Shapley values by enumerating every coalition of each tree's features (the values of a sum of trees are
    /// the sums of theirs), with v(S) = the tree's output when features outside S follow both branches by cover.
    /// </summary>
    private static double[] BruteForceShapley(GbdtModel model, float[] row)
    {
        var phi = new double[model.FeatureCount];
        foreach (var root in model.Roots.ToArray())
        {
            var features = new SortedSet<int>();
            Collect(model, root, features);
            var used = features.ToArray();
            var n = used.Length;
            for (var i = 0; i < n; i++)
            {
                for (var mask = 0; mask < 1 << n; mask++)
                {
                    if ((mask & (1 << i)) != 0)
                    {
                        continue;
                    }

                    var size = int.PopCount(mask);
                    var weight = Factorial(size) * Factorial(n - size - 1) / Factorial(n);
                    var without = used.Where((_, j) => (mask & (1 << j)) != 0).ToHashSet();
                    var with = new HashSet<int>(without) { used[i] };
                    phi[used[i]] += weight * (Expect(model, root, row, with) - Expect(model, root, row, without));
                }
            }
        }

        return phi;
    }

    private static double Expect(GbdtModel model, int node, float[] row, HashSet<int> known)
    {
        if (node < 0)
        {
            return model.Leaves[~node];
        }

        var split = model.Nodes[node];
        if (known.Contains(split.Feature))
        {
            return Expect(model, model.GoesLeft(node, row[split.Feature]) ? split.Left : split.Right, row, known);
        }

        var left = Cover(model, split.Left);
        var right = Cover(model, split.Right);
        return ((left * Expect(model, split.Left, row, known)) + (right * Expect(model, split.Right, row, known))) / (left + right);
    }

    private static double Cover(GbdtModel model, int node) =>
        node < 0 ? model.LeafCovers[~node] : Cover(model, model.Nodes[node].Left) + Cover(model, model.Nodes[node].Right);

    private static void Collect(GbdtModel model, int node, SortedSet<int> features)
    {
        if (node >= 0)
        {
            features.Add(model.Nodes[node].Feature);
            Collect(model, model.Nodes[node].Left, features);
            Collect(model, model.Nodes[node].Right, features);
        }
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
