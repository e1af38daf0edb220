using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// One internal node of a flattened tree. A child index &gt;= 0 is another node; a negative child
/// <c>c</c> is the leaf <c>~c</c>. Numeric nodes send <c>x &lt;= Threshold</c> left (NaN goes right);
/// categorical nodes send a code left when its bit is set in the model's category bitset words, and a code
/// outside the vocabulary left when Threshold is 1 (the side most training rows took).
/// Fields, not properties, and Left directly followed by Right: scoring indexes the pair by the comparison.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct GbdtNode(int feature, float threshold, int left, int right, int categoryOffset, int categoryWords)
{
    public readonly int Feature = feature;
    public readonly float Threshold = threshold;
    public readonly int Left = left;
    public readonly int Right = right;
    public readonly int CategoryOffset = categoryOffset;
    public readonly int CategoryWords = categoryWords;

    public bool IsCategorical => CategoryOffset >= 0;
}
