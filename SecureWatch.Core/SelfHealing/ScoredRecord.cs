using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// A scored record with where it came from: the data source, the sending provider, the traffic's source address.
/// <paramref name="SenderVerified"/> says the sender is who it claims (an external provider that passed the whitelist
/// and signature checks), so block_source may target it; <paramref name="SenderKey"/> is what rate_limit_sender throttles
/// (for external records, the provider's whitelist network), the sender itself when null.
/// </summary>
public sealed record ScoredRecord(
    Prediction Prediction, string DataSource, string Sender, string? SourceAddress, bool SenderVerified = false, string? SenderKey = null);
