using System.Globalization;
using SecureWatch.Core.LogStreams;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// A Kafka-triggered function per seeded log topic (bindings are fixed at deployment): it dead-letters, evaluates the
/// rules, stores detections and sends each valid message to the topic's SignalR group through the output binding.
/// </summary>
public sealed record LogFunction(string Name, string Topic)
{
    public const string RecordsBinding = "records";
    public const string DeadLettersBinding = "deadLetters";
    public const string SignalRBinding = "signalRMessages";

    public static IReadOnlyList<LogFunction> All { get; } = [.. LogTopics.All.Select(t => new LogFunction("Logs" + Pascal(t), t))];

    private static string Pascal(string topic) =>
        string.Concat(topic.Split('_', '-', '.').Select(p => p.Length == 0 ? p : char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
