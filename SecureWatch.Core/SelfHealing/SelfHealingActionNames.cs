namespace SecureWatch.Core.SelfHealing;

/// <summary>Configuration and wire names of <see cref="SelfHealingAction"/> (snake_case; PascalCase is accepted too).</summary>
public static class SelfHealingActionNames
{
    public static string ToName(this SelfHealingAction action) => action switch
    {
        SelfHealingAction.Alert => "alert",
        SelfHealingAction.RateLimitSender => "rate_limit_sender",
        SelfHealingAction.QuarantineProvider => "quarantine_provider",
        SelfHealingAction.BlockSource => "block_source",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static bool TryParse(string? name, out SelfHealingAction action)
    {
        var key = name?.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(key, ignoreCase: true, out action) && Enum.IsDefined(action) && !int.TryParse(key, out _);
    }
}
