namespace SecureWatch.Core.SelfHealing;

public enum SelfHealingAction
{
    /// <summary>Raise an alert only.</summary>
    Alert = 0,

    /// <summary>Throttle the data provider that sent the record.</summary>
    RateLimitSender = 1,

    /// <summary>Deactivate the sender's whitelist entry until an operator restores it.</summary>
    QuarantineProvider = 2,

    /// <summary>Put the record's source address on the blocklist for the rule's TTL.</summary>
    BlockSource = 3,
}
