using System.Net;

namespace SecureWatch.Core.Alerts;

/// <summary>The attack records of one batch that share a fingerprint, summed up for one alert update.</summary>
internal sealed class AlertBatchGroup(AlertFingerprint fingerprint)
{
    public AlertFingerprint Fingerprint { get; } = fingerprint;

    public long Hash { get; } = fingerprint.Hash;

    public long AlertId { get; set; }

    public double ExistingMaxProbability { get; set; }

    public long Records { get; set; }

    public float MaxProbability { get; set; }

    public Dictionary<IPAddress, long> Destinations { get; } = [];

    public Dictionary<(string Protocol, int Port), long> Ports { get; } = [];

    public List<Guid> ActionIds { get; } = [];
}
