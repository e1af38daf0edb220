using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// One feature of the unique path TreeSHAP carries down a tree: the share of "feature absent" rows
/// (zero fraction, by training cover), whether the explained row follows the path (one fraction) and the
/// permutation weight of subsets of that size.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ShapPathElement(int feature, double zeroFraction, double oneFraction, double weight)
{
    public int Feature = feature;
    public double ZeroFraction = zeroFraction;
    public double OneFraction = oneFraction;
    public double Weight = weight;
}
