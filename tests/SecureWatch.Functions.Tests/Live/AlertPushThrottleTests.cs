using System.Text.Json;
using SecureWatch.Functions.Alerts;
using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.Tests.Live;

public sealed class AlertPushThrottleTests
{
    [Fact]
    public void Changes_within_a_second_collapse_into_one_later_push_of_the_newest_state()
    {
        var clock = new SteppedClock();
        var throttle = new AlertPushThrottle(clock);

        Assert.Equal([1L], throttle.Offer([Alert(7, revision: 1)]).Select(a => a.Revision));
        var held = Enumerable.Range(2, 50).SelectMany(r => throttle.Offer([Alert(7, r)])).ToList();
        Assert.Empty(held);
        Assert.Equal([9L], throttle.Offer([Alert(8, 9)]).Select(a => a.Revision));
        Assert.Empty(throttle.Offer([Alert(7, 1)]));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(throttle.TakeDue());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([51L], throttle.TakeDue().Select(a => a.Revision));
        Assert.False(throttle.HasPending);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(throttle.Offer([Alert(7, 51)]));
    }

    private static AlertSummaryResponse Alert(long id, long revision)
    {
        var empty = JsonElement.Parse("[]");
        return new AlertSummaryResponse(id, "packet_capture", "dos", "10.0.0.1", null, "open", null, "high", DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch, 1, 0.9f, 1, 1, empty, empty, 0, null, null, DateTimeOffset.UnixEpoch, "pipeline", revision);
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
