using SecureWatch.CaptureAgent.Capture;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>What the agent should be capturing right now and where the records go.</summary>
internal sealed record CaptureTarget
{
    public bool Enabled { get; init; } = true;

    /// <summary>Live capture settings; null when replaying a file.</summary>
    public LiveCaptureOptions? Live { get; init; }

    public string? PcapFile { get; init; }

    public string? Filter { get; init; }

    /// <summary>Kafka topic (ignored by JSON-lines output).</summary>
    public required string Topic { get; init; }

    /// <summary>Records held between capture and publisher (Kafka output).</summary>
    public required int QueueCapacity { get; init; }

    /// <summary>Whether going from this target to <paramref name="next"/> needs the capture closed and opened again.</summary>
    public bool RequiresReopen(CaptureTarget next) =>
        Enabled != next.Enabled || Live != next.Live || PcapFile != next.PcapFile || !string.Equals(Filter, next.Filter, StringComparison.Ordinal);

    /// <summary>This target with the settings of the packet_capture source applied.</summary>
    public CaptureTarget Following(PacketCaptureSourceSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var live = Live ?? new LiveCaptureOptions { Interface = source.Interface };
        return this with
        {
            Enabled = source.IsEnabled,
            Live = live with
            {
                Interface = source.Interface,
                SnapshotLength = source.SnapLength ?? live.SnapshotLength,
                Promiscuous = source.Promiscuous ?? live.Promiscuous,
            },
            Filter = source.BpfFilter,
            Topic = source.Topic,
            QueueCapacity = source.BufferSize,
        };
    }

    /// <summary>The differences to <paramref name="next"/>, for the log.</summary>
    public string DescribeChanges(CaptureTarget next)
    {
        var changes = new List<string>();
        if (Enabled != next.Enabled)
        {
            changes.Add(next.Enabled ? "enabled" : "disabled");
        }

        if (Live?.Interface != next.Live?.Interface)
        {
            changes.Add($"interface {Live?.Interface} -> {next.Live?.Interface}");
        }

        if (!string.Equals(Filter, next.Filter, StringComparison.Ordinal))
        {
            changes.Add($"bpf_filter '{Filter}' -> '{next.Filter}'");
        }

        if (Live != next.Live && Live?.Interface == next.Live?.Interface)
        {
            changes.Add("snaplen/promiscuous");
        }

        if (Topic != next.Topic)
        {
            changes.Add($"topic {Topic} -> {next.Topic}");
        }

        if (QueueCapacity != next.QueueCapacity)
        {
            changes.Add($"buffer_size {QueueCapacity} -> {next.QueueCapacity}");
        }

        return string.Join(", ", changes);
    }

    public override string ToString() =>
        $"{(Enabled ? "enabled" : "disabled")}, {(Live is null ? $"file {PcapFile}" : $"interface {Live.Interface}")}, " +
        $"bpf_filter '{Filter}', topic {Topic}, buffer_size {QueueCapacity}";
}
