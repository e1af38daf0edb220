using System.Numerics;

namespace SecureWatch.Core.Whitelist;

/// <summary>A whitelist network as the inclusive integer range of its addresses.</summary>
internal readonly record struct NetworkRange<T>(T Start, T End, long Id)
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>;
