using System.Globalization;
using System.Net;
using System.Text;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Providers;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Pipeline.Admission;

/// <summary>The checks an external provider's record passes: who sent it, whether it may, and how fast.</summary>
public sealed class ProviderAdmission(
    WhitelistMatcher whitelist,
    ProviderSecrets secrets,
    SenderRateLimiter rateLimiter,
    SelfHealingEngine selfHealing,
    PipelineOptions options,
    TimeProvider time)
{
    /// <param name="senderKey">
    /// The provider's whitelist entry as its canonical network (e.g. <c>198.51.100.0/24</c>): what its token bucket and a
    /// rate_limit_sender decision are keyed by, so a provider is throttled as one whichever of its addresses it claims.
    /// </param>
    internal bool TryAdmit(
        KafkaRecord source, TrafficRecord record, SourceSettings settings, out long entryId, out string senderKey, out RecordOutcome rejection)
    {
        entryId = 0;
        senderKey = "";

        // Canonical since parsing, so this text is the one form the sender is compared, stored and decided on in.
        var payloadSender = IPAddress.Parse(record.SenderIp!);
        var header = source.Header(PipelineHeaders.SenderIp);
        if (header is null)
        {
            rejection = RecordOutcome.Rejected(RejectReasons.SenderMismatch, "the sender_ip header is missing");
            return false;
        }

        if (!CanonicalAddress.TryParse(Encoding.UTF8.GetString(header), out var headerSender, out _) || !headerSender.Equals(payloadSender))
        {
            rejection = RecordOutcome.Rejected(RejectReasons.SenderMismatch,
                $"sender_ip header '{PrintableText.Of(header)}' does not match payload sender_ip '{record.SenderIp}'");
            return false;
        }

        // One snapshot answers both lookups, so the entry and its network belong together.
        var snapshot = whitelist.Current;
        if (!snapshot.TryMatch(payloadSender, out entryId) || !snapshot.TryGetNetwork(entryId, out var network))
        {
            rejection = RecordOutcome.Rejected(RejectReasons.NotWhitelisted, $"sender {payloadSender} is not covered by an active whitelist entry");
            return false;
        }

        var hasSecret = secrets.TryGet(entryId, out var secret) && secret.Length > 0;
        if (settings.RequireSignature && !hasSecret)
        {
            // Without a secret nothing can prove the sender is who the header says: such an entry admits nothing.
            rejection = RecordOutcome.Rejected(RejectReasons.BadSignature,
                $"whitelist entry {entryId} has no signing secret, and source '{settings.Name}' requires signatures");
            return false;
        }

        if (hasSecret)
        {
            var signature = source.Header(PipelineHeaders.Signature);
            if (signature is null || !PayloadSignature.IsValid(secret, source.Value, signature))
            {
                rejection = RecordOutcome.Rejected(RejectReasons.BadSignature, signature is null
                    ? $"a signature header is required for sender {payloadSender}"
                    : "the signature does not match the value under the sender's secret");
                return false;
            }

            if (StaleProblem(record.ObservedAt) is { } stale)
            {
                rejection = RecordOutcome.Rejected(RejectReasons.Stale, stale);
                return false;
            }
        }

        senderKey = WhitelistNetwork.ToCanonicalString(network);
        if (selfHealing.RateLimitedSenders.Contains(senderKey))
        {
            rejection = RecordOutcome.Rejected(RejectReasons.RateLimited, $"provider {senderKey} is throttled by a self-healing decision");
            return false;
        }

        if (settings.RateLimitPerSecond is { } perSecond && !rateLimiter.TryAcquire(senderKey, perSecond, settings.RateLimitBurst))
        {
            rejection = RecordOutcome.Rejected(RejectReasons.RateLimited, $"provider {senderKey} exceeds {perSecond} records/s");
            return false;
        }

        rejection = default;
        return true;
    }

    private string? StaleProblem(DateTimeOffset observedAt)
    {
        var now = time.GetUtcNow();
        if (observedAt < now - options.SignedRecordMaxAge)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"observed_at {observedAt:O} is too old: a signed record must be younger than {options.SignedRecordMaxAge.TotalDays:0.##} days (event ids are remembered {options.EventIdRetention.TotalDays:0.##} days)");
        }

        return observedAt > now + options.MaxClockSkew
            ? string.Create(CultureInfo.InvariantCulture, $"observed_at {observedAt:O} is more than {options.MaxClockSkew.TotalMinutes:0.##} minutes ahead of the clock")
            : null;
    }
}
