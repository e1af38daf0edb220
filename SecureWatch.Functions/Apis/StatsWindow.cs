using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureWatch.Functions.Apis;

/// <summary>The window of GET /api/v1/stats: a count of minutes, hours or days such as 15m, 1h or 7d.</summary>
public static partial class StatsWindow
{
    public const string Default = "1h";

    /// <summary>Longer windows would reach past the default retention and scan every partition.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    public static bool TryParse(string? text, out TimeSpan window, out string reason)
    {
        window = default;
        reason = $"a duration such as 15m, 1h or 24h (minutes, hours or days), from 1m to {Max.TotalDays:0}d";
        var match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        window = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
        return window > TimeSpan.Zero && window <= Max;
    }

    [GeneratedRegex("^([0-9]{1,5})([mhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
