using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Apis;

namespace SecureWatch.Functions.Alerts;

/// <summary>The filters of GET /api/v1/alerts, parsed as strictly as the traffic query.</summary>
public sealed partial record AlertQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const string SortLastSeen = "last_seen";
    public const string SortSeverity = "severity";

    private static readonly string[] KnownParameters =
        ["status", "severity", "category", "data_source", "attacker", "assignee", "since", "until", "text", "sort", "limit", "cursor"];

    public string? Status { get; private init; }

    public string? Severity { get; private init; }

    public string? Category { get; private init; }

    public string? DataSource { get; private init; }

    public IPNetwork? Attacker { get; private init; }

    public string? Assignee { get; private init; }

    public DateTimeOffset? Since { get; private init; }

    public DateTimeOffset? Until { get; private init; }

    /// <summary>A prefix of the attacker's or a destination's address text.</summary>
    public string? Text { get; private init; }

    public bool BySeverity { get; private init; }

    public int Limit { get; private init; } = DefaultLimit;

    public string? RawCursor { get; private init; }

    public AlertCursor? Cursor { get; private init; }

    public static bool TryParse(IQueryCollection query, out AlertQuery parsed, out string field, out string reason)
    {
        if (!QueryParameters.TryApplyAll(query, KnownParameters, new AlertQuery(), TryApply, out parsed, out field, out reason))
        {
            return false;
        }

        // The cursor's layout depends on the sort, which may come after it in the query string.
        if (parsed.RawCursor is { } raw)
        {
            if (!AlertCursor.TryDecode(raw, parsed.BySeverity, out var cursor))
            {
                (field, reason) = ("cursor", "not a cursor returned by this API for this sort (pass next_cursor unchanged)");
                return false;
            }

            parsed = parsed with { Cursor = cursor };
        }

        if (parsed.Since is { } since && parsed.Until is { } until && since >= until)
        {
            (field, reason) = ("until", "must be later than since");
            return false;
        }

        field = "";
        return true;
    }

    private static bool TryApply(AlertQuery current, string key, string value, out AlertQuery next, out string reason)
    {
        next = current;
        reason = "";
        switch (key)
        {
            case "status":
                return OneOf(value, AlertStatuses.All, ref reason) && Set(next = current with { Status = value });
            case "severity":
                return OneOf(value, AlertSeverities.All, ref reason) && Set(next = current with { Severity = value });
            case "category":
                return OneOf(value, AttackCategoryNames.All, ref reason) && Set(next = current with { Category = value });
            case "sort":
                return OneOf(value, [SortLastSeen, SortSeverity], ref reason) && Set(next = current with { BySeverity = value == SortSeverity });
            case "data_source":
                if (!TrafficQuery.SourceNamePattern().IsMatch(value))
                {
                    reason = "a source name: 1-64 lowercase letters, digits or underscores";
                    return false;
                }

                next = current with { DataSource = value };
                return true;
            case "attacker":
                if (!WhitelistNetwork.TryParse(value, out var network, out var error))
                {
                    reason = $"an IPv4 or IPv6 address or CIDR network: {error}";
                    return false;
                }

                next = current with { Attacker = network };
                return true;
            case "assignee":
                if (value.Length is 0 or > AlertTransitions.MaxAssigneeLength)
                {
                    reason = $"1-{AlertTransitions.MaxAssigneeLength} characters";
                    return false;
                }

                next = current with { Assignee = value };
                return true;
            case "text":
                if (!AddressPrefixPattern().IsMatch(value))
                {
                    reason = "the start of an IPv4 or IPv6 address: 1-45 digits, hex letters, '.' or ':'";
                    return false;
                }

                next = current with { Text = value.ToLowerInvariant() };
                return true;
            case "since" or "until":
                if (!QueryParameters.TryParseTimestamp(value, out var timestamp, out reason))
                {
                    return false;
                }

                next = key == "since" ? current with { Since = timestamp } : current with { Until = timestamp };
                return true;
            case "limit":
                if (!QueryParameters.TryParseLimit(value, MaxLimit, out var limit, out reason))
                {
                    return false;
                }

                next = current with { Limit = limit };
                return true;
            default:
                next = current with { RawCursor = value };
                return true;
        }
    }

    private static bool OneOf(string value, IReadOnlyList<string> allowed, ref string reason)
    {
        if (allowed.Contains(value))
        {
            return true;
        }

        reason = $"one of {string.Join(", ", allowed)}";
        return false;
    }

    private static bool Set(AlertQuery _) => true;

    // No LIKE metacharacters can pass, so the prefix needs no escaping.
    [GeneratedRegex("^[0-9a-fA-F.:]{1,45}$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressPrefixPattern();
}
