namespace SecureWatch.Core.Pipeline;

/// <summary>Kafka header names the pipeline reads (from providers) and writes (on dead letters).</summary>
public static class PipelineHeaders
{
    /// <summary>Address of the external provider; must agree with the payload's <c>sender_ip</c>.</summary>
    public const string SenderIp = "sender_ip";

    /// <summary>Lowercase hex HMAC-SHA256 of the value bytes under the provider's signing secret.</summary>
    public const string Signature = "signature";

    /// <summary>Prefix of the headers SecureWatch writes; incoming headers with it are dropped from dead letters.</summary>
    public const string ReservedPrefix = "securewatch.";

    public const string ErrorReason = "securewatch.error.reason";
    public const string ErrorMessage = "securewatch.error.message";
    public const string OriginalTopic = "securewatch.original.topic";
    public const string OriginalPartition = "securewatch.original.partition";
    public const string OriginalOffset = "securewatch.original.offset";

    /// <summary>Suffix of the dead-letter topic of a source topic.</summary>
    public const string DeadLetterSuffix = ".dlq";

    public const string PredictionsTopic = "predictions";

    public static string DeadLetterTopic(string topic) => topic + DeadLetterSuffix;

    /// <summary>
    /// Why a source may not consume <paramref name="topic"/>: it is one SecureWatch writes (predictions, a dead-letter
    /// topic); null when it may.
    /// </summary>
    public static string? ReservedTopicProblem(string topic) =>
        topic == PredictionsTopic ? $"'{PredictionsTopic}' is where SecureWatch publishes predictions"
        : topic.EndsWith(DeadLetterSuffix, StringComparison.Ordinal) ? $"topics ending in '{DeadLetterSuffix}' hold dead letters"
        : null;
}
