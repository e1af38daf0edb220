using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Functions.Security;

/// <summary>
/// Bounds key guessing: a client address may present <see cref="PermitLimit"/> failed API keys per
/// <see cref="Window"/>; past that, every request of it that fails authentication is answered 429 with Retry-After.
/// Requests with a valid key, or with no key, are never counted or limited.
/// </summary>
/// <remarks>
/// IPv6 clients are counted per /64, the block one host is usually given, so that rotating addresses within it does
/// not reset the count. Each limited burst is logged once per window and address, not once per request.
/// </remarks>
public sealed partial class FailedApiKeyLimiter(ILogger<FailedApiKeyLimiter> logger, TimeProvider clock)
{
    public const int PermitLimit = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int IPv6ClientPrefixBytes = 8;
    private const int MaxTrackedBursts = 4096;
    private static readonly object FailureMarker = new();

    private readonly ConcurrentDictionary<string, DateTimeOffset> _loggedUntil = new(StringComparer.Ordinal);

    /// <summary>Records that this request presented a key that authenticates nobody.</summary>
    public static void RecordFailure(HttpContext context) => context.Items[FailureMarker] = true;

    /// <summary>The ASP.NET Core global limiter: a fixed window per client, consulted only for failed keys.</summary>
    public static PartitionedRateLimiter<HttpContext> Create() =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Items.ContainsKey(FailureMarker)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = PermitLimit,
                    Window = Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));

    /// <summary>Answers the refused request as problem+json and logs the burst once.</summary>
    public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        LogBurstOnce(ClientOf(context), retryAfter);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too Many Requests",
                Detail = $"more than {PermitLimit} invalid API keys from this address within {Window.TotalMinutes:0} minute; "
                    + $"retry after {seconds} s",
            },
        });
    }

    private void LogBurstOnce(string client, TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        if (_loggedUntil.TryGetValue(client, out var until) && now < until)
        {
            return;
        }

        if (_loggedUntil.Count >= MaxTrackedBursts)
        {
            foreach (var (key, expiry) in _loggedUntil)
            {
                if (expiry <= now)
                {
                    _loggedUntil.TryRemove(key, out _);
                }
            }
        }

        _loggedUntil[client] = now + retryAfter;
        LogLimited(client, PermitLimit, (int)Window.TotalSeconds);
    }

    private static string ClientOf(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } remote)
        {
            return "unknown";
        }

        var address = WhitelistNetwork.NormalizeAddress(remote);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[IPv6ClientPrefixBytes..].Clear();
        return $"{new IPAddress(bytes)}/{IPv6ClientPrefixBytes * 8}";
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "More than {Limit} invalid API keys from {Client} within {WindowSeconds} s; its failed requests are refused with 429 until the window ends")]
    private partial void LogLimited(string client, int limit, int windowSeconds);
}
