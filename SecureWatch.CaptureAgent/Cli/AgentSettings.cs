using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>Everything one run of the agent was asked to do.</summary>
internal sealed record AgentSettings
{
    /// <summary>Live capture settings; null when replaying a file.</summary>
    public LiveCaptureOptions? Live { get; init; }

    public string? PcapFile { get; init; }

    public string? Filter { get; init; }

    /// <summary>JSON-lines destination; null for standard output.</summary>
    public string? OutFile { get; init; }

    public string? SummaryFile { get; init; }

    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(30);

    public required TrackerOptions Tracker { get; init; }
}
