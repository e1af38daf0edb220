using SecureWatch.Core.Sources;

namespace SecureWatch.Functions.LogStreams;

/// <summary>What a subscription request must satisfy, in both hosting modes; the problem as text, or null.</summary>
public static class LogSubscriptionRules
{
    public const int MaxConnectionIdLength = 128;

    public static string? Check(LogSubscriptionRequest request, SourceCatalog catalog, bool topicsRequired, out string field, out IReadOnlyList<string> topics)
    {
        var configured = catalog.TryGetByName(DataSourceNames.LogStreams, out var source) ? source.Topics ?? [] : [];
        topics = request.Topics ?? (topicsRequired ? [] : configured);
        field = "connection_id";
        if (string.IsNullOrEmpty(request.ConnectionId) || request.ConnectionId.Length > MaxConnectionIdLength)
        {
            return $"the SignalR connection id is required (at most {MaxConnectionIdLength} characters)";
        }

        field = "topics";
        if (topics.Count == 0 || topics.Count > DataSourceParameterValidator.MaxLogTopics)
        {
            return $"give 1 to {DataSourceParameterValidator.MaxLogTopics} topics";
        }

        var unknown = topics.FirstOrDefault(t => !configured.Contains(t));
        return unknown is null
            ? null
            : $"'{unknown}' is not a topic of source '{DataSourceNames.LogStreams}'; configured: {string.Join(", ", configured)}";
    }
}
