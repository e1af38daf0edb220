using System.Text.Json.Nodes;

namespace SecureWatch.Functions.Live;

/// <summary>The argument of <see cref="LiveTargets.SourceStatus"/>: a source as it is now.</summary>
public sealed record SourceStatusMessage(string SourceName, bool IsEnabled, JsonObject ConfigParams);
