using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>The SignalR JavaScript client against the standalone hub at /api, fed from the predictions topic.</summary>
public sealed class LiveHubTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    [Fact]
    public async Task Predictions_on_the_topic_reach_the_client_and_attacks_also_raise_an_alert()
    {
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);
        var normal = LiveKafka.Prediction(trafficId: 101, isAttack: false);
        var attack = LiveKafka.Prediction(trafficId: 102, isAttack: true, category: "dos");

        await LiveKafka.ProduceAsync(fixture.Producer, normal);
        var first = await client.NextAsync();
        await LiveKafka.ProduceAsync(fixture.Producer, attack);
        var second = await client.NextAsync();
        var third = await client.NextAsync();

        // In order: the normal record's prediction (and no alert for it), then the attack's prediction and alert.
        Assert.Equal("prediction", first.GetProperty("target").GetString());
        var normalArg = first.GetProperty("arg");
        Assert.Equal(normal.EventId, normalArg.GetProperty("event_id").GetGuid());
        Assert.Equal(101, normalArg.GetProperty("traffic_id").GetInt64());
        Assert.Equal("securewatch.prediction.v1", normalArg.GetProperty("schema").GetString());
        Assert.Equal("10.1.2.3", normalArg.GetProperty("flow").GetProperty("src_ip").GetString());
        Assert.False(normalArg.GetProperty("is_attack").GetBoolean());
        Assert.Equal("prediction", second.GetProperty("target").GetString());
        Assert.Equal(attack.EventId, second.GetProperty("arg").GetProperty("event_id").GetGuid());
        Assert.Equal("alert", third.GetProperty("target").GetString());
        var alert = third.GetProperty("arg");
        Assert.Equal(attack.EventId, alert.GetProperty("event_id").GetGuid());
        Assert.Equal("dos", alert.GetProperty("category").GetString());
        Assert.Equal("block_ip", alert.GetProperty("actions")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_source_toggled_through_the_api_is_pushed_with_its_parameters()
    {
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);
        using var admin = fixture.Host.CreateClient();

        var response = await admin.PatchAsync("/api/v1/config/sources/external_kafka", new StringContent(
            """{"is_enabled": true, "config_params": {"rate_limit_per_second": 250}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var status = await client.WaitForAsync(LiveTargets.SourceStatus, arg => arg.GetProperty("source_name").GetString() == "external_kafka");
        Assert.True(status.GetProperty("is_enabled").GetBoolean());
        Assert.Equal(250, status.GetProperty("config_params").GetProperty("rate_limit_per_second").GetInt32());
        Assert.Equal("external-traffic", status.GetProperty("config_params").GetProperty("topic").GetString());
    }

    [Theory]
    [InlineData("token", "WebSockets")]
    [InlineData("token", "ServerSentEvents")]
    [InlineData("token", "LongPolling")]
    [InlineData("redirect", "WebSockets")]
    [InlineData("redirect", "ServerSentEvents")]
    [InlineData("redirect", "LongPolling")]
    public async Task Every_transport_works_with_an_access_token_from_negotiate(string auth, string transport)
    {
        await using var client = await SignalRNodeClient.ConnectAsync(
            LiveKafka.ApiUrl(fixture.Host), RunningHost.AdminKey, auth, transport);
        var message = LiveKafka.Prediction(trafficId: 300, isAttack: false);

        await LiveKafka.ProduceAsync(fixture.Producer, message);

        await client.WaitForAsync(LiveTargets.Prediction, arg => arg.GetProperty("event_id").GetGuid() == message.EventId);
    }

    [Theory]
    [InlineData("token", "wrong-key")]
    [InlineData("redirect", "wrong-key")]
    [InlineData("raw-key", RunningHost.ReaderKey)]
    [InlineData("none", "")]
    public async Task The_client_cannot_connect_without_a_valid_key_nor_with_the_key_as_access_token(string auth, string key)
    {
        await using var client = SignalRNodeClient.Start(LiveKafka.ApiUrl(fixture.Host), key, auth);

        var outcome = await client.NextAsync();

        Assert.True(outcome.TryGetProperty("failed", out var reason), outcome.ToString());
        Assert.Contains("401", reason.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_answers_like_the_functions_endpoint_and_refuses_unknown_keys_as_problems()
    {
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);
        using var anonymous = fixture.Host.CreateClient(key: null);

        var negotiated = await reader.PostAsync("/api/negotiate?negotiateVersion=1", null);
        var body = await negotiated.Content.ReadFromJsonAsync<JsonElement>();
        var refused = await anonymous.PostAsync("/api/negotiate?negotiateVersion=1&access_token=" + RunningHost.ReaderKey, null);

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(new Uri(fixture.Host.Address, "/api/live").AbsoluteUri, body.GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.DoesNotContain(RunningHost.ReaderKey, body.GetProperty("accessToken").GetString(), StringComparison.Ordinal);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Contains("x-functions-key", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prediction_not_signed_by_securewatch_never_reaches_a_client_and_is_counted()
    {
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);
        var before = (await LiveKafka.WaitForRelayAsync(fixture.Host)).GetProperty("unverified").GetInt64();
        var unsigned = LiveKafka.Prediction(trafficId: 501, isAttack: true, category: "dos");
        var otherKey = LiveKafka.Prediction(trafficId: 502, isAttack: true, category: "dos");
        var tampered = LiveKafka.Prediction(trafficId: 503, isAttack: true, category: "dos");
        var genuine = LiveKafka.Prediction(trafficId: 504, isAttack: false);
        var forgedIds = new[] { unsigned.EventId, otherKey.EventId, tampered.EventId };

        // Unsigned; signed under a key that is not SecureWatch's; a genuine signature moved onto another value.
        await LiveKafka.ProduceRawAsync(fixture.Producer, "u", JsonSerializer.Serialize(unsigned, TrafficRecordJson.Options));
        await LiveKafka.ProduceAsync(fixture.Producer, otherKey, new PredictionSigner(new byte[32], isShared: true));
        await LiveKafka.ProduceRawAsync(fixture.Producer, "t", JsonSerializer.Serialize(tampered, TrafficRecordJson.Options),
            Signed(JsonSerializer.Serialize(genuine, TrafficRecordJson.Options)));
        await LiveKafka.ProduceAsync(fixture.Producer, genuine);

        var first = await client.WaitForAsync(LiveTargets.Prediction, _ => true);
        Assert.Equal(genuine.EventId, first.GetProperty("event_id").GetGuid());
        var relay = await LiveKafka.WaitForRelayAsync(fixture.Host, r => r.GetProperty("unverified").GetInt64() >= before + 3);
        Assert.Equal(before + 3, relay.GetProperty("unverified").GetInt64());
        Assert.Equal("shared", relay.GetProperty("signing_key").GetString());
        Assert.DoesNotContain(client.Drain(), e => e.TryGetProperty("arg", out var arg) && forgedIds.Contains(arg.GetProperty("event_id").GetGuid()));
    }

    [Fact]
    public async Task A_malformed_message_is_counted_and_the_relay_keeps_going()
    {
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);
        var rejectedBefore = (await LiveKafka.WaitForRelayAsync(fixture.Host)).GetProperty("rejected").GetInt64();
        var valid = LiveKafka.Prediction(trafficId: 400, isAttack: false);

        await LiveKafka.ProduceRawAsync(fixture.Producer, "x", """{"schema": "nonsense"}""", Signed("""{"schema": "nonsense"}"""));
        await LiveKafka.ProduceAsync(fixture.Producer, valid);

        await client.WaitForAsync(LiveTargets.Prediction, arg => arg.GetProperty("event_id").GetGuid() == valid.EventId);
        var relay = await LiveKafka.WaitForRelayAsync(fixture.Host);
        Assert.Equal(rejectedBefore + 1, relay.GetProperty("rejected").GetInt64());
        Assert.StartsWith("securewatch-relay-", relay.GetProperty("group_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, relay.GetProperty("assigned_partitions").GetInt32());
    }

    private static Headers Signed(string value)
    {
        var signature = LiveKafka.Signer.Sign(Encoding.UTF8.GetBytes(value));
        return new Headers { { signature.Key, signature.Value } };
    }
}
