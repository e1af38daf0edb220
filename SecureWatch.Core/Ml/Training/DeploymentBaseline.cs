using System.Globalization;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// A window of one deployment's own captured traffic, believed free of attacks, as NSL-KDD normal rows. NSL-KDD has
/// no normal record of some services a deployment runs (not one normal <c>ssh</c> connection, for instance), so the
/// shipped models call every such connection an attack; training the header28 models on NSL-KDD plus this window
/// teaches both the GBDT and the isolation forest what is normal here. Anything in the window is learned as normal.
/// </summary>
public static class DeploymentBaseline
{
    public const string NormalLabel = "normal";

    /// <summary>The record's header28 features in NSL-KDD column order; the content columns it lacks are 0.</summary>
    public static NslKddRecord ToNormalRecord(TrafficRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.FeatureSet != KddFeatureSet.Header28.Name)
        {
            throw new ArgumentException($"A baseline is made of {KddFeatureSet.Header28.Name} records, not {record.FeatureSet}.", nameof(record));
        }

        var names = KddFeatureSet.Kdd41.Names;
        var fields = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            fields[i] = record.Features.TryGetValue(names[i], out var value)
                ? value.Text ?? value.Number.ToString(CultureInfo.InvariantCulture)
                : "0";
        }

        return new NslKddRecord(fields, NormalLabel, null);
    }
}
