using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// UUIDv7 event ids (RFC 9562: Unix milliseconds of the wall clock, then 74 random bits), as
/// <see cref="Guid.CreateVersion7()"/> makes them, but drawing the random bits from a block filled once per
/// <see cref="IdsPerBlock"/> ids instead of one getrandom call per id. Not thread-safe: one per writer.
/// </summary>
internal sealed class EventIdGenerator
{
    private const int IdsPerBlock = 1024;
    private readonly byte[] _random = new byte[IdsPerBlock * 10];
    private int _next = IdsPerBlock;

    public Guid Next()
    {
        if (_next == IdsPerBlock)
        {
            RandomNumberGenerator.Fill(_random);
            _next = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        var random = _random.AsSpan(_next++ * 10, 10);
        var millis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], millis << 16);
        bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F));
        random[3..].CopyTo(bytes[9..]);
        return new Guid(bytes, bigEndian: true);
    }
}
