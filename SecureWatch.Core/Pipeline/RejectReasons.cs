namespace SecureWatch.Core.Pipeline;

/// <summary>
/// Values of the <c>securewatch.error.reason</c> header on dead-letter records: why a record was not scored.
/// </summary>
public static class RejectReasons
{
    public const string NotJson = "not-json";
    public const string SchemaInvalid = "schema-invalid";
    public const string Oversized = "oversized";
    public const string SourceDisabled = "source-disabled";
    public const string NotWhitelisted = "not-whitelisted";
    public const string SenderMismatch = "sender-mismatch";
    public const string BadSignature = "bad-signature";
    public const string RateLimited = "rate-limited";

    /// <summary>
    /// A signed record whose observed_at is older than event ids are remembered (or ahead of the clock): its event id
    /// may be forgotten, so it could be a replay.
    /// </summary>
    public const string Stale = "stale";

    /// <summary>Passed every check but PostgreSQL refused to store it (a data error of this record alone).</summary>
    public const string Unstorable = "unstorable";

    public static IReadOnlyList<string> All { get; } =
        [NotJson, SchemaInvalid, Oversized, SourceDisabled, NotWhitelisted, SenderMismatch, BadSignature, RateLimited, Stale, Unstorable];

    internal static int IndexOf(string reason)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], reason) || All[i] == reason)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a dead-letter reason");
    }
}
