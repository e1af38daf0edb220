using SecureWatch.CaptureAgent.Native;
using SecureWatch.Core.Pcap;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// A live interface or a .pcap/.pcapng file read through libpcap with <c>pcap_next_ex</c>; a classic pcap file
/// replayed without a filter is read by <see cref="PcapFileReader"/> instead.
/// </summary>
internal sealed unsafe class PacketSource : IDisposable
{
    private readonly PcapHandle? _pcap;
    private readonly PcapFileReader? _file;
    private int _selectableFd = -1;
    private int _waitMilliseconds;

    private PacketSource(PcapHandle pcap, string description, bool isLive)
    {
        _pcap = pcap;
        Description = description;
        IsLive = isLive;
        LinkType = LibPcap.DataLink(pcap);
    }

    private PacketSource(PcapFileReader file, string description)
    {
        _file = file;
        Description = description;
        LinkType = file.LinkType;
    }

    public string Description { get; }

    public bool IsLive { get; }

    /// <summary>The DLT_* value of the capture (see <see cref="Decoding.LinkTypes"/>).</summary>
    public int LinkType { get; }

    public static PacketSource OpenLive(LiveCaptureOptions options, string? filter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errorBuffer = stackalloc byte[LibPcap.ErrorBufferSize];
        var pcap = LibPcap.Create(options.Interface, errorBuffer);
        if (pcap.IsInvalid)
        {
            pcap.Dispose();
            throw new CaptureException($"Cannot open interface '{options.Interface}': {LibPcap.ErrorBufferText(errorBuffer)}");
        }

        try
        {
            Check(pcap, LibPcap.SetSnapshotLength(pcap, options.SnapshotLength), "set the snapshot length");
            Check(pcap, LibPcap.SetPromiscuous(pcap, options.Promiscuous ? 1 : 0), "set promiscuous mode");
            Check(pcap, LibPcap.SetTimeout(pcap, options.ReadTimeoutMilliseconds), "set the read timeout");
            Check(pcap, LibPcap.SetBufferSize(pcap, options.BufferSizeBytes), "set the kernel buffer size");
            Check(pcap, LibPcap.SetImmediateMode(pcap, options.ImmediateMode ? 1 : 0), "set immediate mode");
            var status = LibPcap.Activate(pcap);
            if (status < 0)
            {
                throw new CaptureException(ActivationFailure(options.Interface, status, LibPcap.ErrorText(pcap)));
            }

            if (LibPcap.SetNonBlocking(pcap, 1, errorBuffer) != 0)
            {
                throw new CaptureException($"libpcap could not make the capture non-blocking: {LibPcap.ErrorBufferText(errorBuffer)}");
            }

            var source = new PacketSource(pcap, $"interface {options.Interface}", isLive: true)
            {
                _selectableFd = LibPcap.GetSelectableFileDescriptor(pcap),
                _waitMilliseconds = options.ReadTimeoutMilliseconds,
            };
            source.ApplyFilter(filter);
            return source;
        }
        catch
        {
            pcap.Dispose();
            throw;
        }
    }

    /// <summary>Opens a capture file; libpcap recognises both the pcap and the pcapng format.</summary>
    public static PacketSource OpenFile(string path, string? filter)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(filter) && PcapFileReader.TryOpen(path) is { } reader)
        {
            return new PacketSource(reader, $"file {path}");
        }

        var errorBuffer = stackalloc byte[LibPcap.ErrorBufferSize];
        var pcap = LibPcap.OpenOffline(path, errorBuffer);
        if (pcap.IsInvalid)
        {
            pcap.Dispose();
            throw new CaptureException($"Cannot read capture file '{path}': {LibPcap.ErrorBufferText(errorBuffer)}");
        }

        var source = new PacketSource(pcap, $"file {path}", isLive: false);
        try
        {
            source.ApplyFilter(filter);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public ReadResult Read(out CapturedPacket packet)
    {
        if (_file is not null)
        {
            return _file.Read(out packet);
        }

        var pcap = _pcap!;
        PcapPacketHeader* header;
        byte* data;
        var status = LibPcap.NextEx(pcap, &header, &data);
        if (status == 0 && _selectableFd >= 0 && WaitReadable())
        {
            status = LibPcap.NextEx(pcap, &header, &data);
        }

        switch (status)
        {
            case 1:
                var micros = (header->Seconds * 1_000_000) + header->Microseconds;
                packet = new CapturedPacket(micros, new ReadOnlySpan<byte>(data, (int)header->CapturedLength), (int)header->OriginalLength);
                return ReadResult.Packet;
            case 0:
                packet = default;
                return ReadResult.Timeout;
            case LibPcap.ErrorBreak:
                packet = default;
                return ReadResult.End;
            default:
                throw new CaptureException($"Reading from {Description} failed: {LibPcap.ErrorText(pcap)}");
        }
    }

    /// <summary>Makes the next <see cref="Read"/> return <see cref="ReadResult.End"/>; safe from another thread.</summary>
    public void Stop()
    {
        if (_file is not null)
        {
            _file.Stop();
        }
        else
        {
            LibPcap.BreakLoop(_pcap!);
        }
    }

    /// <summary>Kernel counters of a live capture; null for files, which have none.</summary>
    public CaptureStatistics? Statistics()
    {
        if (!IsLive)
        {
            return null;
        }

        PcapStat stat;
        return LibPcap.Stats(_pcap!, &stat) == 0 ? new CaptureStatistics(stat.Received, stat.Dropped, stat.InterfaceDropped) : null;
    }

    public void Dispose()
    {
        _pcap?.Dispose();
        _file?.Dispose();
    }

    internal static string ActivationFailure(string device, int status, string detail) => status switch
    {
        LibPcap.ErrorPermissionDenied or LibPcap.ErrorPromiscuousPermissionDenied =>
            $"Permission denied capturing on '{device}': the agent needs the CAP_NET_RAW capability (and CAP_NET_ADMIN for " +
            "promiscuous mode and the buffer size). Run it from the systemd unit with AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN, " +
            "or grant the binary: sudo setcap cap_net_raw,cap_net_admin=eip <path to the dotnet host or the published agent>. " +
            $"libpcap said: {detail}",
        LibPcap.ErrorNoSuchDevice => $"There is no interface '{device}' (see `ip link`). libpcap said: {detail}",
        LibPcap.ErrorInterfaceNotUp => $"Interface '{device}' is down. libpcap said: {detail}",
        _ => $"Cannot start capturing on '{device}': {LibPcap.StatusText(status)}: {detail}",
    };

    private bool WaitReadable()
    {
        var poll = new LibC.PollFd { FileDescriptor = _selectableFd, Events = LibC.PollIn };
        return LibC.Poll(&poll, 1, _waitMilliseconds) > 0;
    }

    private static void Check(PcapHandle pcap, int status, string what)
    {
        if (status != 0)
        {
            throw new CaptureException($"libpcap could not {what}: {LibPcap.StatusText(status)} {LibPcap.ErrorText(pcap)}");
        }
    }

    private void ApplyFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return;
        }

        var pcap = _pcap!;
        BpfProgram program;
        if (LibPcap.Compile(pcap, &program, filter, 1, LibPcap.NetmaskUnknown) != 0)
        {
            throw new CaptureException($"Invalid BPF filter '{filter}': {LibPcap.ErrorText(pcap)}");
        }

        try
        {
            if (LibPcap.SetFilter(pcap, &program) != 0)
            {
                throw new CaptureException($"Cannot apply BPF filter '{filter}': {LibPcap.ErrorText(pcap)}");
            }
        }
        finally
        {
            LibPcap.FreeCode(&program);
        }
    }
}
