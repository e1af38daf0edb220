using System.Runtime.InteropServices;
using Confluent.Kafka;
using SecureWatch.Core.Kafka.Native;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// An in-process Kafka cluster provided by librdkafka's mock broker implementation: real Kafka protocol on
/// loopback TCP (librdkafka binds every mock broker to 127.0.0.1 on an ephemeral port), with consumer groups,
/// idempotent producers and fault injection. SecureWatch uses it for tests and as the embedded default broker when
/// no Kafka is configured.
/// </summary>
/// <remarks>
/// Mock cluster quirks that shape its use:
/// <list type="bullet">
/// <item>Topics are auto-created on first metadata request with the mock's defaults (4 partitions); call
/// <see cref="CreateTopic"/> first when the partition count matters.</item>
/// <item>The mock has no CreateTopics handler (an AdminClient request only times out): topics are created through
/// <see cref="CreateTopic"/>, which <see cref="KafkaTopicProvisioner"/> does for the embedded cluster.</item>
/// <item>A classic group's first join would wait the mock's 3 s stand-in for group.initial.rebalance.delay.ms;
/// the cluster sets it to 0. A rebalance still waits up to session.timeout.ms - 1 s for members that never
/// rejoin (e.g. a consumer disposed without Close), so tests should use short session timeouts. KIP-848 groups
/// (group.protocol=consumer) join without a group-wide rebalance; their session timeout (6 s) and heartbeat
/// interval (0.5 s) are set on the cluster, not the client.</item>
/// <item>Nothing is persisted: disposing the cluster discards every topic and committed offset.</item>
/// </list>
/// </remarks>
public sealed class MockKafkaCluster : IDisposable
{
    /// <summary>Number of brokers when none is given: enough for replication factor 3 and leader moves.</summary>
    public const int DefaultBrokerCount = 3;

    private const int ErrorBufferSize = 512;
    private const int ConsumerGroupSessionTimeoutMs = 6000;
    private const int ConsumerGroupHeartbeatIntervalMs = 500;

    private readonly SafeRdKafkaHandle _owner;
    private readonly SafeMockClusterHandle _cluster;

    /// <summary>Starts a mock cluster of <paramref name="brokerCount"/> brokers with ids 1..brokerCount.</summary>
    public MockKafkaCluster(int brokerCount = DefaultBrokerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibrdkafkaLoader.EnsureLoaded();

        _owner = CreateOwnerHandle();
        try
        {
            _cluster = SafeMockClusterHandle.Create(_owner, brokerCount);
        }
        catch
        {
            _owner.Dispose();
            throw;
        }

        // One SecureWatch process joins its groups one consumer at a time; nobody gains from waiting for more.
        LibrdkafkaNative.MockGroupInitialRebalanceDelayMs(_cluster, 0);

        // KIP-848 groups: a member that vanished without leaving frees its partitions after 6 s (as the classic
        // clients' session.timeout.ms here), and a moved partition reaches its new owner within half a second.
        LibrdkafkaNative.MockSetGroupConsumerSessionTimeoutMs(_cluster, ConsumerGroupSessionTimeoutMs);
        LibrdkafkaNative.MockSetGroupConsumerHeartbeatIntervalMs(_cluster, ConsumerGroupHeartbeatIntervalMs);
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock Kafka cluster reported no bootstrap servers.");
    }

    /// <summary>Comma-separated 127.0.0.1:port list, usable as bootstrap.servers by any Kafka client.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Broker ids as the mock assigns them: 1..<see cref="BrokerCount"/>.</summary>
    public IEnumerable<int> BrokerIds => Enumerable.Range(1, BrokerCount);

    /// <summary>Creates a topic with exactly the given layout.</summary>
    /// <exception cref="KafkaException">With <see cref="ErrorCode.TopicAlreadyExists"/> if it exists.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        ThrowOnError(LibrdkafkaNative.MockTopicCreate(_cluster, name, partitions, replicationFactor), $"create topic {name}");
    }

    /// <summary>Drops the broker's connections and refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) =>
        ThrowOnError(LibrdkafkaNative.MockBrokerSetDown(_cluster, brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        ThrowOnError(LibrdkafkaNative.MockBrokerSetUp(_cluster, brokerId), $"bring broker {brokerId} up");

    public void SetAllBrokersDown()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerDown(id);
        }
    }

    public void SetAllBrokersUp()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>
    /// Makes the next <c>errors.Length</c> requests of type <paramref name="apiKey"/>, to whichever broker, fail
    /// with these errors in order; later requests succeed again.
    /// </summary>
    public unsafe void PushRequestErrors(KafkaApiKey apiKey, params ReadOnlySpan<ErrorCode> errors)
    {
        if (errors.IsEmpty)
        {
            return;
        }

        // ErrorCode has the same values as rd_kafka_resp_err_t, a C enum (int).
        Span<int> codes = errors.Length <= 64 ? stackalloc int[errors.Length] : new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        fixed (int* first = codes)
        {
            LibrdkafkaNative.MockPushRequestErrorsArray(_cluster, (short)apiKey, (nuint)codes.Length, first);
        }
    }

    /// <summary>Discards errors pushed for <paramref name="apiKey"/> that no request has consumed yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) => LibrdkafkaNative.MockClearRequestErrors(_cluster, (short)apiKey);

    public void Dispose()
    {
        // Cluster first: librdkafka aborts if its owning rd_kafka_t is destroyed while a mock cluster remains.
        _cluster.Dispose();
        _owner.Dispose();
    }

    private static unsafe SafeRdKafkaHandle CreateOwnerHandle()
    {
        var errorBuffer = stackalloc byte[ErrorBufferSize];
        var conf = LibrdkafkaNative.ConfNew();
        try
        {
            // The owner never connects anywhere; warning level keeps its "no bootstrap.servers" notice out of logs.
            SetConf(conf, "client.id", "securewatch-mock-kafka", errorBuffer);
            SetConf(conf, "log_level", "4", errorBuffer);

            var handle = LibrdkafkaNative.KafkaNew(LibrdkafkaNative.ProducerType, conf, errorBuffer, ErrorBufferSize);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new InvalidOperationException(
                    $"librdkafka could not create the mock cluster's client handle: {ReadError(errorBuffer)}");
            }

            conf = 0;
            return handle;
        }
        finally
        {
            if (conf != 0)
            {
                LibrdkafkaNative.ConfDestroy(conf);
            }
        }
    }

    private static unsafe void SetConf(nint conf, string name, string value, byte* errorBuffer)
    {
        if (LibrdkafkaNative.ConfSet(conf, name, value, errorBuffer, ErrorBufferSize) != LibrdkafkaNative.ConfOk)
        {
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {ReadError(errorBuffer)}");
        }
    }

    private static unsafe string ReadError(byte* errorBuffer) =>
        Marshal.PtrToStringUTF8((nint)errorBuffer) ?? "no detail";

    private static void ThrowOnError(int error, string action)
    {
        if (error != 0)
        {
            var code = (ErrorCode)error;
            throw new KafkaException(new Error(code, $"Mock Kafka cluster could not {action}: {code}"));
        }
    }
}
