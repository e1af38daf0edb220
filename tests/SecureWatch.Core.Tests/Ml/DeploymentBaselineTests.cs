using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Training;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;

namespace SecureWatch.Core.Tests.Ml;

public sealed class DeploymentBaselineTests
{
    [Fact]
    public void A_captured_record_becomes_a_normal_nsl_kdd_row_with_its_28_features_in_place_and_no_content()
    {
        var record = new SyntheticTrafficGenerator(seed: 3).Next(DataSourceNames.PacketCapture, null, KddFeatureSet.Header28);

        var row = DeploymentBaseline.ToNormalRecord(record);

        Assert.Equal("normal", row.Label);
        var names = KddFeatureSet.Kdd41.Names;
        for (var i = 0; i < names.Count; i++)
        {
            var expected = record.Features.TryGetValue(names[i], out var value)
                ? value.Text ?? value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "0";
            Assert.Equal(expected, row.Fields[i]);
        }

        Assert.Equal(record.Features["service"].Text, row.Fields[2]);
        Assert.All(row.Fields.Skip(9).Take(13), field => Assert.Equal("0", field));
    }

    [Fact]
    public void A_kdd41_record_is_not_a_capture_baseline()
    {
        var record = new SyntheticTrafficGenerator(seed: 3).Next(DataSourceNames.ExternalKafka, "10.0.0.1", KddFeatureSet.Kdd41);

        Assert.Throws<ArgumentException>(() => DeploymentBaseline.ToNormalRecord(record));
    }
}
