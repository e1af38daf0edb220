using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// A 16-byte node of the scoring layout (four per cache line). A negative Feature marks a categorical
/// node over column <c>~Feature</c>, whose category bits live with the stored node of the same index.
/// Right directly follows Left so that a comparison result can index the pair.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct WalkNode(int feature, float threshold, int left, int right)
{
    public readonly int Feature = feature;
    public readonly float Threshold = threshold;
    public readonly int Left = left;
    public readonly int Right = right;
}
