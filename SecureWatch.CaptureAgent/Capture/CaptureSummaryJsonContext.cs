using System.Text.Json.Serialization;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// Source-generated serialisation of the summary: the reflection-based serializer would spend a noticeable share
/// of a short replay's process time (it is timed whole) building converters for one object at exit.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaptureSummary))]
internal sealed partial class CaptureSummaryJsonContext : JsonSerializerContext;
