using System.Runtime.InteropServices;
using SecureWatch.Core.Native;

namespace SecureWatch.Core.Kafka.Native;

/// <summary>
/// The slice of the librdkafka C API (rdkafka.h, rdkafka_mock.h) that Confluent.Kafka does not expose: creating a
/// bare client handle and driving the in-process mock cluster. Resolved through <see cref="LibrdkafkaLoader"/> to the
/// copy Confluent.Kafka loaded.
/// </summary>
internal static unsafe partial class LibrdkafkaNative
{
    private const string Lib = LibrdkafkaLoader.InteropLibraryName;

    static LibrdkafkaNative()
    {
        NativeLibraryResolver.Register(Lib, (_, _) => LibrdkafkaLoader.Handle());
    }

    /// <summary>rd_kafka_type_t: the owner handle is a producer because that needs no group configuration.</summary>
    internal const int ProducerType = 0;

    internal const int ConfOk = 0;

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    /// <remarks>On success the handle owns <paramref name="conf"/>; on failure the caller still does.</remarks>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_new")]
    internal static partial SafeRdKafkaHandle KafkaNew(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(nint rk);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(SafeRdKafkaHandle rk, int brokerCount);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint mcluster);

    /// <returns>A string owned by the cluster, valid until it is destroyed.</returns>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(SafeMockClusterHandle mcluster);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(
        SafeMockClusterHandle mcluster, string topic, int partitionCount, int replicationFactor);

    /// <summary>Delay of a classic group's first join (the broker's group.initial.rebalance.delay.ms; mock default 3 s).</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(SafeMockClusterHandle mcluster, int delayMs);

    /// <summary>KIP-848 groups: how long a silent member keeps its partitions (the broker's group.consumer.session.timeout.ms).</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    internal static partial void MockSetGroupConsumerSessionTimeoutMs(SafeMockClusterHandle mcluster, int timeoutMs);

    /// <summary>KIP-848 groups: how often members heartbeat, and so how soon they learn of a new assignment.</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    internal static partial void MockSetGroupConsumerHeartbeatIntervalMs(SafeMockClusterHandle mcluster, int intervalMs);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(SafeMockClusterHandle mcluster, int brokerId);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(SafeMockClusterHandle mcluster, int brokerId);

    // The variadic rd_kafka_mock_push_request_errors cannot be called portably from .NET; the array form can.
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(
        SafeMockClusterHandle mcluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void MockClearRequestErrors(SafeMockClusterHandle mcluster, short apiKey);
}
