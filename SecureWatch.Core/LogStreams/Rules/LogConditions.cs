using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureWatch.Core.LogStreams.Rules;

// The condition kinds of a rule's match. A field condition on an absent (or null) field is false.

internal sealed class AllCondition(LogCondition[] parts) : LogCondition
{
    public override bool IsMatch(LogRecordView record)
    {
        foreach (var part in parts)
        {
            if (!part.IsMatch(record))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyCondition(LogCondition[] parts) : LogCondition
{
    public override bool IsMatch(LogRecordView record)
    {
        foreach (var part in parts)
        {
            if (part.IsMatch(record))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class NotCondition(LogCondition part) : LogCondition
{
    public override bool IsMatch(LogRecordView record) => !part.IsMatch(record);
}

internal sealed class InCondition(string field, HashSet<string> values) : LogCondition
{
    public override bool IsMatch(LogRecordView record) => record.Text(field) is { } text && values.Contains(text);
}

internal sealed class RegexCondition(string field, Regex regex) : LogCondition
{
    public override bool IsMatch(LogRecordView record) => record.Text(field) is { } text && regex.IsMatch(text);
}

/// <summary>Every bound given must hold; a value that is not a decimal number is no match.</summary>
internal sealed class CompareCondition(string field, double? gt, double? ge, double? lt, double? le) : LogCondition
{
    public override bool IsMatch(LogRecordView record)
    {
        if (record.Text(field) is not { } text
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return false;
        }

        return (gt is not { } a || value > a) && (ge is not { } b || value >= b)
            && (lt is not { } c || value < c) && (le is not { } d || value <= d);
    }
}

/// <summary>
/// True when the field's time of day (in the offset the log wrote, UTC when it wrote none) is before
/// <c>from</c> o'clock or at or after <c>to</c> o'clock; an unparseable time is no match.
/// </summary>
internal sealed class OutsideHoursCondition(string field, int from, int to) : LogCondition
{
    public override bool IsMatch(LogRecordView record)
    {
        if (record.Text(field) is not { } text || !LogTimestamps.TryParse(text, out var time))
        {
            return false;
        }

        return time.Hour < from || time.Hour >= to;
    }
}
