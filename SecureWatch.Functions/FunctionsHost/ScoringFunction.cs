using SecureWatch.Core.Sources;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// A Kafka-triggered function that scores one source's topic. In the Functions host the topic is an app setting
/// (bindings are fixed at deployment), defaulting to the topic the source is seeded with.
/// </summary>
public sealed record ScoringFunction(string Name, string SourceName, string TopicSetting, string DefaultTopic)
{
    public const string RecordsBinding = "records";
    public const string PredictionsBinding = "predictions";
    public const string DeadLettersBinding = "deadLetters";
    public const string SignalRBinding = "signalRMessages";
    public const string PredictionsTopicSetting = "PredictionsTopic";
    public const string DefaultPredictionsTopic = "predictions";

    public static IReadOnlyList<ScoringFunction> All { get; } =
    [
        new("ScoreInternalTraffic", DataSourceNames.InternalKafka, "InternalTrafficTopic", "network-traffic"),
        new("ScoreExternalTraffic", DataSourceNames.ExternalKafka, "ExternalTrafficTopic", "external-traffic"),
        new("ScoreCapturedTraffic", DataSourceNames.PacketCapture, "CapturedTrafficTopic", "captured-traffic"),
    ];

    public string TopicExpression => $"%{TopicSetting}%";

    public string DeadLetterTopicExpression => $"%{TopicSetting}%.dlq";
}
