using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// One internal node of a flattened tree. A child index &gt;= 0 is another node; a negative child
/// <c>c</c> is the leaf <c>~c</c>. Numeric nodes send <c>x &lt;= Threshold</c> left (NaN goes right);
/// categorical nodes send a code left when its bit is set in the model's category bitset words, and a code
/// outside the vocabulary left when Threshold is 1 (the side most training rows took).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct GbdtNode(int Feature, float Threshold, int Left, int Right, int CategoryOffset, int CategoryWords)
{
    public bool IsCategorical => CategoryOffset >= 0;
}
