using SecureWatch.Functions.Apis;

namespace SecureWatch.Functions.Alerts;

/// <summary>
/// The position after a page of alerts: the traffic cursor's (timestamp, id) layout over (last_seen, id), prefixed
/// with the severity rank when sorted by severity ("0" when sorted by last_seen).
/// </summary>
public readonly record struct AlertCursor(int SeverityRank, DateTimeOffset LastSeen, long Id)
{
    public string Encode() => $"{SeverityRank}{new TrafficCursor(LastSeen, Id).Encode()}";

    public static bool TryDecode(string text, bool bySeverity, out AlertCursor cursor)
    {
        cursor = default;
        if (text.Length < 2 || text[0] is < '0' or > '4' || (text[0] == '0') == bySeverity
            || !TrafficCursor.TryDecode(text[1..], out var position))
        {
            return false;
        }

        cursor = new AlertCursor(text[0] - '0', position.ReceivedAt, position.Id);
        return true;
    }
}
