namespace SecureWatch.Functions.LogStreams;

/// <summary>The SignalR group of a log topic's subscribers, in both hosting modes.</summary>
public static class LogGroups
{
    public const string Prefix = "logs.";

    public static string Of(string topic) => Prefix + topic;
}
