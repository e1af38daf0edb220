using System.Globalization;
using System.Text.Json.Serialization;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// One feature value: a number, or a string for the symbolic features (protocol_type, service, flag).
/// A struct so that building a record does not box every number.
/// </summary>
[JsonConverter(typeof(TrafficFeatureValueJsonConverter))]
public readonly struct TrafficFeatureValue : IEquatable<TrafficFeatureValue>
{
    private TrafficFeatureValue(double number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The numeric value; <see cref="double.NaN"/> when the value is symbolic.</summary>
    public double Number { get; }

    /// <summary>The symbolic value, or null when the value is numeric.</summary>
    public string? Text { get; }

    public bool IsSymbolic => Text is not null;

    public static TrafficFeatureValue FromNumber(double number) => new(number, null);

    public static TrafficFeatureValue FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TrafficFeatureValue(double.NaN, text);
    }

    public static implicit operator TrafficFeatureValue(double number) => FromNumber(number);

    public static implicit operator TrafficFeatureValue(string text) => FromText(text);

    public static bool operator ==(TrafficFeatureValue left, TrafficFeatureValue right) => left.Equals(right);

    public static bool operator !=(TrafficFeatureValue left, TrafficFeatureValue right) => !left.Equals(right);

    public bool Equals(TrafficFeatureValue other) =>
        IsSymbolic ? string.Equals(Text, other.Text, StringComparison.Ordinal) : !other.IsSymbolic && Number.Equals(other.Number);

    public override bool Equals(object? obj) => obj is TrafficFeatureValue other && Equals(other);

    public override int GetHashCode() => IsSymbolic ? StringComparer.Ordinal.GetHashCode(Text!) : Number.GetHashCode();

    public override string ToString() => Text ?? Number.ToString("R", CultureInfo.InvariantCulture);
}
