using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Functions.Apis;

/// <summary>The filters of GET /api/v1/traffic, parsed strictly: every rejected value gets a reason naming the rule.</summary>
public sealed partial record TrafficQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Prefix length of the ::ffff:0:0/96 block that embeds IPv4 in IPv6.</summary>
    private const int MappedPrefixLength = 96;

    private static readonly string[] KnownParameters =
        ["data_source", "is_attack", "category", "sender_ip", "since", "until", "limit", "cursor"];

    public string? DataSource { get; private init; }

    public bool? IsAttack { get; private init; }

    public string? Category { get; private init; }

    /// <summary>
    /// An address is a /32 or /128 network; rows whose sender lies inside match. Parsed by the whitelist's strict
    /// parser, so "::ffff:203.0.113.20" is the IPv4 network 203.0.113.20/32 and zone ids are refused.
    /// </summary>
    public IPNetwork? SenderNetwork { get; private init; }

    /// <summary>
    /// For an IPv4 <see cref="SenderNetwork"/>, the same network in IPv4-mapped IPv6 form: rows stored before senders
    /// were canonicalised at parse time may hold "::ffff:203.0.113.20", which PostgreSQL does not count as inside
    /// 203.0.113.20/32.
    /// </summary>
    public IPNetwork? SenderNetworkMapped => SenderNetwork is { BaseAddress.AddressFamily: AddressFamily.InterNetwork } network
        ? new IPNetwork(network.BaseAddress.MapToIPv6(), network.PrefixLength + MappedPrefixLength)
        : null;

    public DateTimeOffset? Since { get; private init; }

    public DateTimeOffset? Until { get; private init; }

    public int Limit { get; private init; } = DefaultLimit;

    public TrafficCursor? Cursor { get; private init; }

    /// <summary>Parses the query string; on failure names the parameter and the reason.</summary>
    public static bool TryParse(IQueryCollection query, out TrafficQuery parsed, out string field, out string reason)
    {
        if (!QueryParameters.TryApplyAll(query, KnownParameters, new TrafficQuery(), TryApply, out parsed, out field, out reason))
        {
            return false;
        }

        if (parsed.Since is { } since && parsed.Until is { } until && since >= until)
        {
            field = "until";
            reason = "must be later than since";
            return false;
        }

        field = "";
        return true;
    }

    private static bool TryApply(TrafficQuery current, string key, string value, out TrafficQuery next, out string reason)
    {
        next = current;
        reason = "";
        switch (key)
        {
            case "data_source":
                if (!SourceNamePattern().IsMatch(value))
                {
                    reason = "a source name: 1-64 lowercase letters, digits or underscores";
                    return false;
                }

                next = current with { DataSource = value };
                return true;
            case "is_attack":
                if (value is not ("true" or "false"))
                {
                    reason = "true or false";
                    return false;
                }

                next = current with { IsAttack = value == "true" };
                return true;
            case "category":
                if (!AttackCategoryNames.All.Contains(value))
                {
                    reason = $"one of {string.Join(", ", AttackCategoryNames.All)}";
                    return false;
                }

                next = current with { Category = value };
                return true;
            case "sender_ip":
                if (!WhitelistNetwork.TryParse(value, out var network, out var error))
                {
                    reason = $"an IPv4 or IPv6 address or CIDR network: {error}";
                    return false;
                }

                next = current with { SenderNetwork = network };
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
                if (!TrafficCursor.TryDecode(value, out var cursor))
                {
                    reason = "not a cursor returned by this API (pass next_cursor unchanged)";
                    return false;
                }

                next = current with { Cursor = cursor };
                return true;
        }
    }


    [GeneratedRegex("^[a-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex SourceNamePattern();

}
