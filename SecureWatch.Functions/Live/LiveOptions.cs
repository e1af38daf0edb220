namespace SecureWatch.Functions.Live;

/// <summary>Settings of the live push, bound from the "Live" section.</summary>
public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>The topic the scoring pipeline publishes PredictionMessage values to.</summary>
    public string PredictionsTopic { get; set; } = "predictions";

    /// <summary>
    /// Names this instance's relay consumer group (securewatch-relay-&lt;id&gt;). Empty picks a fresh id per start:
    /// the relay never commits offsets, so a group left behind by an earlier run holds nothing worth resuming.
    /// </summary>
    public string InstanceId { get; set; } = "";

    /// <summary>Predictions waiting to be pushed; beyond this the oldest are dropped rather than slowing Kafka reads.</summary>
    public int PushQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Messages waiting for one client. A client that reads slower than predictions arrive loses its oldest waiting
    /// messages beyond this (counted per connection and in total); the others are not slowed.
    /// </summary>
    public int ClientQueueCapacity { get; set; } = 4096;

    /// <summary>How long an access token from /api/negotiate admits a new hub connection (an open one stays open).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Concurrent hub connections one API key may hold on this instance; one more is refused.</summary>
    public int MaxConnectionsPerKey { get; set; } = 20;
}
