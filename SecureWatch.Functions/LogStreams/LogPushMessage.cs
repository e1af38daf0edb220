using System.Text.Json;
using SecureWatch.Core.LogStreams.Rules;

namespace SecureWatch.Functions.LogStreams;

/// <summary>The argument of the <c>log</c> push: where the message was read, the envelope as sent, and the rule matches.</summary>
public sealed record LogPushMessage(
    string Topic, int Partition, long Offset, DateTimeOffset ReceivedAt, JsonElement Envelope, IReadOnlyList<LogRuleMatch> Flags);
