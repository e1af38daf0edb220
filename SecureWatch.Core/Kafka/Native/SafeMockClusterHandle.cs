using Microsoft.Win32.SafeHandles;

namespace SecureWatch.Core.Kafka.Native;

/// <summary>
/// An rd_kafka_mock_cluster_t. librdkafka asserts that every mock cluster is destroyed before the rd_kafka_t that
/// created it, so this handle holds a reference on its owner and releases it only after destroying the cluster;
/// that keeps the order right even when both are reclaimed by the finalizer.
/// </summary>
internal sealed class SafeMockClusterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeRdKafkaHandle _owner;
    private readonly bool _ownerReferenced;

    private SafeMockClusterHandle(SafeRdKafkaHandle owner)
        : base(ownsHandle: true)
    {
        _owner = owner;
        owner.DangerousAddRef(ref _ownerReferenced);
    }

    public static SafeMockClusterHandle Create(SafeRdKafkaHandle owner, int brokerCount)
    {
        var native = LibrdkafkaNative.MockClusterNew(owner, brokerCount);
        if (native == 0)
        {
            throw new InvalidOperationException(
                "librdkafka could not start the mock Kafka cluster (rd_kafka_mock_cluster_new failed; see its log).");
        }

        var cluster = new SafeMockClusterHandle(owner);
        cluster.SetHandle(native);
        return cluster;
    }

    protected override bool ReleaseHandle()
    {
        LibrdkafkaNative.MockClusterDestroy(handle);
        if (_ownerReferenced)
        {
            _owner.DangerousRelease();
        }

        return true;
    }
}
