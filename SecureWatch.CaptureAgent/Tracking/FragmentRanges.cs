using System.Runtime.CompilerServices;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Start/end byte offsets (pairs) of the fragments seen of one datagram, stored inline.</summary>
[InlineArray(Capacity * 2)]
internal struct FragmentRanges
{
    public const int Capacity = 8;
    private int _element;
}
