namespace SecureWatch.Core.LogStreams;

/// <summary>What a log field holds, which decides the rule conditions it can take.</summary>
public enum LogFieldKind
{
    /// <summary>Free text: equals, in, regex.</summary>
    Text,

    /// <summary>A decimal number (sent as text): also gt / ge / lt / le.</summary>
    Number,

    /// <summary>A time in one of the <see cref="LogTimestamps"/> spellings: also outside_hours.</summary>
    Timestamp,
}
