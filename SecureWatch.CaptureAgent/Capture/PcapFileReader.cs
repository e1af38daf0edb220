using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// Reads classic pcap files (microsecond or nanosecond timestamps, either byte order) in 1 MiB blocks, handing out
/// each packet as a span of the block: no native call and no copy per packet, which made libpcap's
/// <c>pcap_next_ex</c> (two <c>fread</c>s and a P/Invoke per packet) a tenth of a replay. pcapng files and replays
/// with a BPF filter still go through libpcap (<see cref="TryOpen"/> returns null).
/// </summary>
internal sealed class PcapFileReader : IDisposable
{
    private const int BlockSize = 1 << 20;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int MaxCapturedLength = 1 << 18;
    private readonly FileStream _file;
    private readonly string _path;
    private readonly bool _bigEndian;
    private readonly bool _nanoseconds;
    private readonly byte[] _block = new byte[BlockSize + MaxCapturedLength + RecordHeaderLength];
    private int _start;
    private int _end;
    private bool _eof;
    private volatile bool _stopped;

    private PcapFileReader(FileStream file, string path, bool bigEndian, bool nanoseconds, int linkType)
    {
        _file = file;
        _path = path;
        _bigEndian = bigEndian;
        _nanoseconds = nanoseconds;
        LinkType = linkType;
    }

    public int LinkType { get; }

    /// <summary>The reader of a classic pcap file, or null when the file is something else for libpcap to read.</summary>
    public static PcapFileReader? TryOpen(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[FileHeaderLength];
        if (file.ReadAtLeast(header, FileHeaderLength, throwOnEndOfStream: false) < FileHeaderLength)
        {
            file.Dispose();
            return null;
        }

        bool bigEndian, nanoseconds;
        switch (BinaryPrimitives.ReadUInt32LittleEndian(header))
        {
            case 0xA1B2C3D4: (bigEndian, nanoseconds) = (false, false); break;
            case 0xA1B23C4D: (bigEndian, nanoseconds) = (false, true); break;
            case 0xD4C3B2A1: (bigEndian, nanoseconds) = (true, false); break;
            case 0x4D3CB2A1: (bigEndian, nanoseconds) = (true, true); break;
            default:
                file.Dispose();
                return null;
        }

        var linkField = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header[20..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        return new PcapFileReader(file, path, bigEndian, nanoseconds, (int)(linkField & 0x0FFF_FFFF));
    }

    public ReadResult Read(out CapturedPacket packet)
    {
        packet = default;
        if (_stopped)
        {
            return ReadResult.End;
        }

        if (!Ensure(RecordHeaderLength))
        {
            return _end == _start ? ReadResult.End
                : throw new CaptureException($"Reading from file {_path} failed: truncated dump file; the last packet header is cut short.");
        }

        var header = _block.AsSpan(_start, RecordHeaderLength);
        var seconds = Field(header);
        var fraction = Field(header[4..]);
        var captured = Field(header[8..]);
        var original = Field(header[12..]);
        if (captured > MaxCapturedLength)
        {
            throw new CaptureException($"Reading from file {_path} failed: a packet claims {captured} captured bytes; the file is corrupt.");
        }

        if (!Ensure(RecordHeaderLength + (int)captured))
        {
            throw new CaptureException($"Reading from file {_path} failed: truncated dump file; the last packet is cut short.");
        }

        var micros = (seconds * 1_000_000L) + (_nanoseconds ? fraction / 1000 : fraction);
        packet = new CapturedPacket(micros, _block.AsSpan(_start + RecordHeaderLength, (int)captured), (int)original);
        _start += RecordHeaderLength + (int)captured;
        return ReadResult.Packet;
    }

    public void Stop() => _stopped = true;

    public void Dispose() => _file.Dispose();

    private uint Field(ReadOnlySpan<byte> bytes) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    /// <summary>Makes <paramref name="count"/> bytes available from the read position; false at the end of the file.</summary>
    private bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        // The previous packet's span is no longer valid once Read is called again, so the tail can move.
        var remaining = _end - _start;
        _block.AsSpan(_start, remaining).CopyTo(_block);
        _start = 0;
        _end = remaining;
        while (_end < BlockSize && !_eof)
        {
            var read = _file.Read(_block, _end, BlockSize - _end);
            _eof = read == 0;
            _end += read;
        }

        return _end - _start >= count;
    }
}
