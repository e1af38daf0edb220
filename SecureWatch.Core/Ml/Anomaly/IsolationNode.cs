using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Anomaly;

/// <summary>
/// Internal node: <c>x &lt; Threshold</c> goes left. Children &lt; 0 are leaves (<c>~leaf</c>) in the stored
/// form; in the scoring layout leaves are nodes pointing to themselves. Right directly follows Left.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct IsolationNode(int feature, float threshold, int left, int right)
{
    public readonly int Feature = feature;
    public readonly float Threshold = threshold;
    public readonly int Left = left;
    public readonly int Right = right;
}
